package org.tagllm.cli;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Objects;
import java.util.Properties;
import org.tagllm.knime.engine.io.AtomicFiles;

/**
 * How far a {@code predict} run got, kept beside its unfinished output ({@code OUT.part}) as {@code OUT.part.resume}:
 * the rows fully written, the bytes they take (for Parquet: the closed parts that hold them, see {@link ParquetOutput}),
 * and the settings that shape the output. Rewritten atomically after
 * every window, after the window's rows are in the file, so a killed run leaves a state that names only rows that
 * are there. A run resumes at a window's start, so it batches the rest exactly as an uninterrupted run would.
 *
 * @param settings what must be equal for a resumed run to write the same bytes (data, bank, batching, columns…)
 */
record ResumeState(long rows, long bytes, String settings) {

    /** Rows a resumed run keeps, and where in the output they end (bytes, or closed parts for Parquet). */
    record Point(long rows, long bytes) {}

    static Path of(Path part) {
        return part.resolveSibling(part.getFileName() + ".resume");
    }

    void write(Path file) throws IOException {
        Properties p = new Properties();
        p.setProperty("rows", Long.toString(rows));
        p.setProperty("bytes", Long.toString(bytes));
        p.setProperty("settings", settings);
        AtomicFiles.write(file, out -> p.store(out, "tagllm predict --resume state"));
    }

    /** The state of an unfinished run, or null when there is none to resume. */
    static ResumeState read(Path file) throws IOException {
        if (!Files.exists(file)) {
            return null;
        }
        Properties p = new Properties();
        try (Reader r = Files.newBufferedReader(file, StandardCharsets.ISO_8859_1)) {
            p.load(r);
        }
        try {
            return new ResumeState(Long.parseLong(p.getProperty("rows")), Long.parseLong(p.getProperty("bytes")),
                    Objects.requireNonNull(p.getProperty("settings")));
        } catch (RuntimeException e) {
            throw new IllegalArgumentException(file + ": not a resume state written by predict (" + e.getMessage()
                    + "); delete it and its .part file to start over");
        }
    }
}
