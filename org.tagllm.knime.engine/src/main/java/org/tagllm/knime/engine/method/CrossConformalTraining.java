package org.tagllm.knime.engine.method;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;
import org.tagllm.knime.engine.LocalModel;
import org.tagllm.knime.engine.ModelFormatException;
import org.tagllm.knime.engine.bank.BankConflictException;
import org.tagllm.knime.engine.bank.EnsembleEntry;
import org.tagllm.knime.engine.bank.HeadEntry;
import org.tagllm.knime.engine.bank.TagBank;
import org.tagllm.knime.engine.data.Example;
import org.tagllm.knime.engine.split.Partition;
import org.tagllm.knime.engine.split.SplitSpec;
import org.tagllm.knime.engine.train.ProgressListener;
import org.tagllm.knime.engine.train.TrainingCancelledException;
import org.tagllm.knime.engine.train.TrainingSettings;
import org.tagllm.knime.engine.uncertainty.CrossConformal;
import org.tagllm.knime.engine.uncertainty.PredictionSets;
import org.tagllm.knime.engine.uncertainty.RegressionIntervals;

/**
 * {@link UncertaintyTraining} with cross-conformal calibration: K members, member k (seed {@code seed + k}) trained on
 * the split's non-test rows without fold k ({@link SplitSpec.Fold}; fold k is its validation part, for early stopping
 * and temperature as usual), scores fold k's rows; the out-of-fold scores of all K folds are pooled into the interval
 * or set quantiles ({@link CrossConformal}). The bank holds the K members as an ensemble, whose mean predicts. The
 * applicability domain is fitted as for split-conformal calibration on the first member's fold: its training rows the
 * reference, its held-out fold the rows that choose the flag.
 */
final class CrossConformalTraining {

    private CrossConformalTraining() {}

    /** @param fixed the run's settings with the data seed fixed (every member splits alike) */
    static FunctionTraining.Result run(LocalModel model, TagBank domainBank, LabelledTask task, DataSource data,
            FunctionTraining.Settings fixed, UncertaintyTraining.Settings u, ProgressListener progress,
            BooleanSupplier cancelled) throws IOException, ModelFormatException, BankConflictException,
            TrainingCancelledException {
        SplitSpec base = FunctionTraining.splitSpec(fixed);
        SplitSpec.Fold shape = new SplitSpec.Fold(base, u.ensemble(), 0);
        String scaffolds = u.foldScaffolds() != null ? u.foldScaffolds() : shape.scaffoldColumn();
        // A given split has no seed of its own: the folds follow the data seed.
        long seed = base instanceof SplitSpec.Given ? fixed.splitSeed() : shape.seed();
        int folds = u.ensemble();
        String tag = task.functionTag();
        boolean classes = task.type() == LabelledTask.Type.CLASSIFICATION;
        int batch = Math.max(fixed.training().batchSize(), 16);
        FunctionTraining.Result first = null;
        TagBank bank = null;
        List<String> members = new ArrayList<>();
        List<double[]> truth = new ArrayList<>();
        List<double[]> predicted = new ArrayList<>();
        List<int[]> labels = new ArrayList<>();
        List<double[][]> probabilities = new ArrayList<>();
        Map<Partition, List<Example>> firstParts = null;
        for (int k = 0; k < folds; k++) {
            TrainingSettings t = fixed.training().withSeed(fixed.training().seed() + k);
            Path dir = fixed.training().checkpointDir().orElse(null);
            t = t.withCheckpointDir(dir == null || k == 0 ? dir : dir.resolve("member-" + (k + 1)));
            FunctionTraining.Settings fold = fixed.toBuilder().optSplitColumn(null).optSplit(new SplitSpec.Fold(base,
                    folds, k, scaffolds, seed)).build().withTraining(t);
            FunctionTraining.Result member = FunctionTraining.run(model, domainBank, task, data, fold, progress,
                    cancelled, null);
            if (member.bank() == null) {
                throw new IllegalArgumentException("cross-conformal calibration needs the Tag-LLM layout (a bank)");
            }
            Map<Partition, List<Example>> parts = FunctionTraining.parts(task, data, fold);
            // The member alone, on the fold it never saw.
            try (TagPredictor predictor = TagPredictor.open(model, member.bank(), tag, false)) {
                HeadEntry head = predictor.headEntry();
                List<Example> rows = Calibrating.labelled(predictor.readable(parts.get(Partition.VALID)), head);
                double[][] values = predictor.scoreExamples(rows, batch).values();
                if (classes) {
                    labels.add(Calibrating.labels(rows, head));
                    probabilities.add(values);
                } else {
                    truth.add(Calibrating.firstTargets(rows));
                    predicted.add(Calibrating.first(values));
                }
            }
            if (k == 0) {
                first = member;
                bank = member.bank();
                firstParts = parts;
                members.add(tag);
            } else {
                String name = EnsembleEntry.memberTag(tag, k);
                bank = UncertaintyTraining.withMember(bank, member.bank(), tag, name);
                members.add(name);
            }
        }
        bank = bank.withEnsemble(new EnsembleEntry(tag, members));
        int pooled = classes ? labels.stream().mapToInt(l -> l.length).sum()
                : truth.stream().mapToInt(y -> y.length).sum();
        List<String> warnings = new ArrayList<>(first.warnings());
        double coverage = u.calibration().coverage();
        List<Example> train = firstParts.get(Partition.TRAIN);
        List<Example> heldOut = firstParts.get(Partition.VALID);
        String tooFew = Calibrating.tooFewRows(train, heldOut, u.calibration(), true, u.domain());
        if (tooFew == null && pooled >= Calibrating.minimumValidationRows(coverage)) {
            bank = Calibrating.calibrate(model, bank, tag, train, heldOut, u.calibration(), true, u.domain(), batch);
            RegressionIntervals intervals = classes ? null : CrossConformal.intervals(truth, predicted, coverage);
            PredictionSets sets = classes ? CrossConformal.sets(labels, probabilities, coverage,
                    u.calibration().classConditional()) : null;
            bank = Calibrating.withCrossConformal(bank, tag, intervals, sets, pooled, folds);
            bank = TrainingSequences.add(bank, tag, train); // a protein input's sequence-identity reference
        } else {
            warnings.add(UncertaintyTraining.NO_CALIBRATION + (tooFew != null ? tooFew : "coverage " + coverage
                    + " needs at least " + Calibrating.minimumValidationRows(coverage) + " out-of-fold rows, the "
                    + "folds hold " + pooled));
        }
        Map<String, Double> testMetrics = new LinkedHashMap<>(first.testMetrics());
        TaskPredictions testPredictions = first.testPredictions();
        List<Example> test = firstParts.get(Partition.TEST);
        if (!test.isEmpty()) {
            Calibrating.Measured measured = Calibrating.measure(model, bank, tag, test, batch);
            testMetrics = new LinkedHashMap<>(measured.metrics());
            testMetrics.putAll(measured.uncertainty());
            testPredictions = measured.predictions();
        }
        return new FunctionTraining.Result(bank, first.training(), first.stage(), first.sizes(), first.validMetrics(),
                testMetrics, first.report(), first.trainableParameters() * folds, testPredictions, warnings);
    }
}
