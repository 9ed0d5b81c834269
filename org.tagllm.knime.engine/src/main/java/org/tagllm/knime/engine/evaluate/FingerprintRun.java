package org.tagllm.knime.engine.evaluate;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import org.tagllm.knime.engine.baseline.ClassificationModel;
import org.tagllm.knime.engine.baseline.FingerprintBaseline;
import org.tagllm.knime.engine.baseline.RegressionModel;
import org.tagllm.knime.engine.data.Example;
import org.tagllm.knime.engine.method.ClassDecision;
import org.tagllm.knime.engine.method.LabelledTask;
import org.tagllm.knime.engine.method.Metrics;
import org.tagllm.knime.engine.method.ThresholdCriterion;
import org.tagllm.knime.engine.method.ThresholdSearch;
import org.tagllm.knime.engine.method.TaskPredictions;
import org.tagllm.knime.engine.split.Partition;

/**
 * The non-LLM reference on a comparison's rows: ridge (regression) or L2 logistic regression (two classes) on
 * features by column kind (CDK ECFP4 for SMILES, residues for proteins, one-hot text), the penalty chosen on the
 * validation rows.
 */
final class FingerprintRun {

    private FingerprintRun() {}

    static RunRecord run(Benchmark b, long seed, Map<Partition, List<Example>> parts, ThresholdCriterion criterion) {
        long start = System.nanoTime();
        List<FingerprintBaseline.Column> columns = b.task().inputs().stream()
                .map(in -> new FingerprintBaseline.Column(in.column(), in.kind())).toList();
        List<Example> train = parts.get(Partition.TRAIN);
        List<Example> valid = parts.get(Partition.VALID);
        List<Example> test = parts.get(Partition.TEST);
        boolean regression = b.task().type() == LabelledTask.Type.REGRESSION;
        TaskPredictions predictions;
        Map<String, Double> validMetrics;
        double lambda;
        double selection;
        int features;
        ClassDecision decision = ClassDecision.MOST_PROBABLE;
        if (regression) {
            RegressionModel model = FingerprintBaseline.fitRegression(columns, inputs(train), targets(train),
                    inputs(valid), targets(valid));
            double[] predicted = model.predict(inputs(test));
            predictions = Comparison.predictions(test, List.of(), true, i -> new double[] {predicted[i]});
            validMetrics = model.metrics(inputs(valid), targets(valid));
            lambda = model.lambda();
            selection = model.validationLoss().get(lambda);
            features = model.featureCount();
        } else {
            List<String> classes = new ArrayList<>(new TreeSet<>(train.stream().map(Example::label).toList()));
            if (classes.size() != 2) {
                throw new IllegalArgumentException(b.id() + ": the fingerprint model is binary; the training rows have"
                        + " classes " + classes);
            }
            ClassificationModel model = FingerprintBaseline.fitClassification(columns, inputs(train),
                    labels(train, classes), inputs(valid), labels(valid, classes));
            double[][] probabilities = model.probabilities(inputs(test));
            predictions = Comparison.predictions(test, classes, false, i -> probabilities[i]);
            // The decision threshold by the LLM methods' rule, on this model's validation probabilities.
            double[][] validProbabilities = model.probabilities(inputs(valid));
            int[] validLabels = labels(valid, classes);
            decision = ThresholdSearch.best(validLabels, java.util.Arrays.stream(validProbabilities)
                    .mapToDouble(p -> p[1]).toArray(), criterion).map(c -> ClassDecision.threshold(c.threshold()))
                    .orElse(ClassDecision.MOST_PROBABLE);
            validMetrics = Metrics.classification(validLabels, validProbabilities, decision);
            lambda = model.lambda();
            selection = model.validationLoss().get(lambda);
            features = model.featureCount();
        }
        // Trainable: one weight per feature and the intercept.
        return new RunRecord(b.id(), Method.FINGERPRINT, seed, Double.NaN, lambda, true, selection, 0, features + 1L,
                train.size(), validMetrics, Comparison.metrics(predictions, regression, decision),
                (System.nanoTime() - start) / 1e9, List.of(), List.of(), predictions);
    }

    private static List<Map<String, String>> inputs(List<Example> rows) {
        return rows.stream().map(Example::inputs).toList();
    }

    private static double[] targets(List<Example> rows) {
        return rows.stream().mapToDouble(e -> e.numericTarget()[0]).toArray();
    }

    private static int[] labels(List<Example> rows, List<String> classes) {
        return rows.stream().mapToInt(e -> classes.indexOf(e.label())).toArray();
    }
}
