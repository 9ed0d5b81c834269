package org.tagllm.knime.engine.chem;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.Reader;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Objects;
import org.openscience.cdk.exception.CDKException;
import org.openscience.cdk.interfaces.IAtomContainer;
import org.openscience.cdk.io.IChemObjectReader;
import org.openscience.cdk.io.ISimpleChemObjectReader;
import org.openscience.cdk.io.MDLV2000Reader;
import org.openscience.cdk.io.MDLV3000Reader;
import org.openscience.cdk.silent.SilentChemObjectBuilder;
import org.openscience.cdk.smiles.SmiFlavor;
import org.openscience.cdk.smiles.SmilesGenerator;
import org.openscience.cdk.tools.manipulator.AtomContainerManipulator;

/**
 * Streams the records of an SD file; a broken record is reported in its place and the records after it survive.
 *
 * <pre>
 * try (SdfReader reader = SdfReader.open(Path.of("molecules.sdf"))) {
 *     while (reader.hasNext()) {
 *         SdfRecord r = reader.next();
 *         System.out.println(r.index() + " " + (r.isValid() ? r.smiles() : r.error()) + " " + r.properties());
 *     }
 * }
 * </pre>
 *
 * <p>Why not CDK's {@code IteratingSDFReader}: with skipping on, it drops a broken record without a trace (the error
 * goes to its log), so record numbers shift and the record's data items — often its only identifier — are lost; a
 * record without {@code M  END} vanishes silently. Here the stream is cut at {@code $$$$} lines by this class, one
 * record in memory at a time, and each molfile is read by CDK's {@code MDLV2000Reader} (or {@code MDLV3000Reader}
 * when line 4 says V3000) in strict mode, where an unknown element symbol is an error rather than a pseudo atom.
 *
 * <p>A record is broken when CDK cannot read its molfile, when it has no {@code M  END} line, when its counts line
 * (line 4) is malformed or its molfile holds no atoms, or when it runs past {@value #MAX_RECORD_LINES} lines (the rest
 * up to the next {@code $$$$} is skipped unbuffered). A missing delimiter is found where the next record's counts line
 * appears inside a record: the record is broken, and the next is read from its title line on; where that counts line
 * is garbage too, the record's second {@code M  END} marks it broken.
 * Not supported: RG files, reaction files, compressed input. CDK itself is lenient about some fields (malformed
 * coordinates and charge lines are read as zero) and logs its errors to its own logger as well.
 *
 * <p>Not thread-safe: one reader per thread, like any iterator.
 */
public final class SdfReader implements Iterator<SdfRecord>, AutoCloseable {

    /** Lines after which a record is treated as missing its delimiter. */
    public static final int MAX_RECORD_LINES = 100_000;

    private static final String DELIMITER = "$$$$";
    private static final String M_END = "M  END";

    static {
        CdkLogging.install(); // before MDLV2000Reader creates its logger, which would write to standard error
    }

    private final BufferedReader input;
    private long linesRead;
    private long recordsRead;
    /** Lines of the next record, read while looking for the end of one whose delimiter was missing. */
    private final List<String> carried = new ArrayList<>();
    private SdfRecord pending;
    private boolean exhausted;

    /** Reads from {@code source}, which {@link #close()} closes. */
    public SdfReader(Reader source) {
        Objects.requireNonNull(source, "source");
        this.input = source instanceof BufferedReader buffered ? buffered : new BufferedReader(source);
    }

    /** Opens a file as UTF-8 (ASCII files read the same); undecodable bytes become U+FFFD rather than failing. */
    public static SdfReader open(Path file) throws IOException {
        return new SdfReader(new InputStreamReader(Files.newInputStream(file), StandardCharsets.UTF_8));
    }

    /** @throws UncheckedIOException when the underlying reader fails */
    @Override
    public boolean hasNext() {
        if (pending == null && !exhausted) {
            try {
                pending = readRecord();
            } catch (IOException e) {
                throw new UncheckedIOException("could not read the SD file after line " + linesRead, e);
            }
        }
        return pending != null;
    }

    @Override
    public SdfRecord next() {
        if (!hasNext()) {
            throw new NoSuchElementException("no more SD records after record " + recordsRead);
        }
        SdfRecord record = pending;
        pending = null;
        return record;
    }

    @Override
    public void close() throws IOException {
        input.close();
    }

    private SdfRecord readRecord() throws IOException {
        // A record that the previous one ran into starts with the lines read while finding that one's end.
        List<String> lines = new ArrayList<>(carried);
        long firstLine = linesRead + 1 - carried.size();
        carried.clear();
        int end = endOfMolfile(lines);
        String secondEnd = null;
        boolean overflow = false;
        String line;
        while ((line = input.readLine()) != null) {
            linesRead++;
            if (line.startsWith(DELIMITER)) {
                return build(firstLine, lines, overflow ? overflowError() : secondEnd);
            }
            if (overflow) {
                continue;
            }
            int next = startOfNextRecord(lines, end, line);
            if (next >= 0) {
                // Its delimiter is missing: the title, the two lines below it and this counts line are the next
                // record's, read again by the next call.
                carried.addAll(lines.subList(next, lines.size()));
                carried.add(line);
                return build(firstLine, new ArrayList<>(lines.subList(0, next)), "no '" + DELIMITER + "' line after "
                        + "this record: another record starts at line " + (firstLine + next));
            }
            if (line.startsWith(M_END)) {
                if (end < 0) {
                    end = lines.size();
                } else if (secondEnd == null) {
                    secondEnd = "a second '" + M_END + "' at line " + linesRead + ": is a '" + DELIMITER + "' line "
                            + "missing before the record it ends?";
                }
            }
            if (lines.size() < MAX_RECORD_LINES) {
                lines.add(line);
            } else {
                overflow = true;
            }
        }
        exhausted = true;
        // Blank lines after the last delimiter are not a record.
        boolean blank = lines.stream().allMatch(String::isBlank);
        return blank && !overflow ? null : build(firstLine, lines, overflow ? overflowError() : secondEnd);
    }

    /**
     * Where the next record starts when {@code line}, the record's next line, is a counts line past this record's own
     * (line 4), with room for a header block of three lines after this record's {@code M  END}; else -1.
     */
    private static int startOfNextRecord(List<String> lines, int end, String line) {
        int title = lines.size() - 3;
        return title >= 4 && title > end && MolfileCountsLine.isCountsLine(line) ? title : -1;
    }

    private static String overflowError() {
        return "longer than " + MAX_RECORD_LINES + " lines; is a '" + DELIMITER + "' delimiter missing?";
    }

    /** @param problem why the record is broken, found while cutting it from the stream; null when none was */
    private SdfRecord build(long firstLine, List<String> lines, String problem) {
        long index = ++recordsRead;
        Map<String, String> properties = new LinkedHashMap<>();
        properties.put(SdfRecord.NAME, lines.isEmpty() ? "" : lines.get(0));
        int end = endOfMolfile(lines);
        SdDataItems.read(lines, end < 0 ? dataStart(lines) : end + 1, properties);
        if (problem != null) {
            return new SdfRecord(index, firstLine, null, properties, problem);
        }
        if (end < 0) {
            return new SdfRecord(index, firstLine, null, properties,
                    lines.isEmpty() ? "empty record" : "no 'M  END' line; the molfile is incomplete");
        }
        String counts = lines.size() > 3 ? lines.get(3) : "";
        if (!MolfileCountsLine.isCountsLine(counts)) {
            return new SdfRecord(index, firstLine, null, properties, "bad counts line '" + counts + "' at line "
                    + (firstLine + 3) + ": " + MolfileCountsLine.RULE);
        }
        try {
            String smiles = smiles(lines.subList(0, end + 1));
            if (smiles.isEmpty()) {
                return new SdfRecord(index, firstLine, null, properties, "no atoms: the counts line at line "
                        + (firstLine + 3) + " says " + MolfileCountsLine.atoms(counts));
            }
            return new SdfRecord(index, firstLine, smiles, properties, null);
        } catch (CDKException | RuntimeException | StackOverflowError e) {
            return new SdfRecord(index, firstLine, null, properties, "CDK could not read the molfile: "
                    + e.getMessage() + " (CDK counts lines from the record's first line, line " + firstLine
                    + " of the file)");
        }
    }

    private static String smiles(List<String> molfile) throws CDKException {
        String text = String.join("\n", molfile) + "\n";
        boolean v3000 = molfile.size() > 3 && molfile.get(3).contains("V3000");
        IAtomContainer molecule;
        try (ISimpleChemObjectReader reader = v3000
                ? new MDLV3000Reader(new StringReader(text), IChemObjectReader.Mode.STRICT)
                : new MDLV2000Reader(new StringReader(text), IChemObjectReader.Mode.STRICT)) {
            molecule = reader.read(SilentChemObjectBuilder.getInstance().newAtomContainer());
        } catch (IOException e) {
            throw new CDKException("could not close the molfile reader", e); // a StringReader never fails
        }
        if (molecule == null) {
            throw new CDKException("no molecule in the record");
        }
        return new SmilesGenerator(SmiFlavor.Isomeric).create(AtomContainerManipulator.suppressHydrogens(molecule));
    }

    private static int endOfMolfile(List<String> lines) {
        for (int i = 0; i < lines.size(); i++) {
            if (lines.get(i).startsWith(M_END)) {
                return i;
            }
        }
        return -1;
    }

    /** Without {@code M  END}: data items, if any, start at the first {@code >} line after the header block. */
    private static int dataStart(List<String> lines) {
        for (int i = 3; i < lines.size(); i++) {
            if (lines.get(i).startsWith(">")) {
                return i;
            }
        }
        return lines.size();
    }
}
