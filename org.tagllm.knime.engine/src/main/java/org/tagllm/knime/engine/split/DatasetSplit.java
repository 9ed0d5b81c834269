package org.tagllm.knime.engine.split;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;
import org.tagllm.knime.engine.data.ColumnMapping;
import org.tagllm.knime.engine.data.DataReport;
import org.tagllm.knime.engine.data.Example;
import org.tagllm.knime.engine.data.Problem;

/**
 * The rows of a table per partition, as {@link DatasetSplitter} placed them, with the rows it could not place and why.
 * Rows keep their file order within a partition.
 */
public final class DatasetSplit {

    /** Rows that could not be placed, shown by {@link #toText()}; all of them are counted. */
    static final int UNSPLIT_SHOWN = 5;

    private final SplitSpec spec;
    private final ColumnMapping mapping;
    private final List<Example> examples;
    private final Partition[] partitions;
    private final SplitSummary summary;
    private final List<Problem> unsplit;
    private final Map<Partition, List<Example>> byPartition = new EnumMap<>(Partition.class);

    DatasetSplit(SplitSpec spec, ColumnMapping mapping, List<Example> examples, Partition[] partitions,
            SplitSummary summary, List<Problem> unsplit) {
        this.spec = spec;
        this.mapping = mapping;
        this.examples = List.copyOf(examples);
        this.partitions = partitions.clone();
        this.summary = summary;
        this.unsplit = List.copyOf(unsplit);
        for (Partition p : Partition.values()) {
            byPartition.put(p, new ArrayList<>());
        }
        for (int i = 0; i < partitions.length; i++) {
            byPartition.get(partitions[i]).add(examples.get(i));
        }
        byPartition.replaceAll((p, rows) -> List.copyOf(rows));
    }

    public SplitSpec spec() {
        return spec;
    }

    /** The rows of one partition, in file order. */
    public List<Example> examples(Partition partition) {
        return byPartition.get(partition);
    }

    /** The partition of each placed row, in file order; a copy. */
    public Partition[] partitions() {
        return partitions.clone();
    }

    /** Rows per partition; for a scaffold or cold split also the groups per partition (none shared). */
    public SplitSummary summary() {
        return summary;
    }

    /** Rows left out of every partition, with the reason. */
    public List<Problem> unsplit() {
        return unsplit;
    }

    /**
     * The placed rows grouped by the values of another mapped column, e.g. the drug of a pair: how many of its groups
     * reach more than one partition. A leak check for any split; 0 shared groups means the split is cold on it.
     */
    public SplitSummary sharing(String column) {
        return SplitSummary.of(partitions, values(column));
    }

    private List<String> values(String column) {
        Function<Example, String> value = MappedColumn.of(mapping, column);
        List<String> values = new ArrayList<>(examples.size());
        for (Example e : examples) {
            values.add(value.apply(e));
        }
        return values;
    }

    /** For people: the method, rows (and groups) per partition, groups shared per group column, unsplit rows. */
    public String toText() {
        StringBuilder s = new StringBuilder("split: ").append(spec.describe()).append('\n');
        String groups = spec instanceof SplitSpec.Scaffold ? "scaffolds" : "groups";
        for (Partition p : Partition.values()) {
            String rows = DataReport.count(summary.rows(p), "row")
                    + String.format(Locale.ROOT, " (%.1f%%)", 100 * summary.fraction(p));
            if (summary.hasGroups()) {
                rows += ", " + DataReport.n(summary.groups(p)) + " " + groups;
            }
            s.append(row(p.name().toLowerCase(Locale.ROOT), rows));
        }
        if (summary.hasGroups()) {
            s.append(row("shared", DataReport.n(summary.sharedGroups()) + " " + groups
                    + " in more than one partition"));
        }
        for (String column : mapping.groups()) {
            List<String> values = values(column);
            s.append(row("'" + column + "'", DataReport.n(SplitSummary.of(partitions, values).sharedGroups())
                    + " of " + DataReport.n(new HashSet<>(values).size()) + " values in more than one partition"));
        }
        s.append(row("not split", DataReport.count(unsplit.size(), "row")));
        for (Problem p : unsplit.subList(0, Math.min(UNSPLIT_SHOWN, unsplit.size()))) {
            s.append("    ").append(p.describe()).append('\n');
        }
        if (unsplit.size() > UNSPLIT_SHOWN) {
            s.append("    …and ").append(DataReport.n(unsplit.size() - UNSPLIT_SHOWN)).append(" more\n");
        }
        return s.toString();
    }

    /** For machines: snake_case keys; every unsplit row is listed. */
    public String toJson() {
        ObjectMapper mapper = new ObjectMapper();
        ObjectNode root = mapper.createObjectNode();
        root.put("method", spec.describe());
        ObjectNode parts = root.putObject("partitions");
        for (Partition p : Partition.values()) {
            ObjectNode n = parts.putObject(p.name().toLowerCase(Locale.ROOT)).put("rows", summary.rows(p));
            if (summary.hasGroups()) {
                n.put("groups", summary.groups(p));
            }
        }
        if (summary.hasGroups()) {
            root.put("shared_groups", summary.sharedGroups());
        }
        ObjectNode shared = root.putObject("shared_by_column");
        for (String column : mapping.groups()) {
            shared.put(column, sharing(column).sharedGroups());
        }
        ArrayNode rows = root.putArray("not_split");
        for (Problem p : unsplit) {
            rows.addObject().put("row", p.row()).put("line", p.line()).put("column", p.column())
                    .put("value", p.value()).put("reason", p.reason()).put("detail", p.detail());
        }
        return root.toPrettyString();
    }

    private static String row(String key, String value) {
        return String.format(Locale.ROOT, "  %-20s %s%n", key, value);
    }
}
