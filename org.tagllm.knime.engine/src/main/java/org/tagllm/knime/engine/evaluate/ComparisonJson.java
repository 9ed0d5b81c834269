package org.tagllm.knime.engine.evaluate;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import org.tagllm.knime.engine.io.AtomicFiles;

/**
 * A comparison as JSON: the protocol, every run (metrics, seed, learning rate, whether chosen, trainable
 * parameters, timings, curves) and per task and method the mean ± standard deviation over seeds. Undefined figures
 * are written as null.
 */
public final class ComparisonJson {

    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private ComparisonJson() {}

    public static ObjectNode of(String model, ComparisonSettings s, List<Benchmark> benchmarks,
            Map<String, List<RunRecord>> runs) {
        ObjectNode root = JSON.createObjectNode();
        root.put("model", model);
        root.set("protocol", protocol(s));
        ObjectNode tasks = root.putObject("tasks");
        for (Benchmark b : benchmarks) {
            List<RunRecord> taskRuns = runs.getOrDefault(b.id(), List.of());
            ObjectNode t = tasks.putObject(b.id());
            t.put("title", b.title());
            t.put("type", b.task().type().name().toLowerCase(Locale.ROOT));
            t.put("split", b.splitNote());
            t.put("primary_metric", b.primaryMetric());
            ObjectNode summary = t.putObject("summary");
            MetricSummary.byMethod(taskRuns).forEach((m, figures) -> {
                ObjectNode node = summary.putObject(m.id());
                figures.forEach((k, v) -> {
                    ObjectNode f = node.putObject(k);
                    number(f, "mean", v.mean());
                    number(f, "std", v.std());
                    f.put("n", v.n());
                });
            });
            ArrayNode list = t.putArray("runs");
            for (RunRecord r : taskRuns) {
                ObjectNode n = run(r);
                if (r.chosen() && r.seed() == s.seeds().get(0)) {
                    predictions(n.putObject("test_predictions"), r);
                }
                list.add(n);
            }
        }
        return root;
    }

    /** The protocol every run of a comparison followed. */
    static ObjectNode protocol(ComparisonSettings s) {
        ObjectNode protocol = JSON.createObjectNode();
        protocol.set("seeds", JSON.valueToTree(s.seeds()));
        protocol.set("learning_rates", JSON.valueToTree(s.learningRates()));
        protocol.put("max_epochs", s.epochs());
        protocol.put("batch_size", s.batchSize());
        protocol.put("vectors", s.vectors());
        protocol.put("max_tokens", s.maxTokens());
        protocol.put("max_train_rows", s.maxTrain());
        protocol.put("max_eval_rows", s.maxEval());
        protocol.put("data_seed", s.dataSeed());
        protocol.put("prompt_init", s.promptInit().id());
        if (!s.fieldMaxTokens().isEmpty()) {
            protocol.set("max_tokens_per_field", JSON.valueToTree(new TreeMap<>(s.fieldMaxTokens())));
        }
        return protocol;
    }

    static ObjectNode run(RunRecord r) {
        ObjectNode n = JSON.createObjectNode();
        n.put("method", r.method().id());
        n.put("seed", r.seed());
        number(n, "learning_rate", r.learningRate());
        number(n, "penalty", r.penalty());
        n.put("chosen", r.chosen());
        number(n, "selection_score", r.selectionScore());
        n.put("best_epoch", r.bestEpoch());
        n.put("trainable_parameters", r.trainableParameters());
        n.put("train_rows", r.trainRows());
        n.put("seconds", Math.round(r.seconds() * 10) / 10.0);
        metrics(n.putObject("valid"), r.validMetrics());
        metrics(n.putObject("test"), r.testMetrics());
        ArrayNode losses = n.putArray("epoch_losses");
        r.epochLosses().forEach(losses::add);
        ArrayNode validations = n.putArray("validations");
        r.validations().forEach(v -> {
            if (Double.isFinite(v)) {
                validations.add(v);
            } else {
                validations.addNull();
            }
        });
        return n;
    }

    /** Truth and prediction per test row: the value, or for two classes the class index and P(second class). */
    private static void predictions(ObjectNode node, RunRecord r) {
        ArrayNode rows = node.putArray("rows");
        ArrayNode truth = node.putArray("truth");
        ArrayNode predicted = node.putArray("predicted");
        var p = r.testPredictions();
        for (int i = 0; i < p.size(); i++) {
            double[] values = p.predicted()[i];
            if (values.length > 2) {
                return; // more than two classes: no single score to plot
            }
            rows.add(p.rows()[i]);
            truth.add(p.truth()[i][0]);
            predicted.add(values[values.length - 1]);
        }
    }

    private static void metrics(ObjectNode node, Map<String, Double> m) {
        new TreeMap<>(m).forEach((k, v) -> number(node, k, v));
    }

    private static void number(ObjectNode node, String key, double v) {
        if (Double.isFinite(v)) {
            node.put(key, v);
        } else {
            node.putNull(key);
        }
    }

    public static void write(ObjectNode root, Path file) throws IOException {
        AtomicFiles.writeString(file, JSON.writeValueAsString(root));
    }
}
