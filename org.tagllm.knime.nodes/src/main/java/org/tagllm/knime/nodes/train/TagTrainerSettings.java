package org.tagllm.knime.nodes.train;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import org.tagllm.knime.engine.data.BadRowPolicy;
import org.tagllm.knime.engine.data.ColumnKind;
import org.tagllm.knime.engine.method.Calibrating;
import org.tagllm.knime.engine.method.FunctionTraining;
import org.tagllm.knime.engine.method.LabelledTask;
import org.tagllm.knime.engine.method.UncertaintyTraining;
import org.tagllm.knime.nodes.common.Checks;
import org.tagllm.knime.nodes.common.TrainingParameters;
import org.tagllm.knime.nodes.exec.SettingsException;
import org.tagllm.knime.nodes.port.TagModelSpec;
import org.tagllm.knime.nodes.table.CellType;
import org.tagllm.knime.nodes.table.ColumnSpec;
import org.tagllm.knime.nodes.table.TableShape;

/**
 * Settings of the Tag Trainer node, with the defaults of {@code tagllm train}.
 *
 * @param functionTag      the new function tag, e.g. {@code <QED>}; no default
 * @param taskType         regression (numeric targets), classification (a label column) or generation (an answer
 *                         text column)
 * @param inputs           input columns in reading order, each with its domain tag
 * @param targets          numeric target columns (regression)
 * @param label            the class label column (classification) or answer column (generation)
 * @param splitColumn      a column naming each row's part (train…/valid/test), or null for a seeded random split
 * @param validFraction    validation share (of a random split, or carved from training when the column has none)
 * @param testFraction     test share of a random split
 * @param vectors          p of the function tag
 * @param maxTokens        positions per example at most (capped by the model); longer inputs are cut
 * @param maxTrainRows     training rows at most (0 = all)
 * @param maxEvalRows      validation and test rows at most, each (0 = all)
 * @param enrichDomainTags stage 2 only: train the domain tag too
 * @param isolateSegments  each tagged segment attends to nothing before it
 * @param training         optimiser, schedule, epochs or steps, seed, early stopping
 * @param device           {@code cpu} or {@code cuda:N}
 * @param badRows          skip (with a warning) or fail
 * @param calibrate        fit split-conformal intervals (regression) or prediction sets (classification) on the
 *                         validation rows and store them in the bank, as {@code tagllm train} does unless
 *                         {@code --no-calibration}
 * @param coverage         the intervals' or sets' coverage, e.g. 0.9 ({@code --coverage})
 * @param ensembleSize     function tags and heads trained with seeds seed, seed+1 … over the same domain tags, in
 *                         one bank; 1 = a single tag ({@code --ensemble})
 * @param applicabilityDomain store the applicability domain (ECFP4 similarity, readout distance percentile and
 *                         flag, protein sequence identity), with or without {@code calibrate} (as {@code tagllm train}
 *                         unless {@code --no-domain}, or with {@code --domain} beside {@code --no-calibration})
 */
public record TagTrainerSettings(String functionTag, LabelledTask.Type taskType, List<InputMapping> inputs,
        List<String> targets, String label, String splitColumn, double validFraction, double testFraction,
        int vectors, int maxTokens, int maxTrainRows, int maxEvalRows, boolean enrichDomainTags,
        boolean isolateSegments, TrainingParameters training, String device, BadRowPolicy badRows,
        boolean calibrate, double coverage, int ensembleSize, boolean applicabilityDomain) {

    /** The coverage of {@code tagllm train --coverage}, the engine's default. */
    public static final double DEFAULT_COVERAGE = Calibrating.Settings.DEFAULTS.coverage();

    public TagTrainerSettings {
        Objects.requireNonNull(taskType, "taskType");
        Objects.requireNonNull(training, "training");
        inputs = inputs == null ? List.of() : List.copyOf(inputs);
        targets = targets == null ? List.of() : List.copyOf(targets);
    }

    /** Every setting at its default: those of {@code tagllm train}, from the engine's {@link FunctionTraining.Settings}. */
    public static TagTrainerSettings defaults() {
        return builder().build();
    }

    /** Settings from the defaults; nothing is required here, {@link #validate} checks them against the inputs. */
    public static Builder builder() {
        return new Builder();
    }

    /** A builder holding these settings, to change some of them. */
    public Builder toBuilder() {
        return new Builder().optFunctionTag(functionTag).optTaskType(taskType).optInputs(inputs).optTargets(targets)
                .optLabel(label).optSplitColumn(splitColumn).optValidFraction(validFraction)
                .optTestFraction(testFraction).optVectors(vectors).optMaxTokens(maxTokens).optMaxTrainRows(maxTrainRows)
                .optMaxEvalRows(maxEvalRows).optEnrichDomainTags(enrichDomainTags).optIsolateSegments(isolateSegments)
                .optTraining(training).optDevice(device).optBadRows(badRows).optCalibrate(calibrate)
                .optCoverage(coverage).optEnsembleSize(ensembleSize).optApplicabilityDomain(applicabilityDomain);
    }

    /**
     * @param ports the specs of the tag-model inputs (for the domain tags they offer)
     * @throws SettingsException naming the first setting that cannot be used with these inputs
     */
    public void validate(TableShape table, List<TagModelSpec> ports) throws SettingsException {
        Checks.tagName("function tag", functionTag);
        if (inputs.isEmpty()) {
            throw new SettingsException("input columns", null, "choose at least one input column and its domain tag");
        }
        Set<String> offered = new HashSet<>();
        ports.forEach(p -> offered.addAll(p.domainTags()));
        Set<String> used = new HashSet<>();
        for (InputMapping in : inputs) {
            ColumnSpec c = Checks.textColumn("input column", in.column(), table, true);
            requireOnce(used, in.column(), "input column");
            ColumnKind kind = in.kind().resolve(c.type(), in.domainTag());
            if (in.domainTag() == null) {
                if (kind != ColumnKind.TEXT) {
                    throw new SettingsException("domain tag of " + in.column(), null, "a "
                            + kind.name().toLowerCase(Locale.ROOT) + " input stands behind a domain tag (e.g. "
                            + "<SMILES>); only plain text may stand untagged");
                }
            } else {
                Checks.tagName("domain tag of " + in.column(), in.domainTag());
                if (!offered.contains(in.domainTag())) {
                    throw new SettingsException("domain tag of " + in.column(), in.domainTag(), "no input tag model "
                            + "holds it; they hold " + List.copyOf(new TreeSet<>(offered))
                            + ". Train it with Domain Tag Pretrain and connect its port");
                }
            }
        }
        if (inputs.stream().allMatch(in -> in.domainTag() == null)) {
            throw new SettingsException("input columns", null, "no input has a domain tag; give at least one");
        }
        if (ports.stream().anyMatch(p -> p.tag(functionTag).isPresent())) {
            throw new SettingsException("function tag", functionTag, "an input tag model already has a tag of this "
                    + "name; choose another");
        }
        switch (taskType) {
            case REGRESSION -> {
                if (targets.isEmpty()) {
                    throw new SettingsException("target columns", null, "a regression task needs at least one "
                            + "numeric target column");
                }
                for (String t : targets) {
                    ColumnSpec c = Checks.column("target column", t, table);
                    if (!c.type().isNumeric()) {
                        throw new SettingsException("target column", t, "holds " + c.type().name()
                                .toLowerCase(Locale.ROOT) + " cells; a regression target is numeric");
                    }
                    requireOnce(used, t, "target column");
                }
            }
            case CLASSIFICATION -> {
                Checks.column("label column", label, table);
                requireOnce(used, label, "label column");
            }
            case GENERATION -> {
                Checks.textColumn("answer column", label, table, false);
                requireOnce(used, label, "answer column");
            }
        }
        if (splitColumn != null) {
            ColumnSpec c = Checks.column("split column", splitColumn, table);
            if (c.type() != CellType.STRING) {
                throw new SettingsException("split column", splitColumn, "holds " + c.type().name()
                        .toLowerCase(Locale.ROOT) + " cells; it names each row's part (train, valid, test)");
            }
            requireOnce(used, splitColumn, "split column");
        }
        if (!(validFraction >= 0 && validFraction < 1)) {
            throw new SettingsException("validation fraction", validFraction, "must lie in [0, 1)");
        }
        if (!(testFraction >= 0 && testFraction < 1)) {
            throw new SettingsException("test fraction", testFraction, "must lie in [0, 1)");
        }
        if (splitColumn == null && validFraction + testFraction >= 1) {
            throw new SettingsException("test fraction", testFraction, "validation and test fractions add up to "
                    + (validFraction + testFraction) + "; leave rows to train on");
        }
        Checks.atLeast("vectors", vectors, 1);
        Checks.atLeast("max tokens", maxTokens, 2);
        Checks.atLeast("max training rows", maxTrainRows, 0);
        Checks.atLeast("max evaluation rows", maxEvalRows, 0);
        training.validate();
        Checks.device(device);
        Checks.trainingBadRows(badRows);
        validateUncertainty();
    }

    /** Coverage and ensemble size, as {@code tagllm train} checks them. */
    void validateUncertainty() throws SettingsException {
        if (!(coverage > 0 && coverage < 1)) {
            throw new SettingsException("coverage", coverage, "must lie strictly between 0 and 1, e.g. 0.9");
        }
        Checks.atLeast("ensemble size", ensembleSize, 1);
    }

    private static void requireOnce(Set<String> used, String column, String role) throws SettingsException {
        if (!used.add(column)) {
            throw new SettingsException(role, column, "the column already has another role; an input cannot also be "
                    + "a target, label or split column");
        }
    }

    /** The engine's task: columns with their kinds and tokenisation, stage 3 when two domain tags appear. */
    public LabelledTask task(TableShape table) {
        List<LabelledTask.Input> fields = new ArrayList<>();
        for (InputMapping in : inputs) {
            ColumnKind kind = in.kind().resolve(table.column(in.column()).type(), in.domainTag());
            fields.add(new LabelledTask.Input(in.column(), kind, in.domainTag(), in.tokenization().resolve(kind)));
        }
        return new LabelledTask(functionTag, taskType, fields, taskType == LabelledTask.Type.REGRESSION ? targets
                : List.of(), taskType == LabelledTask.Type.REGRESSION ? null : label, isolateSegments);
    }

    /** The columns the engine reads: inputs, targets or label, split. */
    public List<String> columnsRead() {
        List<String> columns = new ArrayList<>();
        inputs.forEach(in -> columns.add(in.column()));
        if (taskType == LabelledTask.Type.REGRESSION) {
            columns.addAll(targets);
        } else {
            columns.add(label);
        }
        if (splitColumn != null) {
            columns.add(splitColumn);
        }
        return columns;
    }

    public FunctionTraining.Settings toEngine() {
        return FunctionTraining.Settings.builder().optVectors(vectors).optMaxTokens(maxTokens).optBadRows(badRows)
                .optSplitColumn(splitColumn).optValidFraction(validFraction).optTestFraction(testFraction)
                .optEnrichDomainTags(enrichDomainTags).optMaxTrainExamples(maxTrainRows).optMaxEvalExamples(maxEvalRows)
                .setTraining(training.toEngine()).build();
    }

    /** The ensemble and calibration the engine trains, exactly as {@code tagllm train} asks for them. */
    public UncertaintyTraining.Settings toUncertainty() {
        return UncertaintyTraining.Settings.of(ensembleSize, calibrate, coverage).withDomain(applicabilityDomain);
    }

    public TagTrainerSettings withFunctionTag(String tag) {
        return toBuilder().optFunctionTag(tag).build();
    }

    /** A regression task on these targets. */
    public TagTrainerSettings withRegression(List<String> targetColumns) {
        return toBuilder().optTaskType(LabelledTask.Type.REGRESSION).optTargets(targetColumns).optLabel(null).build();
    }

    /** A classification ({@code answerOrLabel} the label column) or generation (the answer column) task. */
    public TagTrainerSettings withLabelled(LabelledTask.Type type, String answerOrLabel) {
        return toBuilder().optTaskType(type).optTargets(List.of()).optLabel(answerOrLabel).build();
    }

    public TagTrainerSettings withInputs(List<InputMapping> in) {
        return toBuilder().optInputs(in).build();
    }

    public TagTrainerSettings withSplit(String column, double valid, double test) {
        return toBuilder().optSplitColumn(column).optValidFraction(valid).optTestFraction(test).build();
    }

    public TagTrainerSettings withVectors(int v) {
        return toBuilder().optVectors(v).build();
    }

    public TagTrainerSettings withMaxTokens(int m) {
        return toBuilder().optMaxTokens(m).build();
    }

    public TagTrainerSettings withTraining(TrainingParameters t) {
        return toBuilder().optTraining(t).build();
    }

    public TagTrainerSettings withDevice(String d) {
        return toBuilder().optDevice(d).build();
    }

    public TagTrainerSettings withBadRows(BadRowPolicy p) {
        return toBuilder().optBadRows(p).build();
    }

    /** Calibration (and with it the applicability domain) on at {@code coverage}, or both off. */
    public TagTrainerSettings withCalibration(boolean on, double coverage) {
        return toBuilder().optCalibrate(on).optApplicabilityDomain(on).optCoverage(coverage).build();
    }

    /** The applicability domain stored ({@code true}) or left out, whatever the calibration. */
    public TagTrainerSettings withApplicabilityDomain(boolean on) {
        return toBuilder().optApplicabilityDomain(on).build();
    }

    public TagTrainerSettings withEnsembleSize(int k) {
        return toBuilder().optEnsembleSize(k).build();
    }

    /**
     * Builds {@link TagTrainerSettings}; every setting is optional ({@code opt…}) and starts at the default of
     * {@code tagllm train}: the engine's {@link FunctionTraining.Settings} constants, a regression task, the device
     * {@code cpu}, {@link TrainingParameters#defaults()}.
     */
    public static final class Builder {

        private String functionTag;
        private LabelledTask.Type taskType = LabelledTask.Type.REGRESSION;
        private List<InputMapping> inputs = List.of();
        private List<String> targets = List.of();
        private String label;
        private String splitColumn;
        private double validFraction = FunctionTraining.Settings.DEFAULT_VALID_FRACTION;
        private double testFraction = FunctionTraining.Settings.DEFAULT_TEST_FRACTION;
        private int vectors = FunctionTraining.Settings.DEFAULT_VECTORS;
        private int maxTokens = FunctionTraining.Settings.DEFAULT_MAX_TOKENS;
        private int maxTrainRows;
        private int maxEvalRows;
        private boolean enrichDomainTags;
        private boolean isolateSegments;
        private TrainingParameters training = TrainingParameters.defaults();
        private String device = "cpu";
        private BadRowPolicy badRows = FunctionTraining.Settings.DEFAULT_BAD_ROWS;
        private boolean calibrate = true;
        private double coverage = DEFAULT_COVERAGE;
        private int ensembleSize = 1;
        private boolean applicabilityDomain = true;

        private Builder() {}

        /** The new function tag; default none (the node cannot run without one). */
        public Builder optFunctionTag(String functionTag) {
            this.functionTag = functionTag;
            return this;
        }

        public Builder optTaskType(LabelledTask.Type taskType) {
            this.taskType = taskType;
            return this;
        }

        public Builder optInputs(List<InputMapping> inputs) {
            this.inputs = inputs;
            return this;
        }

        public Builder optTargets(List<String> targets) {
            this.targets = targets;
            return this;
        }

        public Builder optLabel(String label) {
            this.label = label;
            return this;
        }

        public Builder optSplitColumn(String splitColumn) {
            this.splitColumn = splitColumn;
            return this;
        }

        public Builder optValidFraction(double validFraction) {
            this.validFraction = validFraction;
            return this;
        }

        public Builder optTestFraction(double testFraction) {
            this.testFraction = testFraction;
            return this;
        }

        public Builder optVectors(int vectors) {
            this.vectors = vectors;
            return this;
        }

        public Builder optMaxTokens(int maxTokens) {
            this.maxTokens = maxTokens;
            return this;
        }

        public Builder optMaxTrainRows(int maxTrainRows) {
            this.maxTrainRows = maxTrainRows;
            return this;
        }

        public Builder optMaxEvalRows(int maxEvalRows) {
            this.maxEvalRows = maxEvalRows;
            return this;
        }

        public Builder optEnrichDomainTags(boolean enrichDomainTags) {
            this.enrichDomainTags = enrichDomainTags;
            return this;
        }

        public Builder optIsolateSegments(boolean isolateSegments) {
            this.isolateSegments = isolateSegments;
            return this;
        }

        public Builder optTraining(TrainingParameters training) {
            this.training = training;
            return this;
        }

        public Builder optDevice(String device) {
            this.device = device;
            return this;
        }

        public Builder optBadRows(BadRowPolicy badRows) {
            this.badRows = badRows;
            return this;
        }

        /** Calibration on (the default, as in {@code tagllm train}) or off. */
        public Builder optCalibrate(boolean calibrate) {
            this.calibrate = calibrate;
            return this;
        }

        public Builder optCoverage(double coverage) {
            this.coverage = coverage;
            return this;
        }

        public Builder optEnsembleSize(int ensembleSize) {
            this.ensembleSize = ensembleSize;
            return this;
        }

        public Builder optApplicabilityDomain(boolean applicabilityDomain) {
            this.applicabilityDomain = applicabilityDomain;
            return this;
        }

        /** The settings; their fit to a table and tag models is {@link TagTrainerSettings#validate}'s job. */
        public TagTrainerSettings build() {
            return new TagTrainerSettings(functionTag, taskType, inputs, targets, label, splitColumn, validFraction,
                    testFraction, vectors, maxTokens, maxTrainRows, maxEvalRows, enrichDomainTags, isolateSegments,
                    training, device, badRows, calibrate, coverage, ensembleSize, applicabilityDomain);
        }
    }
}
