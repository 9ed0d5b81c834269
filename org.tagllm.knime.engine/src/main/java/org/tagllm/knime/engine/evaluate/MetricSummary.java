package org.tagllm.knime.engine.evaluate;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * A figure over repeated seeds: mean, sample standard deviation (n - 1; NaN for a single run) and the count. Runs
 * where the figure is undefined (left out by {@code Metrics}) do not count.
 */
public record MetricSummary(double mean, double std, int n) {

    public static MetricSummary of(List<Double> values) {
        List<Double> finite = values.stream().filter(v -> v != null && Double.isFinite(v)).toList();
        int n = finite.size();
        if (n == 0) {
            return new MetricSummary(Double.NaN, Double.NaN, 0);
        }
        double mean = finite.stream().mapToDouble(Double::doubleValue).sum() / n;
        if (n == 1) {
            return new MetricSummary(mean, Double.NaN, 1);
        }
        double ss = finite.stream().mapToDouble(v -> (v - mean) * (v - mean)).sum();
        return new MetricSummary(mean, Math.sqrt(ss / (n - 1)), n);
    }

    /** Per method, per test figure: the summary over the method's chosen runs, in the order methods first ran. */
    public static Map<Method, Map<String, MetricSummary>> byMethod(List<RunRecord> runs) {
        Map<Method, Map<String, MetricSummary>> out = new LinkedHashMap<>();
        List<Method> methods = runs.stream().map(RunRecord::method).distinct().toList();
        for (Method m : methods) {
            List<RunRecord> chosen = runs.stream().filter(r -> r.method() == m && r.chosen()).toList();
            Map<String, MetricSummary> figures = new LinkedHashMap<>();
            for (String key : new TreeSet<>(chosen.stream().flatMap(r -> r.testMetrics().keySet().stream())
                    .toList())) {
                List<Double> values = new ArrayList<>();
                chosen.forEach(r -> values.add(r.testMetrics().get(key)));
                figures.put(key, of(values));
            }
            out.put(m, figures);
        }
        return out;
    }
}
