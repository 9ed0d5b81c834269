package org.tagllm.knime.engine.evaluate;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.function.BooleanSupplier;
import java.util.function.IntFunction;
import org.tagllm.knime.engine.LocalModel;
import org.tagllm.knime.engine.ModelFormatException;
import org.tagllm.knime.engine.bank.BankConflictException;
import org.tagllm.knime.engine.bank.TagBank;
import org.tagllm.knime.engine.data.BadRowPolicy;
import org.tagllm.knime.engine.data.Example;
import org.tagllm.knime.engine.method.ClassDecision;
import org.tagllm.knime.engine.method.FunctionTraining;
import org.tagllm.knime.engine.method.LabelledTask;
import org.tagllm.knime.engine.method.Metrics;
import org.tagllm.knime.engine.method.TaskPredictions;
import org.tagllm.knime.engine.method.UncertaintyTraining;
import org.tagllm.knime.engine.split.Partition;
import org.tagllm.knime.engine.train.ProgressListener;
import org.tagllm.knime.engine.train.TrainingCancelledException;
import org.tagllm.knime.engine.train.TrainingResult;
import org.tagllm.knime.engine.train.TrainingSettings;

/**
 * Runs methods on one task by one protocol: the same frozen model, rows and split for all; every LLM method searches
 * the same learning-rate grid on the validation split with the first seed, keeps the parameters of its best
 * validation epoch, then runs its chosen rate once per further seed. Methods without the LLM read the same rows.
 */
public final class Comparison {

    /** Hears each run begin and end; {@link #training()} hears the epochs inside. */
    public interface Listener {
        Listener NONE = new Listener() {};

        default void started(Benchmark benchmark, Method method, long seed, double learningRate) {}

        default void finished(RunRecord run) {}

        /** A run finished by an earlier, interrupted comparison, read back instead of trained. */
        default void resumed(RunRecord run) {}

        default ProgressListener training() {
            return ProgressListener.NONE;
        }
    }

    private Comparison() {}

    /**
     * @param domains the stage-1 domain tags the task's inputs name (merged), or null when no method needs them
     * @return every run, the losing grid runs included ({@link RunRecord#chosen()} false)
     */
    public static List<RunRecord> run(LocalModel model, TagBank domains, Benchmark benchmark, List<Method> methods,
            ComparisonSettings s, Listener listener, BooleanSupplier cancelled)
            throws IOException, ModelFormatException, BankConflictException, TrainingCancelledException {
        return run(model, domains, benchmark, methods, s, listener, cancelled, null);
    }

    /**
     * As {@link #run(LocalModel, TagBank, Benchmark, List, ComparisonSettings, Listener, BooleanSupplier)}, keeping
     * every run in {@code finished} as it finishes and reading back, instead of training, the runs kept there
     * already (null: keep nothing).
     */
    public static List<RunRecord> run(LocalModel model, TagBank domains, Benchmark benchmark, List<Method> methods,
            ComparisonSettings s, Listener listener, BooleanSupplier cancelled, FinishedRuns finished)
            throws IOException, ModelFormatException, BankConflictException, TrainingCancelledException {
        try (SharedRows rows = SharedRows.write(benchmark, parts(benchmark, s))) {
            return run(model, domains, benchmark, rows, methods, s, listener, cancelled, finished);
        }
    }

    /** One run: read back when kept, else made by {@code make} and kept. */
    private interface RunMaker {
        RunRecord make() throws IOException, ModelFormatException, BankConflictException, TrainingCancelledException;
    }

    private static RunRecord once(FinishedRuns finished, Benchmark b, Method m, long seed, double lr,
            Listener listener, RunMaker make)
            throws IOException, ModelFormatException, BankConflictException, TrainingCancelledException {
        if (finished != null) {
            var kept = finished.find(b.id(), m, seed, lr);
            if (kept.isPresent()) {
                listener.resumed(kept.get());
                return kept.get();
            }
        }
        listener.started(b, m, seed, lr);
        RunRecord r = make.make();
        if (finished != null) {
            finished.save(r);
        }
        return r;
    }

    private static List<RunRecord> run(LocalModel model, TagBank domains, Benchmark benchmark, SharedRows rows,
            List<Method> methods, ComparisonSettings s, Listener listener, BooleanSupplier cancelled,
            FinishedRuns finished)
            throws IOException, ModelFormatException, BankConflictException, TrainingCancelledException {
        List<RunRecord> runs = new ArrayList<>();
        for (Method m : methods) {
            if (!m.usesModel()) {
                RunRecord r = once(finished, benchmark, m, s.seeds().get(0), Double.NaN, listener,
                        () -> m == Method.MEAN ? meanPredictor(benchmark, s.seeds().get(0), rows.parts())
                                : FingerprintRun.run(benchmark, s.seeds().get(0), rows.parts(), s.threshold()));
                runs.add(r);
                listener.finished(r);
                continue;
            }
            // 1. The grid on the validation split, first seed.
            long first = s.seeds().get(0);
            RunRecord best = null;
            List<RunRecord> grid = new ArrayList<>();
            for (double lr : s.learningRates()) {
                RunRecord r = once(finished, benchmark, m, first, lr, listener,
                        () -> train(model, domains, rows, m, first, lr, s, listener, cancelled));
                grid.add(r);
                if (best == null || r.selectionScore() < best.selectionScore()
                        || Double.isNaN(best.selectionScore())) {
                    best = r;
                }
            }
            for (RunRecord r : grid) {
                RunRecord marked = r.chosen(r == best);
                runs.add(marked);
                listener.finished(marked);
            }
            // 2. The chosen rate, once per further seed.
            for (long seed : s.seeds().subList(1, s.seeds().size())) {
                double lr = best.learningRate();
                RunRecord r = once(finished, benchmark, m, seed, lr, listener,
                        () -> train(model, domains, rows, m, seed, lr, s, listener, cancelled)).chosen(true);
                runs.add(r);
                listener.finished(r);
            }
        }
        return runs;
    }

    /** The settings a method trains with: one split for all (the data seed), its own training seed and rate. */
    static FunctionTraining.Settings settings(Benchmark b, ComparisonSettings s, Method m, long seed, double lr) {
        TrainingSettings training = TrainingSettings.builder().setBatchSize(s.batchSize()).optEpochs(s.epochs())
                .optLearningRate(Double.isNaN(lr) ? 1e-3 : lr).optSeed(seed).optRestoreBestParameters(true)
                .build();
        FunctionTraining.Settings settings = FunctionTraining.Settings.builder().optVectors(s.vectors())
                .optMaxTokens(s.maxTokens()).optBadRows(BadRowPolicy.SKIP).optSplitColumn(b.splitColumn())
                .optValidFraction(0.1).optTestFraction(0.1).optMaxTrainExamples(s.maxTrain())
                .optMaxEvalExamples(s.maxEval()).setTraining(training).optDataSeed(s.dataSeed()).optSplit(b.split())
                .optPromptInit(s.promptInit()).optFieldMaxTokens(s.fieldMaxTokens()).optClassBalance(s.classBalance())
                .optThreshold(s.threshold()).build();
        return m.usesModel() ? settings.withLayout(m.layout()) : settings;
    }

    private static RunRecord train(LocalModel model, TagBank domains, SharedRows rows, Method m, long seed,
            double lr, ComparisonSettings s, Listener listener, BooleanSupplier cancelled)
            throws IOException, ModelFormatException, BankConflictException, TrainingCancelledException {
        long start = System.nanoTime();
        Benchmark b = rows.benchmark();
        // The shared table is split and capped already.
        ComparisonSettings uncapped = s.toBuilder().optMaxTrain(0).optMaxEval(0).build();
        // Only the full method stores a bank, so only it has an ensemble and calibration to measure.
        UncertaintyTraining.Settings u = m == Method.TAG_LLM ? s.uncertainty() : UncertaintyTraining.Settings.NONE;
        if (u.crossConformal() && u.foldScaffolds() == null) {
            // The shared table is split by its part column; cross-conformal folds keep the source split's scaffolds.
            u = u.withFoldScaffolds(rows.scaffoldColumn());
        }
        FunctionTraining.Result r = UncertaintyTraining.run(model, m.needsDomainTags() ? domains : null, b.task(),
                b.data(), settings(b, uncapped, m, seed, lr), u, listener.training(), cancelled, null);
        double seconds = (System.nanoTime() - start) / 1e9;
        TrainingResult t = r.training();
        return new RunRecord(b.id(), m, seed, lr, Double.NaN, false, t.bestValidation().orElse(Double.NaN),
                t.bestEpoch(), r.trainableParameters(), r.sizes().get(Partition.TRAIN), r.validMetrics(),
                r.testMetrics(), seconds, t.epochLosses(), t.validations(), rows.sourceRows(r.testPredictions()));
    }

    /** The rows every method reads: training, validation and test, after checks, split and caps. */
    static Map<Partition, List<Example>> parts(Benchmark b, ComparisonSettings s) throws IOException {
        return FunctionTraining.parts(b.task(), b.data(), settings(b, s, Method.MEAN, s.seeds().get(0), Double.NaN));
    }

    /** The training mean (regression) or the training class frequencies (classification) for every row. */
    static RunRecord meanPredictor(Benchmark b, long seed, Map<Partition, List<Example>> parts) {
        long start = System.nanoTime();
        List<Example> train = parts.get(Partition.TRAIN);
        boolean regression = b.task().type() == LabelledTask.Type.REGRESSION;
        List<String> classes = regression ? List.of()
                : new ArrayList<>(new TreeSet<>(train.stream().map(Example::label).toList()));
        double[] constant;
        if (regression) {
            constant = new double[] {train.stream().mapToDouble(e -> e.numericTarget()[0]).average().orElseThrow()};
        } else {
            constant = new double[classes.size()];
            train.forEach(e -> constant[classes.indexOf(e.label())] += 1.0 / train.size());
        }
        Map<String, Double> valid = score(parts.get(Partition.VALID), constant, classes, regression);
        List<Example> test = parts.get(Partition.TEST);
        TaskPredictions predictions = predictions(test, classes, regression, row -> constant);
        return new RunRecord(b.id(), Method.MEAN, seed, Double.NaN, Double.NaN, true, Double.NaN, 0,
                constant.length, train.size(), valid, metrics(predictions, regression),
                (System.nanoTime() - start) / 1e9, List.of(), List.of(), predictions);
    }

    private static Map<String, Double> score(List<Example> rows, double[] constant, List<String> classes,
            boolean regression) {
        return rows.isEmpty() ? Map.of() : metrics(predictions(rows, classes, regression, row -> constant),
                regression);
    }

    /** The predictions of {@code answer} on {@code rows}, with their truth (the target, or the class index). */
    static TaskPredictions predictions(List<Example> rows, List<String> classes, boolean regression,
            IntFunction<double[]> answer) {
        long[] ids = new long[rows.size()];
        double[][] truth = new double[rows.size()][];
        double[][] predicted = new double[rows.size()][];
        for (int i = 0; i < ids.length; i++) {
            Example e = rows.get(i);
            ids[i] = e.row();
            truth[i] = regression ? e.numericTarget() : new double[] {classIndex(classes, e)};
            predicted[i] = answer.apply(i);
        }
        return new TaskPredictions(ids, truth, predicted);
    }

    private static int classIndex(List<String> classes, Example e) {
        int c = classes.indexOf(e.label());
        if (c < 0) {
            throw new IllegalArgumentException("row " + e.row() + ": label '" + e.label()
                    + "' never occurs in the training rows " + classes);
        }
        return c;
    }

    /** The task's figures of some predictions. */
    static Map<String, Double> metrics(TaskPredictions p, boolean regression) {
        if (p.size() == 0) {
            return Map.of();
        }
        if (regression) {
            return Metrics.regression(Arrays.stream(p.truth()).mapToDouble(t -> t[0]).toArray(),
                    Arrays.stream(p.predicted()).mapToDouble(v -> v[0]).toArray());
        }
        return metrics(p, regression, ClassDecision.MOST_PROBABLE);
    }

    /** The task's figures of some predictions, classes named by {@code decision}. */
    static Map<String, Double> metrics(TaskPredictions p, boolean regression, ClassDecision decision) {
        if (p.size() == 0) {
            return Map.of();
        }
        if (regression) {
            return metrics(p, true);
        }
        return Metrics.classification(Arrays.stream(p.truth()).mapToInt(t -> (int) t[0]).toArray(),
                p.predicted(), decision);
    }
}
