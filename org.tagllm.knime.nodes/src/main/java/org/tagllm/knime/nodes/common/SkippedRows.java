package org.tagllm.knime.nodes.common;

import java.util.ArrayList;
import java.util.List;
import java.util.function.LongFunction;
import org.tagllm.knime.engine.data.DataReport;
import org.tagllm.knime.engine.data.Problem;

/** The warning of a training node about rows the engine skipped, naming them by row key. */
public final class SkippedRows {

    private SkippedRows() {}

    /**
     * E.g. {@code 2 of 40 rows skipped: invalid SMILES (2): Row3 (column 'smiles', value 'C1CC'): …}, or null when
     * none was skipped.
     *
     * @param keyOf the row key of a 1-based record number
     */
    public static String warning(DataReport report, LongFunction<String> keyOf) {
        if (report.rowsSkipped() == 0) {
            return null;
        }
        List<String> groups = new ArrayList<>();
        for (DataReport.ReasonGroup g : report.reasons()) {
            List<String> examples = new ArrayList<>();
            for (Problem p : g.examples()) {
                examples.add(describe(p, keyOf));
            }
            groups.add(g.reason() + " (" + g.count() + "): " + String.join("; ", examples)
                    + (g.count() > g.examples().size() ? "; …" : ""));
        }
        return report.rowsSkipped() + " of " + report.rowsRead() + " rows skipped: " + String.join(" | ", groups);
    }

    /** One problem with the row key instead of the record number. */
    public static String describe(Problem p, LongFunction<String> keyOf) {
        StringBuilder s = new StringBuilder(key(p.row(), keyOf));
        if (p.column() != null) {
            s.append(" (column '").append(p.column()).append("'");
            if (p.value() != null) {
                s.append(", value '").append(p.value()).append("'");
            }
            s.append(")");
        }
        return s.append(": ").append(p.reasonAndDetail()).toString();
    }

    private static String key(long row, LongFunction<String> keyOf) {
        try {
            return keyOf.apply(row);
        } catch (IndexOutOfBoundsException e) {
            return "record " + row;
        }
    }
}
