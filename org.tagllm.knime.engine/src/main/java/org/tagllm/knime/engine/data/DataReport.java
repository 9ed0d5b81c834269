package org.tagllm.knime.engine.data;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.Locale;

/**
 * What became of every row of one run: rows read = used + skipped + kept with a problem. Problems are grouped by
 * reason, with the first {@value #EXAMPLES_PER_REASON} examples of each. A row can have more than one problem, so the
 * problem counts may add up to more than the bad rows.
 *
 * @param source the file
 * @param rowsRead records read, bad ones included
 * @param rowsUsed rows passed on as valid examples (truncated ones included)
 * @param rowsSkipped bad or too-long rows left out
 * @param rowsKept bad rows passed on marked with their problem ({@link BadRowPolicy#KEEP})
 * @param rowsTruncated used rows whose longest input was cut to fit the length limit
 * @param blankLines blank lines skipped (not rows)
 * @param duplicateInputs used rows whose normalised inputs equal those of an earlier used row
 * @param conflictingInputs distinct normalised inputs that occur with more than one target or label
 * @param reasons problems grouped by reason, in the order first met
 */
public record DataReport(String source, long rowsRead, long rowsUsed, long rowsSkipped, long rowsKept,
        long rowsTruncated, long blankLines, long duplicateInputs, long conflictingInputs, List<ReasonGroup> reasons) {

    public static final int EXAMPLES_PER_REASON = 5;

    /**
     * @param reason the reason
     * @param count problems with this reason
     * @param examples the first few of them
     */
    public record ReasonGroup(String reason, long count, List<Problem> examples) {

        public ReasonGroup {
            examples = List.copyOf(examples);
        }
    }

    public DataReport {
        reasons = List.copyOf(reasons);
    }

    /** Rows that had a problem, whether skipped or kept. */
    public long badRows() {
        return rowsRead - rowsUsed;
    }

    /** Problems with this reason; 0 when there were none. */
    public long count(String reason) {
        return reasons.stream().filter(g -> g.reason().equals(reason)).mapToLong(ReasonGroup::count).sum();
    }

    /** A few lines for people. */
    public String toText() {
        StringBuilder s = new StringBuilder();
        s.append(source).append(": ").append(count(rowsRead, "row")).append(" read: ")
                .append(n(rowsUsed)).append(" used");
        if (rowsTruncated > 0) {
            s.append(" (").append(n(rowsTruncated)).append(" truncated to fit the length limit)");
        }
        s.append(", ").append(n(rowsSkipped)).append(" skipped, ").append(n(rowsKept)).append(" kept with a problem");
        if (blankLines > 0) {
            s.append("; ").append(count(blankLines, "blank line")).append(" ignored");
        }
        s.append('\n');
        if (!reasons.isEmpty()) {
            s.append("problems by reason:\n");
            for (ReasonGroup g : reasons) {
                s.append("  ").append(g.reason()).append(": ").append(n(g.count())).append('\n');
                for (Problem p : g.examples()) {
                    s.append("    ").append(p.describe()).append('\n');
                }
                if (g.count() > g.examples().size()) {
                    s.append("    …and ").append(n(g.count() - g.examples().size())).append(" more\n");
                }
            }
        }
        s.append("duplicate inputs: ").append(n(duplicateInputs))
                .append(" (rows whose inputs repeat an earlier row's)\n");
        s.append("conflicting inputs: ").append(n(conflictingInputs))
                .append(" (inputs seen with different targets or labels)\n");
        return s.toString();
    }

    /** The report as JSON, snake_case keys. */
    public String toJson() {
        return toJsonTree(new ObjectMapper()).toPrettyString();
    }

    ObjectNode toJsonTree(ObjectMapper mapper) {
        ObjectNode root = mapper.createObjectNode();
        root.put("source", source);
        root.put("rows_read", rowsRead);
        root.put("rows_used", rowsUsed);
        root.put("rows_skipped", rowsSkipped);
        root.put("rows_kept_with_problem", rowsKept);
        root.put("rows_truncated", rowsTruncated);
        root.put("blank_lines", blankLines);
        root.put("duplicate_inputs", duplicateInputs);
        root.put("conflicting_inputs", conflictingInputs);
        ArrayNode groups = root.putArray("problems");
        for (ReasonGroup g : reasons) {
            ObjectNode group = groups.addObject().put("reason", g.reason()).put("count", g.count());
            ArrayNode examples = group.putArray("examples");
            for (Problem p : g.examples()) {
                examples.addObject().put("row", p.row()).put("line", p.line()).put("column", p.column())
                        .put("value", p.value()).put("reason", p.reason()).put("detail", p.detail());
            }
        }
        return root;
    }

    /** A count as the reports write it, e.g. "1,128" (the split report writes its counts alike). */
    public static String n(long count) {
        return String.format(Locale.ROOT, "%,d", count);
    }

    /** E.g. "1 row", "1,128 rows". */
    public static String count(long count, String noun) {
        return n(count) + " " + (count == 1 ? noun : noun + "s");
    }
}
