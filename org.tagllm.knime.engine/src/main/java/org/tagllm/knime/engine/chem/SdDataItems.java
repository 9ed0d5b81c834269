package org.tagllm.knime.engine.chem;

import java.util.List;
import java.util.Map;

/**
 * Reads the data items after {@code M  END}: a header line starting with {@code >} that names the field in angle
 * brackets ({@code >  <MolWeight>  (1)}), value lines, and a blank line to end the item. A header without a name in
 * angle brackets is skipped with its value; a repeated name keeps the last value; an item named {@code _Name} is
 * skipped, because that key holds the title line.
 */
final class SdDataItems {

    private SdDataItems() {}

    /** Adds the items found in {@code lines[from..]} to {@code properties}. */
    static void read(List<String> lines, int from, Map<String, String> properties) {
        String name = null;
        boolean inItem = false;
        StringBuilder value = new StringBuilder();
        for (int i = from; i < lines.size(); i++) {
            String line = lines.get(i);
            if (!inItem) {
                if (line.startsWith(">")) {
                    inItem = true;
                    name = fieldName(line);
                    value.setLength(0);
                }
                continue;
            }
            if (line.isBlank()) {
                store(name, value, properties);
                inItem = false;
                continue;
            }
            if (value.length() > 0) {
                value.append('\n');
            }
            value.append(line);
        }
        if (inItem) {
            store(name, value, properties); // the record ended without the closing blank line
        }
    }

    private static void store(String name, CharSequence value, Map<String, String> properties) {
        if (name != null && !name.equals(SdfRecord.NAME)) {
            properties.put(name, value.toString());
        }
    }

    private static String fieldName(String header) {
        int open = header.indexOf('<');
        int close = open < 0 ? -1 : header.indexOf('>', open + 1);
        return close < 0 ? null : header.substring(open + 1, close);
    }
}
