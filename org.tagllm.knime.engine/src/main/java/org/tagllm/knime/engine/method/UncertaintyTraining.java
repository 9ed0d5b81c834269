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
import org.tagllm.knime.engine.bank.Head;
import org.tagllm.knime.engine.bank.TagBank;
import org.tagllm.knime.engine.bank.TagEntry;
import org.tagllm.knime.engine.bank.TaskEntry;
import org.tagllm.knime.engine.data.Example;
import org.tagllm.knime.engine.split.Partition;
import org.tagllm.knime.engine.split.SplitSpec;
import org.tagllm.knime.engine.train.ProgressListener;
import org.tagllm.knime.engine.train.TrainingCancelledException;
import org.tagllm.knime.engine.train.TrainingSettings;
import org.tagllm.knime.engine.uncertainty.CrossConformal;

/**
 * Stage 2 or 3 with the trust a chemist needs: {@link FunctionTraining} once, or k times with seeds {@code seed},
 * {@code seed + 1} … over the same frozen domain tags, split and row caps (an ensemble, one bank holding every
 * member); then the bank's calibration fitted on the validation rows ({@link Calibrating}) and measured on the test
 * rows, whose figures join the test metrics under {@value UncertaintyMetrics#PREFIX}.
 */
public final class UncertaintyTraining {

    /**
     * @param ensemble       members, 1 for a single function tag
     * @param calibrate      whether to fit and store the conformal calibration (intervals or sets)
     * @param calibration    its coverage and neighbours
     * @param crossConformal calibrate cross-conformally: the {@code ensemble} members are trained on {@code ensemble}
     *                       folds of the non-test rows ({@link SplitSpec.Fold}; scaffold families whole under a
     *                       scaffold split), and the quantiles taken over every member's out-of-fold scores
     *                       ({@link CrossConformal}) instead of over the validation rows
     * @param foldScaffolds  cross-conformal: the SMILES column whose scaffolds the folds keep whole when the run's own
     *                       split does not say (a split given by a column, as {@code evaluate}'s shared table is);
     *                       null to group as the split does
     * @param domain         whether to store the applicability domain (training readouts and fingerprints, the flag
     *                       threshold), with or without {@code calibrate}; by default as {@code calibrate}
     */
    public record Settings(int ensemble, boolean calibrate, Calibrating.Settings calibration,
            boolean crossConformal, String foldScaffolds, boolean domain) {

        public static final Settings NONE = new Settings(1, false, Calibrating.Settings.DEFAULTS);

        /** Split-conformal calibration on the validation rows. */
        public Settings(int ensemble, boolean calibrate, Calibrating.Settings calibration) {
            this(ensemble, calibrate, calibration, false, null, calibrate);
        }

        /** Cross-conformal ({@code true}) folds grouped as the run's split groups. */
        public Settings(int ensemble, boolean calibrate, Calibrating.Settings calibration, boolean crossConformal) {
            this(ensemble, calibrate, calibration, crossConformal, null, calibrate);
        }

        /** The applicability domain stored whenever the conformal calibration is, as before it could be chosen. */
        public Settings(int ensemble, boolean calibrate, Calibrating.Settings calibration, boolean crossConformal,
                String foldScaffolds) {
            this(ensemble, calibrate, calibration, crossConformal, foldScaffolds, calibrate);
        }

        /** The same with the applicability domain stored ({@code true}) or left out, whatever the calibration. */
        public Settings withDomain(boolean domain) {
            return new Settings(ensemble, calibrate, calibration, crossConformal, foldScaffolds, domain);
        }

        /** The same with cross-conformal folds kept whole by the scaffolds of {@code column}. */
        public Settings withFoldScaffolds(String column) {
            return new Settings(ensemble, calibrate, calibration, crossConformal, column, domain);
        }

        public Settings {
            if (ensemble < 1) {
                throw new IllegalArgumentException("an ensemble needs at least 1 member, got " + ensemble);
            }
            if (crossConformal && (ensemble < 2 || !calibrate)) {
                throw new IllegalArgumentException("cross-conformal calibration needs calibration and at least 2 "
                        + "folds (ensemble members), got " + ensemble);
            }
        }

        /**
         * The settings {@code tagllm train} and the Tag Trainer node ask for: {@code ensemble} members, calibration
         * at {@code coverage} or none, the default neighbours of the readout distance.
         */
        public static Settings of(int ensemble, boolean calibrate, double coverage) {
            return new Settings(ensemble, calibrate, new Calibrating.Settings(coverage,
                    Calibrating.Settings.DEFAULTS.neighbours()));
        }

        public boolean any() {
            return ensemble > 1 || calibrate || domain;
        }
    }

    /** How the one warning starts that says why a run asked to calibrate stored no calibration (too few rows). */
    public static final String NO_CALIBRATION = "no calibration stored: ";

    private UncertaintyTraining() {}

    /**
     * As {@link FunctionTraining#run}; an ensemble's result is its first member's, with the bank holding every member
     * and the test metrics those of the members' mean. Generation tasks and ablation layouts (no bank) train as
     * plain runs.
     *
     * @param resumeFrom a checkpoint to resume the (single) run from; ensembles cannot resume
     */
    public static FunctionTraining.Result run(LocalModel model, TagBank domainBank, LabelledTask task, DataSource data,
            FunctionTraining.Settings s, Settings u, ProgressListener progress, BooleanSupplier cancelled,
            Path resumeFrom) throws IOException, ModelFormatException, BankConflictException,
            TrainingCancelledException {
        if (u.ensemble() > 1 && resumeFrom != null) {
            throw new IllegalArgumentException("an ensemble cannot resume from a checkpoint; train it again");
        }
        // Every member sees the same split and row caps: they follow the data seed, fixed here to the first seed's.
        FunctionTraining.Settings fixed = s.withDataSeed(s.splitSeed());
        if (u.crossConformal() && task.type() != LabelledTask.Type.GENERATION) {
            return CrossConformalTraining.run(model, domainBank, task, data, fixed, u, progress, cancelled);
        }
        FunctionTraining.Result first = FunctionTraining.run(model, domainBank, task, data, fixed, progress, cancelled,
                resumeFrom);
        if (first.bank() == null || task.type() == LabelledTask.Type.GENERATION || !u.any()) {
            return first;
        }
        String tag = task.functionTag();
        TagBank bank = first.bank();
        if (u.ensemble() > 1) {
            List<String> members = new ArrayList<>(List.of(tag));
            for (int i = 1; i < u.ensemble(); i++) {
                // Each member keeps its checkpoints in a folder of its own inside the run's.
                TrainingSettings t = s.training().withSeed(s.training().seed() + i);
                Path dir = s.training().checkpointDir().orElse(null);
                t = t.withCheckpointDir(dir == null ? null : dir.resolve("member-" + (i + 1)));
                FunctionTraining.Result member = FunctionTraining.run(model, domainBank, task, data,
                        fixed.withTraining(t), progress, cancelled, null);
                String name = EnsembleEntry.memberTag(tag, i);
                bank = withMember(bank, member.bank(), tag, name);
                members.add(name);
            }
            bank = bank.withEnsemble(new EnsembleEntry(tag, members));
        }
        Map<Partition, List<Example>> parts = FunctionTraining.parts(task, data, fixed);
        List<Example> train = FunctionTraining.capped(parts.get(Partition.TRAIN), fixed.maxTrainExamples(), fixed);
        List<Example> valid = FunctionTraining.capped(parts.get(Partition.VALID), fixed.maxEvalExamples(), fixed);
        List<Example> test = FunctionTraining.capped(parts.get(Partition.TEST), fixed.maxEvalExamples(), fixed);
        int batch = Math.max(s.training().batchSize(), 16);
        List<String> warnings = new ArrayList<>(first.warnings());
        if (u.calibrate() || u.domain()) {
            String tooFew = Calibrating.tooFewRows(train, valid, u.calibration(), u.calibrate(), u.domain());
            if (tooFew == null) {
                bank = Calibrating.calibrate(model, bank, tag, train, valid, u.calibration(), u.calibrate(),
                        u.domain(), batch);
                bank = TrainingSequences.add(bank, tag, train); // a protein input's sequence-identity reference
            } else {
                warnings.add(NO_CALIBRATION + tooFew);
            }
        }
        Map<String, Double> testMetrics = new LinkedHashMap<>(first.testMetrics());
        TaskPredictions testPredictions = first.testPredictions();
        if (!test.isEmpty()) {
            Calibrating.Measured measured = Calibrating.measure(model, bank, tag, test, batch);
            if (u.ensemble() > 1) {
                testMetrics = new LinkedHashMap<>(measured.metrics());
                testPredictions = measured.predictions();
            }
            testMetrics.putAll(measured.uncertainty());
        }
        return new FunctionTraining.Result(bank, first.training(), first.stage(), first.sizes(), first.validMetrics(),
                testMetrics, first.report(), first.trainableParameters() * u.ensemble(), testPredictions,
                warnings);
    }

    /** The bank with another member's function tag, head and task added under {@code name}. */
    static TagBank withMember(TagBank bank, TagBank member, String tag, String name) {
        Head head = member.head(tag).orElseThrow();
        TaskEntry t = member.task(tag).orElseThrow();
        return bank.withTag(name, TagEntry.Kind.FUNCTION, member.tag(tag))
                .withHead(BankTensors.renamed(head, name))
                .withTask(new TaskEntry(name, t.taskType(), t.fields(), t.segmentIsolation(), t.inputSettings()))
                .withProvenance(member.manifest().provenance().get(member.manifest().provenance().size() - 1));
    }
}
