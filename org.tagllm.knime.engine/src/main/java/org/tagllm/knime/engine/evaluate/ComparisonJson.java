package org.tagllm.knime.engine.evaluate;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import org.tagllm.knime.engine.evaluate.ComparisonResults.Figure;
import org.tagllm.knime.engine.evaluate.ComparisonResults.Predictions;
import org.tagllm.knime.engine.evaluate.ComparisonResults.Protocol;
import org.tagllm.knime.engine.evaluate.ComparisonResults.Run;
import org.tagllm.knime.engine.evaluate.ComparisonResults.TaskResults;

/**
 * A comparison as {@link ComparisonResults}: the protocol, every run (metrics, seed, learning rate, whether chosen,
 * trainable parameters, timings, curves) and per task and method the mean ± standard deviation over seeds. Undefined
 * figures are null. {@link ComparisonResultsJson} writes them.
 */
public final class ComparisonJson {

    private ComparisonJson() {}

    /** The results of a comparison, as the typed records of {@code results.json}. */
    public static ComparisonResults results(String model, ComparisonSettings s, List<Benchmark> benchmarks,
            Map<String, List<RunRecord>> runs) {
        Map<String, TaskResults> tasks = new LinkedHashMap<>();
        for (Benchmark b : benchmarks) {
            List<RunRecord> taskRuns = runs.getOrDefault(b.id(), List.of());
            Map<String, Map<String, Figure>> summary = new LinkedHashMap<>();
            MetricSummary.byMethod(taskRuns).forEach((m, figures) -> {
                Map<String, Figure> byFigure = new LinkedHashMap<>();
                figures.forEach((k, v) -> byFigure.put(k, new Figure(finite(v.mean()), finite(v.std()), v.n())));
                summary.put(m.id(), byFigure);
            });
            List<Run> list = new ArrayList<>();
            for (RunRecord r : taskRuns) {
                list.add(run(r, r.chosen() && r.seed() == s.seeds().get(0) ? predictions(r) : null));
            }
            tasks.put(b.id(), new TaskResults(b.title(), b.task().type().name().toLowerCase(Locale.ROOT),
                    b.splitNote(), b.primaryMetric(), summary, list));
        }
        return new ComparisonResults(model, protocolOf(s), tasks, null);
    }

    /** The results of a comparison as a JSON tree. */
    public static ObjectNode of(String model, ComparisonSettings s, List<Benchmark> benchmarks,
            Map<String, List<RunRecord>> runs) {
        return ComparisonResultsJson.tree(results(model, s, benchmarks, runs));
    }

    /** The protocol every run of a comparison followed. */
    static Protocol protocolOf(ComparisonSettings s) {
        return new Protocol(s.seeds(), s.learningRates(), s.epochs(), s.batchSize(), s.vectors(), s.maxTokens(),
                s.maxTrain(), s.maxEval(), s.dataSeed(), s.promptInit().id(), new TreeMap<>(s.fieldMaxTokens()),
                s.classBalance().isActive() ? s.classBalance().describe() : null, s.threshold().id());
    }

    /** The protocol as a JSON tree (kept beside finished runs). */
    static ObjectNode protocol(ComparisonSettings s) {
        return ComparisonResultsJson.tree(protocolOf(s));
    }

    static Run run(RunRecord r, Predictions predictions) {
        List<Double> validations = new ArrayList<>();
        r.validations().forEach(v -> validations.add(finite(v)));
        return new Run(r.method().id(), r.seed(), finite(r.learningRate()), finite(r.penalty()), r.chosen(),
                finite(r.selectionScore()), r.bestEpoch(), r.trainableParameters(), r.trainRows(),
                Math.round(r.seconds() * 10) / 10.0, metrics(r.validMetrics()), metrics(r.testMetrics()),
                new ArrayList<>(r.epochLosses()), validations, predictions);
    }

    /** Truth and prediction per test row: the value, or for two classes the class index and P(second class). */
    private static Predictions predictions(RunRecord r) {
        List<Long> rows = new ArrayList<>();
        List<Double> truth = new ArrayList<>();
        List<Double> predicted = new ArrayList<>();
        var p = r.testPredictions();
        for (int i = 0; i < p.size(); i++) {
            double[] values = p.predicted()[i];
            if (values.length > 2) {
                break; // more than two classes: no single score to plot
            }
            rows.add(p.rows()[i]);
            truth.add(p.truth()[i][0]);
            predicted.add(values[values.length - 1]);
        }
        return new Predictions(rows, truth, predicted);
    }

    private static Map<String, Double> metrics(Map<String, Double> m) {
        Map<String, Double> out = new TreeMap<>();
        m.forEach((k, v) -> out.put(k, finite(v)));
        return out;
    }

    /** The figure, or null when undefined. */
    private static Double finite(double v) {
        return Double.isFinite(v) ? v : null;
    }
}
