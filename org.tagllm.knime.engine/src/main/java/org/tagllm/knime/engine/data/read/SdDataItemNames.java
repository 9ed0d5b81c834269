package org.tagllm.knime.engine.data.read;

import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.tagllm.knime.engine.chem.SdfRecord;

/**
 * The data-item tags of a whole SD file, in order of first appearance, read from the text alone (no molecule is
 * parsed): after a record's {@code M  END}, a line starting with {@code >} names an item in angle brackets, its value
 * lines follow, and a blank line ends it, as {@link org.tagllm.knime.engine.chem.SdfReader} reads them.
 *
 * <p>The pass also guards the memory of the reading after it: the SD reader holds whole lines, so a line longer than
 * {@link ReaderOptions#maxRecordChars()} ends the run here, before it is ever held.
 */
final class SdDataItemNames {

    private enum State { MOLFILE, BETWEEN_ITEMS, IN_ITEM }

    private SdDataItemNames() {}

    /**
     * @return tag → line of its first appearance
     * @throws DataFileException when a line is longer than the options' record limit
     */
    static Map<String, Long> scan(Path file, ReaderOptions options) throws IOException {
        String source = file.toString();
        Map<String, Long> names = new LinkedHashMap<>();
        try (LineSource lines = LineSource.open(file, options.charset(), options.maxRecordChars())) {
            State state = State.MOLFILE;
            for (LineSource.Line line; (line = lines.next()) != null; ) {
                if (line.isCut()) {
                    throw new DataFileException(source + " line " + line.number() + ": a line of " + line.length()
                            + " characters; the limit is " + options.maxRecordChars() + ", and no SD file needs "
                            + "lines that long (is it an SD file?)");
                }
                String text = line.text();
                if (text.startsWith("$$$$")) {
                    state = State.MOLFILE;
                } else if (state == State.MOLFILE) {
                    state = text.startsWith("M  END") ? State.BETWEEN_ITEMS : State.MOLFILE;
                } else if (state == State.IN_ITEM) {
                    state = text.isBlank() ? State.BETWEEN_ITEMS : State.IN_ITEM;
                } else if (text.startsWith(">")) {
                    state = State.IN_ITEM;
                    String name = tag(text);
                    if (name != null && !name.equals(SdfRecord.NAME)) {
                        names.putIfAbsent(name, line.number());
                    }
                }
            }
        }
        return names;
    }

    /** The name in angle brackets of an item header such as {@code >  <MolWeight>  (1)}, or {@code null}. */
    private static String tag(String header) {
        int open = header.indexOf('<');
        int close = open < 0 ? -1 : header.indexOf('>', open + 1);
        return close < 0 ? null : header.substring(open + 1, close);
    }
}
