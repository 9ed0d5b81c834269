package org.tagllm.cli;

import java.util.List;
import java.util.Map;
import org.tagllm.knime.engine.evaluate.Benchmark;
import org.tagllm.knime.engine.evaluate.Method;
import org.tagllm.knime.engine.evaluate.MetricSummary;
import org.tagllm.knime.engine.evaluate.RunRecord;

/** A task's comparison as a console table: per method the primary figure (mean ± sd over seeds) and the rest. */
final class ResultsTable {

    private ResultsTable() {}

    static String text(Benchmark b, List<RunRecord> runs) {
        StringBuilder s = new StringBuilder();
        s.append(String.format("%n%s — test %s (%s)%n", b.title(), b.primaryMetric(), b.higherIsBetter()
                ? "higher is better" : "lower is better"));
        s.append(String.format("%-36s %-22s %12s %10s  %s%n", "method", b.primaryMetric() + " (mean ± sd, n)",
                "trained", "lr", "other test figures (means)"));
        for (Map.Entry<Method, Map<String, MetricSummary>> e : MetricSummary.byMethod(runs).entrySet()) {
            Method m = e.getKey();
            RunRecord first = runs.stream().filter(r -> r.method() == m && r.chosen()).findFirst().orElseThrow();
            StringBuilder others = new StringBuilder();
            e.getValue().forEach((k, v) -> {
                if (!k.equals(b.primaryMetric()) && v.n() > 0) {
                    others.append(k).append(' ').append(String.format("%.4f", v.mean())).append("  ");
                }
            });
            s.append(String.format("%-36s %-22s %12d %10s  %s%n", m.label(),
                    format(e.getValue().get(b.primaryMetric())), first.trainableParameters(),
                    Double.isNaN(first.learningRate()) ? "—" : String.format("%.0e", first.learningRate()),
                    others.toString().trim()));
        }
        return s.toString();
    }

    /** {@code 0.0203 ± 0.0011 (3)}, {@code 0.0203 (1)}, or {@code undefined}. */
    static String format(MetricSummary m) {
        if (m == null || m.n() == 0) {
            return "undefined";
        }
        if (m.n() == 1) {
            return String.format("%.4f (1)", m.mean());
        }
        return String.format("%.4f ± %.4f (%d)", m.mean(), m.std(), m.n());
    }
}
