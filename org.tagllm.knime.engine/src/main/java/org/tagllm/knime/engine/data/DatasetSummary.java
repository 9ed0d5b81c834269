package org.tagllm.knime.engine.data;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * What a table holds, to look at before training on it: the {@link DataReport} (rows, bad rows by reason,
 * duplicates), input lengths in characters and, given a {@link TokenBudget}, in the model's tokens, target statistics,
 * label and split counts. Statistics cover the usable rows only.
 *
 * @param report what became of every row
 * @param characters length distribution of each input column, in characters
 * @param tokens length distribution of each input column in tokens; empty without a token budget
 * @param exampleTokens whole examples in tokens, overhead included; {@code null} without a token budget
 * @param overTokenLimit examples longer than the budget's limit (as read, before any truncation by the loader)
 * @param tokenBudget the budget, or {@code null}
 * @param targets statistics of each numeric target column
 * @param labels count of each label, most frequent first
 * @param splits count of each value of the split column, in order of appearance
 */
public record DatasetSummary(DataReport report, Map<String, Distribution> characters, Map<String, Distribution> tokens,
        Distribution exampleTokens, long overTokenLimit, TokenBudget tokenBudget, Map<String, NumericStats> targets,
        Map<String, Long> labels, Map<String, Long> splits) {

    public DatasetSummary {
        characters = Collections.unmodifiableMap(characters);
        tokens = Collections.unmodifiableMap(tokens);
        targets = Collections.unmodifiableMap(targets);
        labels = Collections.unmodifiableMap(labels);
        splits = Collections.unmodifiableMap(splits);
    }

    /**
     * Reads {@code examples} to the end.
     *
     * @param tokenBudget how to count tokens and the limit to hold examples to, or {@code null} for characters only
     */
    public static DatasetSummary of(ExampleStream examples, ColumnMapping columns, TokenBudget tokenBudget)
            throws IOException {
        Collector c = new Collector(columns, tokenBudget);
        for (Example e; (e = examples.next()) != null; ) {
            if (!e.hasProblem()) {
                c.add(e);
            }
        }
        return c.finish(examples.report());
    }

    /** Of a table already in memory, e.g. one about to be split. */
    public static DatasetSummary of(Dataset data, ColumnMapping columns, TokenBudget tokenBudget) {
        Collector c = new Collector(columns, tokenBudget);
        for (Example e : data.examples()) {
            if (!e.hasProblem()) {
                c.add(e);
            }
        }
        return c.finish(data.report());
    }

    /** For people: the report, then one block per statistic. */
    public String toText() {
        StringBuilder s = new StringBuilder(report.toText());
        s.append("input lengths, characters (min / median / p95 / max):\n");
        characters.forEach((column, d) -> s.append(row(column, d.toString())));
        if (tokenBudget != null) {
            s.append("input lengths, model tokens (min / median / p95 / max):\n");
            tokens.forEach((column, d) -> s.append(row(column, d.toString())));
            s.append(row("whole example", exampleTokens + " (" + DataReport.count(tokenBudget.overheadTokens(),
                    "token") + " of overhead included)"));
            s.append(row("over the limit", DataReport.count(overTokenLimit, "example") + " longer than "
                    + tokenBudget.maxTokens() + " tokens"));
        }
        if (!targets.isEmpty()) {
            s.append("targets:\n");
            targets.forEach((column, t) -> s.append(row(column, t.toString())));
        }
        if (!labels.isEmpty()) {
            s.append("labels (").append(labels.size()).append(" classes):\n");
            labels.forEach((label, n) -> s.append(row(label, DataReport.n(n))));
        }
        if (!splits.isEmpty()) {
            s.append("splits:\n");
            splits.forEach((split, n) -> s.append(row(split, DataReport.n(n))));
        }
        return s.toString();
    }

    private static String row(String key, String value) {
        return String.format(Locale.ROOT, "  %-20s %s%n", key, value);
    }

    /** For machines: snake_case keys; {@code null} where a statistic has no values. */
    public String toJson() {
        ObjectMapper mapper = new ObjectMapper();
        ObjectNode root = mapper.createObjectNode();
        root.set("report", report.toJsonTree(mapper));
        ObjectNode lengths = root.putObject("input_lengths");
        ObjectNode chars = lengths.putObject("characters");
        characters.forEach((column, d) -> json(chars.putObject(column), d));
        if (tokenBudget != null) {
            ObjectNode toks = lengths.putObject("tokens");
            tokens.forEach((column, d) -> json(toks.putObject(column), d));
            json(root.putObject("example_tokens"), exampleTokens);
            root.put("token_overhead", tokenBudget.overheadTokens());
            root.put("token_limit", tokenBudget.maxTokens());
            root.put("examples_over_token_limit", overTokenLimit);
        }
        ObjectNode targetNode = root.putObject("targets");
        targets.forEach((column, t) -> {
            ObjectNode n = targetNode.putObject(column).put("count", t.count());
            if (t.count() > 0) {
                n.put("mean", t.mean()).put("std", t.std()).put("min", t.min()).put("max", t.max());
            }
        });
        ObjectNode labelNode = root.putObject("labels");
        labels.forEach(labelNode::put);
        ObjectNode splitNode = root.putObject("splits");
        splits.forEach(splitNode::put);
        return root.toPrettyString();
    }

    private static void json(ObjectNode node, Distribution d) {
        node.put("count", d.count());
        if (d.count() > 0) {
            node.put("min", d.min()).put("median", d.median()).put("p95", d.p95()).put("max", d.max());
        }
    }

    /** Everything a summary needs, gathered one example at a time. */
    private static final class Collector {
        private final ColumnMapping columns;
        private final TokenBudget budget;
        private final Map<String, LengthHistogram> characters = new LinkedHashMap<>();
        private final Map<String, LengthHistogram> tokens = new LinkedHashMap<>();
        private final LengthHistogram exampleTokens = new LengthHistogram();
        private final Map<String, RunningStats> targets = new LinkedHashMap<>();
        private final Map<String, Long> labels = new LinkedHashMap<>();
        private final Map<String, Long> splits = new LinkedHashMap<>();
        private long overLimit;

        Collector(ColumnMapping columns, TokenBudget budget) {
            this.columns = columns;
            this.budget = budget;
            for (InputColumn c : columns.inputs()) {
                characters.put(c.name(), new LengthHistogram());
                if (budget != null) {
                    tokens.put(c.name(), new LengthHistogram());
                }
            }
            columns.numericTargets().forEach(t -> targets.put(t, new RunningStats()));
        }

        void add(Example e) {
            int exampleLength = budget == null ? 0 : budget.overheadTokens();
            for (Map.Entry<String, String> input : e.inputs().entrySet()) {
                characters.get(input.getKey()).add(input.getValue().length());
                if (budget != null) {
                    int n = budget.counter().count(input.getKey(), input.getValue());
                    tokens.get(input.getKey()).add(n);
                    exampleLength += n;
                }
            }
            if (budget != null) {
                exampleTokens.add(exampleLength);
                if (exampleLength > budget.maxTokens()) {
                    overLimit++;
                }
            }
            if (e.numericTarget() != null) {
                for (int i = 0; i < e.numericTarget().length; i++) {
                    targets.get(columns.numericTargets().get(i)).add(e.numericTarget()[i]);
                }
            }
            if (e.label() != null) {
                labels.merge(e.label(), 1L, Long::sum);
            }
            if (e.split() != null) {
                splits.merge(e.split(), 1L, Long::sum);
            }
        }

        DatasetSummary finish(DataReport report) {
            Map<String, NumericStats> targetStats = new LinkedHashMap<>();
            targets.forEach((column, s) -> targetStats.put(column, s.stats()));
            List<Map.Entry<String, Long>> byCount = new ArrayList<>(labels.entrySet());
            byCount.sort(Map.Entry.<String, Long>comparingByValue(Comparator.reverseOrder())
                    .thenComparing(Map.Entry.comparingByKey()));
            Map<String, Long> sortedLabels = new LinkedHashMap<>();
            byCount.forEach(e -> sortedLabels.put(e.getKey(), e.getValue()));
            return new DatasetSummary(report, distributions(characters), distributions(tokens),
                    budget == null ? null : exampleTokens.distribution(), overLimit, budget, targetStats,
                    sortedLabels, splits);
        }

        private static Map<String, Distribution> distributions(Map<String, LengthHistogram> histograms) {
            Map<String, Distribution> out = new LinkedHashMap<>();
            histograms.forEach((column, h) -> out.put(column, h.distribution()));
            return out;
        }
    }
}
