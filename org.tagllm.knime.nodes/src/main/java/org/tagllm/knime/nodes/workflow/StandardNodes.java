package org.tagllm.knime.nodes.workflow;

import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Random;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;
import org.tagllm.knime.nodes.exec.SettingsException;
import org.tagllm.knime.nodes.table.CellType;
import org.tagllm.knime.nodes.table.ColumnSpec;
import org.tagllm.knime.nodes.table.CsvTable;
import org.tagllm.knime.nodes.table.InMemoryTable;
import org.tagllm.knime.nodes.table.Row;
import org.tagllm.knime.nodes.table.TableShape;

/**
 * The few standard KNIME nodes a user puts around the Tag-LLM nodes, written here minimally as test scaffolding: they
 * do what KNIME's nodes of the same name do for the settings below, nothing more. Each record is the node's settings
 * and the node. Settings are checked at configure, as in KNIME.
 */
final class StandardNodes {

    private StandardNodes() {}

    /** A node without input ports. */
    interface Source extends WorkflowNode {
        @Override
        default int minInputs() {
            return 0;
        }

        @Override
        default int maxInputs() {
            return 0;
        }
    }

    /** A node with one input table and one output table. */
    interface TableToTable extends WorkflowNode {
        @Override
        default int minInputs() {
            return 1;
        }

        @Override
        default int maxInputs() {
            return 1;
        }
    }

    /**
     * CSV Reader: a CSV file with a header line; types inferred over all rows (integer, double, boolean, else
     * string) unless declared. Row keys are {@code Row<n>}, n the data row's number in the file from 0, so rows
     * keep their key however many are skipped.
     *
     * @param file        the file ({@code ${shared}/molecules/qed.csv})
     * @param skipRows    data rows to skip first (KNIME: "Skip first data rows")
     * @param limitRows   data rows to read at most after those; 0 = all (KNIME: "Limit data rows")
     * @param columnTypes declared column types, e.g. {@code {"smiles": "SMILES"}}
     */
    record CsvReader(String file, int skipRows, int limitRows, Map<String, CellType> columnTypes) implements Source {

        static CsvReader defaults() {
            return new CsvReader(null, 0, 0, Map.of());
        }

        CsvReader {
            columnTypes = columnTypes == null ? Map.of() : Map.copyOf(columnTypes);
        }

        @Override
        public List<Object> configure(List<Object> inputs) throws SettingsException, IOException {
            return List.of(read().shape());
        }

        @Override
        public Outcome execute(List<Object> inputs, Context context) throws SettingsException, IOException {
            InMemoryTable t = read();
            context.progress().progress(1, "read " + t.size() + " rows from " + file);
            return Outcome.of(t);
        }

        private InMemoryTable read() throws SettingsException, IOException {
            Path path = existingFile("file", file);
            atLeast("skipRows", skipRows, 0);
            atLeast("limitRows", limitRows, 0);
            InMemoryTable all;
            try {
                all = CsvTable.read(path, columnTypes);
            } catch (IllegalArgumentException e) {
                throw new SettingsException("file", file, e.getMessage());
            }
            List<Row> rows = all.rowList();
            int from = Math.min(skipRows, rows.size());
            int to = limitRows == 0 ? rows.size() : (int) Math.min(rows.size(), (long) from + limitRows);
            InMemoryTable.Builder b = InMemoryTable.builder(all.shape());
            rows.subList(from, to).forEach(b::add);
            return b.build();
        }
    }

    /**
     * Line Reader: each line of a text file becomes a row of one string column; like KNIME's node it can keep only
     * the lines that match a regular expression (for a FASTA file: the sequence lines) and skip empty lines.
     *
     * @param file      the file
     * @param column    the column's name
     * @param regex     lines to keep (whole line), or null for all
     * @param limitRows rows at most; 0 = all
     */
    record LineReader(String file, String column, String regex, int limitRows) implements Source {

        static LineReader defaults() {
            return new LineReader(null, "Column", null, 0);
        }

        @Override
        public List<Object> configure(List<Object> inputs) throws SettingsException {
            check();
            return List.of(shape());
        }

        private TableShape shape() {
            return TableShape.of(ColumnSpec.of(column, CellType.STRING));
        }

        private Pattern check() throws SettingsException {
            existingFile("file", file);
            if (column == null || column.isEmpty()) {
                throw new SettingsException("column", column, "name the column");
            }
            atLeast("limitRows", limitRows, 0);
            return regex == null ? null : pattern("regex", regex);
        }

        @Override
        public Outcome execute(List<Object> inputs, Context context) throws SettingsException, IOException {
            Pattern keep = check();
            InMemoryTable.Builder b = InMemoryTable.builder(shape());
            int n = 0;
            try (BufferedReader in = Files.newBufferedReader(Path.of(file), StandardCharsets.UTF_8)) {
                for (String line = in.readLine(); line != null && (limitRows == 0 || n < limitRows);
                        line = in.readLine()) {
                    if (!line.isEmpty() && (keep == null || keep.matcher(line).matches())) {
                        b.add(Row.of("Row" + n++, line));
                    }
                }
            }
            context.progress().progress(1, "read " + n + " lines from " + file);
            return Outcome.of(b.build());
        }
    }

    /**
     * Row Filter: keeps (or, with {@code include} false, drops) the rows whose cell in {@code column}, as text,
     * matches {@code pattern} entirely. Missing cells never match.
     */
    record RowFilter(String column, String pattern, boolean include) implements TableToTable {

        static RowFilter defaults() {
            return new RowFilter(null, null, true);
        }

        @Override
        public List<Object> configure(List<Object> inputs) throws SettingsException {
            TableShape shape = WorkflowNode.shape(inputs, 0);
            check(shape);
            return List.of(shape);
        }

        private Pattern check(TableShape shape) throws SettingsException {
            if (column == null || !shape.has(column)) {
                throw new SettingsException("column", column, column == null ? "choose a column"
                        : shape.missing(column));
            }
            return StandardNodes.pattern("pattern", pattern);
        }

        @Override
        public Outcome execute(List<Object> inputs, Context context) throws SettingsException {
            InMemoryTable t = WorkflowNode.table(inputs, 0);
            Pattern p = check(t.shape());
            int index = t.shape().index(column);
            InMemoryTable.Builder b = InMemoryTable.builder(t.shape());
            for (Row r : t.rowList()) {
                boolean match = !r.isMissing(index) && p.matcher(String.valueOf(r.cell(index))).matches();
                if (match == include) {
                    b.add(r);
                }
            }
            return Outcome.of(b.build());
        }
    }

    /** How rows are drawn: the first ones, or at random with a seed (kept in input order). */
    enum Mode { TOP, RANDOM }

    /**
     * Row Sampling, absolute count: the first {@code count} rows ({@code TOP}), or {@code count} rows drawn at random
     * with {@code seed} ({@code RANDOM}) and kept in input order. A table with fewer rows is passed whole.
     */
    record RowSampler(int count, Mode mode, long seed) implements TableToTable {

        static RowSampler defaults() {
            return new RowSampler(100, Mode.TOP, 0);
        }

        @Override
        public List<Object> configure(List<Object> inputs) throws SettingsException {
            checkDraw(count, mode);
            return List.of(WorkflowNode.shape(inputs, 0));
        }

        @Override
        public Outcome execute(List<Object> inputs, Context context) throws SettingsException {
            checkDraw(count, mode);
            InMemoryTable t = WorkflowNode.table(inputs, 0);
            boolean[] drawn = draw(t.rowList().size(), count, mode, seed);
            return Outcome.of(rows(t, drawn, true));
        }
    }

    /**
     * Partitioning, absolute count: like {@link RowSampler}, the drawn rows at output 0 and all the others at output
     * 1, both in input order; a training set and the rows held out from it.
     */
    record Partitioning(int count, Mode mode, long seed) implements TableToTable {

        static Partitioning defaults() {
            return new Partitioning(100, Mode.TOP, 0);
        }

        @Override
        public List<Object> configure(List<Object> inputs) throws SettingsException {
            checkDraw(count, mode);
            TableShape shape = WorkflowNode.shape(inputs, 0);
            return List.of(shape, shape);
        }

        @Override
        public Outcome execute(List<Object> inputs, Context context) throws SettingsException {
            checkDraw(count, mode);
            InMemoryTable t = WorkflowNode.table(inputs, 0);
            boolean[] drawn = draw(t.rowList().size(), count, mode, seed);
            return Outcome.of(rows(t, drawn, true), rows(t, drawn, false));
        }
    }

    private static void checkDraw(int count, Mode mode) throws SettingsException {
        atLeast("count", count, 0);
        if (mode == null) {
            throw new SettingsException("mode", null, "choose TOP or RANDOM");
        }
    }

    /** Which of {@code size} rows are drawn. */
    private static boolean[] draw(int size, int count, Mode mode, long seed) {
        boolean[] drawn = new boolean[size];
        List<Integer> order = new ArrayList<>();
        for (int i = 0; i < size; i++) {
            order.add(i);
        }
        if (mode == Mode.RANDOM) {
            java.util.Collections.shuffle(order, new Random(seed));
        }
        order.subList(0, Math.min(count, size)).forEach(i -> drawn[i] = true);
        return drawn;
    }

    private static InMemoryTable rows(InMemoryTable t, boolean[] drawn, boolean which) {
        InMemoryTable.Builder b = InMemoryTable.builder(t.shape());
        for (int i = 0; i < drawn.length; i++) {
            if (drawn[i] == which) {
                b.add(t.row(i));
            }
        }
        return b.build();
    }

    /**
     * Joiner, inner join: rows of the left table (in 0) matched with the rows of the right table (in 1) whose key
     * columns hold equal values; missing keys never match. The output has the left table's columns, then the right
     * table's columns other than its keys (KNIME: "merge join columns"); a right column whose name the left table
     * has gets the suffix {@code " (#1)"}. Rows come in left table order, each left row's matches in right table
     * order; their keys are {@code left_right}.
     */
    record Joiner(List<String> leftColumns, List<String> rightColumns) implements WorkflowNode {

        static Joiner defaults() {
            return new Joiner(List.of(), List.of());
        }

        Joiner {
            leftColumns = leftColumns == null ? List.of() : List.copyOf(leftColumns);
            rightColumns = rightColumns == null ? List.of() : List.copyOf(rightColumns);
        }

        @Override
        public int minInputs() {
            return 2;
        }

        @Override
        public int maxInputs() {
            return 2;
        }

        @Override
        public List<Object> configure(List<Object> inputs) throws SettingsException {
            return List.of(shape(WorkflowNode.shape(inputs, 0), WorkflowNode.shape(inputs, 1)));
        }

        private TableShape shape(TableShape left, TableShape right) throws SettingsException {
            if (leftColumns.isEmpty() || leftColumns.size() != rightColumns.size()) {
                throw new SettingsException("rightColumns", rightColumns, "give as many right as left key columns "
                        + leftColumns + ", at least one");
            }
            for (int i = 0; i < leftColumns.size(); i++) {
                ColumnSpec l = key("leftColumns", leftColumns.get(i), left);
                ColumnSpec r = key("rightColumns", rightColumns.get(i), right);
                if (l.type() != r.type()) {
                    throw new SettingsException("rightColumns", r.name(), "holds " + lower(r.type()) + " cells, the"
                            + " left key '" + l.name() + "' " + lower(l.type()) + " cells; join keys of one type");
                }
            }
            List<ColumnSpec> columns = new ArrayList<>(left.columns());
            for (ColumnSpec c : right.columns()) {
                if (!rightColumns.contains(c.name())) {
                    columns.add(left.has(c.name()) ? ColumnSpec.of(c.name() + " (#1)", c.type()) : c);
                }
            }
            return new TableShape(columns);
        }

        private static ColumnSpec key(String setting, String column, TableShape table) throws SettingsException {
            return table.find(column).orElseThrow(() -> new SettingsException(setting, column,
                    table.missing(column)));
        }

        @Override
        public Outcome execute(List<Object> inputs, Context context) throws SettingsException {
            InMemoryTable left = WorkflowNode.table(inputs, 0);
            InMemoryTable right = WorkflowNode.table(inputs, 1);
            TableShape shape = shape(left.shape(), right.shape());
            int[] leftKeys = leftColumns.stream().mapToInt(left.shape()::index).toArray();
            int[] rightKeys = rightColumns.stream().mapToInt(right.shape()::index).toArray();
            List<Integer> rightKept = new ArrayList<>();
            for (int i = 0; i < right.shape().size(); i++) {
                if (!rightColumns.contains(right.shape().columns().get(i).name())) {
                    rightKept.add(i);
                }
            }
            Map<List<Object>, List<Row>> index = new HashMap<>();
            for (Row r : right.rowList()) {
                List<Object> k = keyOf(r, rightKeys);
                if (k != null) {
                    index.computeIfAbsent(k, x -> new ArrayList<>()).add(r);
                }
            }
            InMemoryTable.Builder b = InMemoryTable.builder(shape);
            for (Row l : left.rowList()) {
                List<Object> k = keyOf(l, leftKeys);
                for (Row r : k == null ? List.<Row>of() : index.getOrDefault(k, List.of())) {
                    List<Object> cells = new ArrayList<>(l.cells());
                    rightKept.forEach(i -> cells.add(r.cell(i)));
                    b.add(new Row(l.key() + "_" + r.key(), cells));
                }
            }
            return Outcome.of(b.build());
        }

        private static List<Object> keyOf(Row r, int[] columns) {
            List<Object> k = new ArrayList<>(columns.length);
            for (int c : columns) {
                if (r.isMissing(c)) {
                    return null;
                }
                k.add(r.cell(c));
            }
            return k;
        }
    }

    /**
     * Concatenate: the rows of every input table, one after another. The columns are the union (the first table's,
     * then new ones in order), missing where a table lacks them; a column in several tables keeps its type, or
     * becomes double when integer and double meet. A row key seen before gets the suffix {@code _dup} (KNIME's
     * default: "append suffix").
     */
    record Concatenate(String duplicateSuffix) implements WorkflowNode {

        static Concatenate defaults() {
            return new Concatenate("_dup");
        }

        @Override
        public int minInputs() {
            return 2;
        }

        @Override
        public int maxInputs() {
            return Integer.MAX_VALUE;
        }

        @Override
        public List<Object> configure(List<Object> inputs) throws SettingsException {
            List<TableShape> shapes = WorkflowNode.all(inputs, 0, WorkflowNode::shape);
            return List.of(union(shapes));
        }

        private TableShape union(List<TableShape> shapes) throws SettingsException {
            if (duplicateSuffix == null || duplicateSuffix.isEmpty()) {
                throw new SettingsException("duplicateSuffix", duplicateSuffix, "give a suffix for duplicate keys");
            }
            Map<String, CellType> types = new LinkedHashMap<>();
            for (int t = 0; t < shapes.size(); t++) {
                for (ColumnSpec c : shapes.get(t).columns()) {
                    CellType before = types.get(c.name());
                    if (before == null || before == c.type()) {
                        types.put(c.name(), c.type());
                    } else if (before.isNumeric() && c.type().isNumeric()) {
                        types.put(c.name(), CellType.DOUBLE);
                    } else {
                        throw SettingsException.ofInputs("column '" + c.name() + "' holds " + lower(before)
                                + " cells in an earlier table and " + lower(c.type()) + " cells in table " + t
                                + "; concatenated columns need one type");
                    }
                }
            }
            List<ColumnSpec> columns = new ArrayList<>();
            types.forEach((n, t) -> columns.add(ColumnSpec.of(n, t)));
            return new TableShape(columns);
        }

        @Override
        public Outcome execute(List<Object> inputs, Context context) throws SettingsException {
            List<InMemoryTable> tables = WorkflowNode.all(inputs, 0, WorkflowNode::table);
            TableShape shape = union(tables.stream().map(InMemoryTable::shape).toList());
            InMemoryTable.Builder b = InMemoryTable.builder(shape);
            Set<String> keys = new HashSet<>();
            for (InMemoryTable t : tables) {
                for (Row r : t.rowList()) {
                    List<Object> cells = new ArrayList<>(shape.size());
                    for (ColumnSpec c : shape.columns()) {
                        int i = t.shape().index(c.name());
                        Object v = i < 0 ? null : r.cell(i);
                        cells.add(v instanceof Number n && c.type() == CellType.DOUBLE ? (Object) n.doubleValue()
                                : v);
                    }
                    String key = r.key();
                    while (!keys.add(key)) {
                        key = key + duplicateSuffix;
                    }
                    b.add(new Row(key, cells));
                }
            }
            return Outcome.of(b.build());
        }
    }

    static Path existingFile(String setting, String file) throws SettingsException {
        if (file == null || file.isBlank()) {
            throw new SettingsException(setting, null, "choose a file");
        }
        Path path = Path.of(file);
        if (!Files.isRegularFile(path)) {
            throw new SettingsException(setting, file, "no such file");
        }
        return path;
    }

    static Pattern pattern(String setting, String regex) throws SettingsException {
        if (regex == null) {
            throw new SettingsException(setting, null, "give a regular expression");
        }
        try {
            return Pattern.compile(regex);
        } catch (PatternSyntaxException e) {
            throw new SettingsException(setting, regex, "not a regular expression: " + e.getDescription());
        }
    }

    static void atLeast(String setting, long value, long min) throws SettingsException {
        if (value < min) {
            throw new SettingsException(setting, value, "must be at least " + min);
        }
    }

    private static String lower(CellType t) {
        return Objects.requireNonNull(t).name().toLowerCase(Locale.ROOT);
    }
}
