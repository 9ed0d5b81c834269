package org.tagllm.knime.engine.data;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.tagllm.knime.engine.data.normalize.InvalidValueException;
import org.tagllm.knime.engine.data.normalize.NumericValues;
import org.tagllm.knime.engine.data.normalize.TextNormalizer;
import org.tagllm.knime.engine.data.read.ParseError;
import org.tagllm.knime.engine.data.read.SourceRecord;

/** Turns one record into the values of an example, or the list of what is wrong with it. */
final class ExampleBuilder {

    static final String UNDECODABLE = "undecodable bytes";
    static final String NORMALISER_FAILED = "normaliser failed";

    /**
     * @param inputs normalised inputs; for a bad row, the raw values where normalising failed
     * @param problems empty when the row is usable
     * @param truncated whether the inputs were cut to fit the length limit
     */
    record Row(SourceRecord record, Map<String, String> inputs, double[] numericTarget, String label, String split,
            Map<String, String> groups, List<Problem> problems, boolean truncated) {

        boolean isBad() {
            return !problems.isEmpty();
        }

        Row truncatedTo(Map<String, String> cut) {
            return new Row(record, cut, numericTarget, label, split, groups, problems, true);
        }

        Row withProblem(Problem problem) {
            return new Row(record, inputs, numericTarget, label, split, groups, List.of(problem), false);
        }

        Example toExample() {
            String problem = isBad() ? describe(problems) : null;
            return new Example(record.number(), record.line(), inputs, isBad() ? null : numericTarget,
                    isBad() ? null : label, split, groups, problem);
        }

        private static String describe(List<Problem> problems) {
            List<String> parts = new ArrayList<>();
            for (Problem p : problems) {
                parts.add(p.column() == null ? p.reasonAndDetail() : p.column() + ": " + p.reasonAndDetail());
            }
            return String.join("; ", parts);
        }
    }

    private final ColumnMapping columns;
    private final NormalizerRegistry normalizers;
    private final String charset;
    private final SplitValues splitValues;

    /** @param splitValues the split values a row may hold, or null for any */
    ExampleBuilder(ColumnMapping columns, NormalizerRegistry normalizers, String charset,
            SplitValues splitValues) {
        this.columns = columns;
        this.normalizers = normalizers;
        this.charset = charset;
        this.splitValues = splitValues;
    }

    Row build(SourceRecord record) {
        List<Problem> problems = new ArrayList<>();
        if (record.isBad()) {
            ParseError e = record.parseError();
            problems.add(new Problem(record.number(), record.line(), null, e.text(), e.reason(), e.detail()));
            // No field can be told from another: the record's own text stands for its inputs, whole, so that a row
            // kept for prediction output still shows what it held.
            Map<String, String> inputs = e.record() == null ? Map.of()
                    : Map.of(columns.inputs().get(0).name(), e.record());
            return new Row(record, inputs, null, null, null, Map.of(), problems, false);
        }
        Map<String, String> inputs = new LinkedHashMap<>();
        for (InputColumn c : columns.inputs()) {
            String raw = value(record, c.name(), problems);
            if (raw != null) {
                inputs.put(c.name(), normalise(record, c, raw, problems));
            }
        }
        double[] numeric = null;
        if (!columns.numericTargets().isEmpty()) {
            numeric = new double[columns.numericTargets().size()];
            for (int i = 0; i < numeric.length; i++) {
                String column = columns.numericTargets().get(i);
                String raw = value(record, column, problems);
                if (raw != null) {
                    try {
                        numeric[i] = NumericValues.parse(raw);
                    } catch (InvalidValueException e) {
                        problems.add(problem(record, column, raw, e));
                    }
                }
            }
        }
        String label = columns.label() == null ? null : required(record, columns.label(), problems);
        String split = columns.split() == null ? null : required(record, columns.split(), problems);
        if (split != null && splitValues != null && !splitValues.allows(split)) {
            problems.add(new Problem(record.number(), record.line(), columns.split(), split,
                    SplitValues.UNKNOWN, "allowed values: " + String.join(", ", splitValues.names()) + "; case and surrounding spaces do not matter"));
        }
        Map<String, String> groups = new LinkedHashMap<>();
        for (String column : columns.groups()) {
            String value = required(record, column, problems);
            if (value != null) {
                groups.put(column, value);
            }
        }
        return new Row(record, inputs, numeric, label, split, groups, problems, false);
    }

    /** The normalised value; on failure the raw value, with a problem. */
    private String normalise(SourceRecord record, InputColumn column, String raw, List<Problem> problems) {
        try {
            return normalizers.forKind(column.kind()).normalize(raw);
        } catch (InvalidValueException e) {
            problems.add(problem(record, column.name(), raw, e));
        } catch (RuntimeException e) {
            // A normaliser's bug on one odd value must cost that row, not the run; the report names the exception.
            problems.add(new Problem(record.number(), record.line(), column.name(), raw, NORMALISER_FAILED,
                    column.kind() + " normaliser threw " + e));
        }
        return raw;
    }

    /** The stripped value, or {@code null} with a problem when it is missing or empty. */
    private String required(SourceRecord record, String column, List<Problem> problems) {
        String raw = value(record, column, problems);
        if (raw == null) {
            return null;
        }
        String value = raw.strip();
        if (value.isEmpty()) {
            problems.add(new Problem(record.number(), record.line(), column, raw, TextNormalizer.EMPTY, null));
            return null;
        }
        return value;
    }

    /** The raw value, or {@code null} with a problem when the record lacks it or it holds undecodable bytes. */
    private String value(SourceRecord record, String column, List<Problem> problems) {
        String raw = record.fields().get(column);
        if (raw == null) {
            problems.add(new Problem(record.number(), record.line(), column, null, "missing value",
                    "the record has no field '" + column + "'"));
            return null;
        }
        if (raw.indexOf('\uFFFD') >= 0) {
            problems.add(new Problem(record.number(), record.line(), column, raw, UNDECODABLE,
                    "bytes that are not valid " + charset + "; read the file with its own encoding"));
            return null;
        }
        return raw;
    }

    private static Problem problem(SourceRecord record, String column, String raw, InvalidValueException e) {
        return new Problem(record.number(), record.line(), column, raw, e.reason(), e.detail());
    }
}
