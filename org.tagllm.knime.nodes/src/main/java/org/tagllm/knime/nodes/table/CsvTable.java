package org.tagllm.knime.nodes.table;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;

/**
 * Reads a CSV file (header line, RFC 4180 quoting) into an {@link InMemoryTable}; row keys are {@code Row0},
 * {@code Row1}, … An empty field is a missing cell. Column types are declared, or inferred from the values: a column
 * whose every value parses as an integer is INTEGER (LONG when one exceeds int), as a number DOUBLE, as
 * {@code true}/{@code false} BOOLEAN, else STRING. Molecule columns (SMILES, SDF) are never inferred: declare them.
 */
public final class CsvTable {

    private CsvTable() {}

    /** Reads {@code file}, inferring every column's type. */
    public static InMemoryTable read(Path file) throws IOException {
        return read(file, Map.of());
    }

    /**
     * Reads {@code file}; columns named in {@code declared} get that type, the others are inferred.
     *
     * @throws IllegalArgumentException when a declared column is absent, or a value does not parse as its type
     */
    public static InMemoryTable read(Path file, Map<String, CellType> declared) throws IOException {
        try (Reader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            return read(in, file.toString(), declared);
        }
    }

    public static InMemoryTable read(Reader in, String source, Map<String, CellType> declared) throws IOException {
        CSVFormat format = CSVFormat.DEFAULT.builder().setHeader().setSkipHeaderRecord(true).get();
        List<String> header;
        List<List<String>> values = new ArrayList<>();
        try (CSVParser parser = CSVParser.parse(in, format)) {
            header = parser.getHeaderNames();
            for (CSVRecord r : parser) {
                if (r.size() != header.size()) {
                    throw new IllegalArgumentException(source + ", line " + parser.getCurrentLineNumber() + ": "
                            + r.size() + " fields, the header has " + header.size());
                }
                values.add(r.toList());
            }
        }
        for (String name : declared.keySet()) {
            if (!header.contains(name)) {
                throw new IllegalArgumentException(source + ": declared column '" + name + "' is not in the header "
                        + header);
            }
        }
        Map<String, CellType> types = new LinkedHashMap<>();
        for (int c = 0; c < header.size(); c++) {
            final int col = c;
            CellType t = declared.get(header.get(c));
            types.put(header.get(c), t != null ? t : infer(values.stream().map(v -> v.get(col)).toList()));
        }
        List<ColumnSpec> columns = new ArrayList<>();
        types.forEach((n, t) -> columns.add(new ColumnSpec(n, t)));
        InMemoryTable.Builder table = InMemoryTable.builder(new TableShape(columns));
        for (int r = 0; r < values.size(); r++) {
            List<Object> cells = new ArrayList<>(header.size());
            for (int c = 0; c < header.size(); c++) {
                cells.add(parse(values.get(r).get(c), columns.get(c), source, r));
            }
            table.add(new Row("Row" + r, cells));
        }
        return table.build();
    }

    static CellType infer(List<String> values) {
        List<String> present = values.stream().filter(v -> !v.isEmpty()).toList();
        if (present.isEmpty()) {
            return CellType.STRING;
        }
        if (present.stream().allMatch(CsvTable::isLong)) {
            return present.stream().allMatch(v -> fitsInt(Long.parseLong(v.strip()))) ? CellType.INTEGER
                    : CellType.LONG;
        }
        if (present.stream().allMatch(CsvTable::isDouble)) {
            return CellType.DOUBLE;
        }
        if (present.stream().allMatch(v -> v.equalsIgnoreCase("true") || v.equalsIgnoreCase("false"))) {
            return CellType.BOOLEAN;
        }
        return CellType.STRING;
    }

    private static Object parse(String v, ColumnSpec c, String source, int row) {
        if (v.isEmpty()) {
            return null;
        }
        try {
            return switch (c.type()) {
                case STRING, SMILES, SDF -> v;
                case DOUBLE -> Double.parseDouble(v.strip());
                case INTEGER -> Integer.parseInt(v.strip());
                case LONG -> Long.parseLong(v.strip());
                case BOOLEAN -> parseBoolean(v);
            };
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(source + ", row " + row + ", column '" + c.name() + "': '" + v
                    + "' is not a " + c.type().name().toLowerCase(Locale.ROOT), e);
        }
    }

    private static Boolean parseBoolean(String v) {
        if (v.equalsIgnoreCase("true") || v.equalsIgnoreCase("false")) {
            return Boolean.valueOf(v.toLowerCase(Locale.ROOT));
        }
        throw new IllegalArgumentException("not true or false");
    }

    private static boolean isLong(String v) {
        try {
            Long.parseLong(v.strip());
            return true;
        } catch (NumberFormatException e) {
            return false;
        }
    }

    private static boolean fitsInt(long v) {
        return v >= Integer.MIN_VALUE && v <= Integer.MAX_VALUE;
    }

    private static boolean isDouble(String v) {
        try {
            Double.parseDouble(v.strip());
            return true;
        } catch (NumberFormatException e) {
            return false;
        }
    }
}
