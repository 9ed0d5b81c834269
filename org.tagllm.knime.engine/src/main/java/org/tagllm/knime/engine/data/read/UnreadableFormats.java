package org.tagllm.knime.engine.data.read;

import java.util.Map;

/** File formats that would be read as garbage line by line, with what to do instead. */
final class UnreadableFormats {

    private static final String SPREADSHEET = "a spreadsheet; save the sheet as CSV";
    private static final String BINARY = "a binary format; export the table as CSV";

    private static final Map<String, String> REASONS = Map.ofEntries(
            Map.entry("xlsx", SPREADSHEET), Map.entry("xls", SPREADSHEET), Map.entry("xlsm", SPREADSHEET),
            Map.entry("ods", SPREADSHEET),
            Map.entry("parquet", BINARY), Map.entry("feather", BINARY), Map.entry("arrow", BINARY),
            Map.entry("pkl", BINARY), Map.entry("pickle", BINARY), Map.entry("h5", BINARY), Map.entry("hdf5", BINARY),
            Map.entry("zip", "an archive; unpack it and name the table inside"),
            Map.entry("bz2", "compressed; only .gz is decompressed on the fly"),
            Map.entry("xz", "compressed; only .gz is decompressed on the fly"));

    private UnreadableFormats() {}

    /** Why files with this extension cannot be read, or {@code null} when they can be read as lines. */
    static String reason(String extension) {
        return REASONS.get(extension);
    }
}
