package org.tagllm.knime.engine.data.read;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.Set;

/**
 * Which reader opens which file, by extension (a trailing {@code .gz} is decompressed and looked through):
 * {@code .csv} and {@code .tsv} tables with a header; {@code .fasta}, {@code .fa}, {@code .faa} sequences;
 * {@code .sdf} and {@code .sd} molecules with their data items (see {@link SdfRecordReader}); anything else one record
 * per line. Formats that would read as garbage line by line (spreadsheets, binary tables) are refused with the reason.
 *
 * <p>Other formats plug in with {@link #with}, e.g. {@code RecordReaders.standard().with("smi", myReader)}, or for
 * every reader at once as a {@link RecordFormat} service (how the command line adds Parquet).
 *
 * <pre>{@code
 * try (RecordReader records = RecordReaders.open(Path.of("esol.csv"), ReaderOptions.defaults())) {
 *     while (records.hasNext()) {
 *         SourceRecord r = records.next();
 *     }
 * }
 * }</pre>
 */
public final class RecordReaders {

    private static final ReaderFactory LINES = LineRecordReader::open;

    private final Map<String, ReaderFactory> byExtension;

    private RecordReaders(Map<String, ReaderFactory> byExtension) {
        this.byExtension = Collections.unmodifiableMap(byExtension);
    }

    /** CSV, TSV, FASTA, SD files and plain lists, and the {@link RecordFormat}s on the class path. */
    public static RecordReaders standard() {
        Map<String, ReaderFactory> readers = new LinkedHashMap<>();
        readers.put("csv", (file, options) -> CsvRecordReader.open(file, options, ','));
        readers.put("tsv", (file, options) -> CsvRecordReader.open(file, options, '\t'));
        for (String fasta : new String[] {"fasta", "fa", "faa"}) {
            readers.put(fasta, FastaRecordReader::open);
        }
        readers.put("sdf", SdfRecordReader::open);
        readers.put("sd", SdfRecordReader::open);
        for (String lines : new String[] {"txt", "smi", "smiles"}) {
            readers.put(lines, LINES);
        }
        for (RecordFormat format : Installed.FORMATS) {
            format.extensions().forEach(e -> readers.put(normalise(e), format));
        }
        return new RecordReaders(readers);
    }

    /** Opens {@code file} with the {@link #standard()} readers. */
    public static RecordReader open(Path file, ReaderOptions options) throws IOException {
        return standard().read(file, options);
    }

    /** These readers plus {@code factory} for files ending in {@code .extension} (replacing any reader it had). */
    public RecordReaders with(String extension, ReaderFactory factory) {
        Map<String, ReaderFactory> readers = new LinkedHashMap<>(byExtension);
        readers.put(normalise(extension), factory);
        return new RecordReaders(readers);
    }

    /** The extensions with a reader of their own; others are read line by line unless {@link #read} refuses them. */
    public Set<String> extensions() {
        return byExtension.keySet();
    }

    /**
     * Opens {@code file} by its extension, or by {@link ReaderOptions#format()} when set.
     *
     * @throws IllegalArgumentException when the format is one we cannot read, with what to do instead
     * @throws DataFileException when the file does not start as its format requires
     */
    public RecordReader read(Path file, ReaderOptions options) throws IOException {
        String extension = options.format() != null ? options.format() : extension(file);
        ReaderFactory factory = byExtension.get(extension);
        if (factory != null) {
            return factory.open(file, options);
        }
        String refusal = UnreadableFormats.reason(extension);
        if (refusal != null) {
            throw new IllegalArgumentException(file + ": cannot read ." + extension + " files: " + refusal
                    + ". Readable: " + String.join(", ", extensions().stream().map(e -> "." + e).toList())
                    + " and plain text, one record per line");
        }
        return LINES.open(file, options);
    }

    /** The extension that decides the format: lower case, without the dot, looking through {@code .gz}. */
    static String extension(Path file) {
        String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
        if (isGzip(file)) {
            name = name.substring(0, name.length() - ".gz".length());
        }
        int dot = name.lastIndexOf('.');
        return dot < 0 ? "" : name.substring(dot + 1);
    }

    static boolean isGzip(Path file) {
        return file.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".gz");
    }

    /** The {@link RecordFormat} services, looked up once. */
    private static final class Installed {
        static final List<RecordFormat> FORMATS = ServiceLoader.load(RecordFormat.class,
                RecordReaders.class.getClassLoader()).stream().map(ServiceLoader.Provider::get).toList();
    }

    private static String normalise(String extension) {
        String e = extension.strip().toLowerCase(Locale.ROOT);
        return e.startsWith(".") ? e.substring(1) : e;
    }
}
