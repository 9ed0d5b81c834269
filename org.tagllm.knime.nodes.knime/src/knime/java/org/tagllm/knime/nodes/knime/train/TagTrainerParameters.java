package org.tagllm.knime.nodes.knime.train;

import java.util.Arrays;
import java.util.Optional;

import org.knime.node.parameters.Advanced;
import org.knime.node.parameters.NodeParameters;
import org.knime.node.parameters.layout.After;
import org.knime.node.parameters.layout.Layout;
import org.knime.node.parameters.layout.Section;
import org.knime.node.parameters.Widget;
import org.knime.node.parameters.migration.LoadDefaultsForAbsentFields;
import org.knime.node.parameters.widget.choices.ChoicesProvider;
import org.tagllm.knime.engine.data.BadRowPolicy;
import org.tagllm.knime.engine.method.LabelledTask;
import org.tagllm.knime.nodes.common.InputKind;
import org.tagllm.knime.nodes.common.TokenizationChoice;
import org.tagllm.knime.nodes.knime.common.DeviceOptions;
import org.tagllm.knime.nodes.knime.common.DomainTagChoices;
import org.tagllm.knime.nodes.knime.common.TableColumns;
import org.tagllm.knime.nodes.knime.common.TrainingOptions;
import org.tagllm.knime.nodes.train.InputMapping;
import org.tagllm.knime.nodes.train.TagTrainerSettings;

/**
 * The Tag Trainer dialog and persisted settings: one field per {@link TagTrainerSettings} component, defaults from
 * {@link TagTrainerSettings#defaults()}; the input columns and target columns are arrays of small parameter groups.
 * Blank texts and unset optional columns are the record's nulls. Validation is the record's.
 */
@LoadDefaultsForAbsentFields // a setting added later loads its default from older workflows
public final class TagTrainerParameters implements NodeParameters {

    private static final TagTrainerSettings D = TagTrainerSettings.defaults();

    @Section(title = "Task", description = "What the function tag learns, from which columns.")
    interface Basic {
    }

    @Section(title = "Training", description = "Splitting (only without a validation table), the tag, the optimizer.")
    @After(Basic.class)
    interface Training {
    }

    @Section(title = "Uncertainty", description = "How far to trust each prediction: conformal intervals or sets, "
        + "an ensemble's spread, the applicability domain.")
    @After(Training.class)
    interface Trust {
    }

    @Section(title = "Advanced")
    @After(Trust.class)
    @Advanced
    interface More {
    }

    /** One input column and the domain tag in front of it ({@link InputMapping}). */
    @LoadDefaultsForAbsentFields
    public static final class InputColumn implements NodeParameters {

        @Widget(title = "Input column", description = "A column the task reads: text, SMILES, protein sequences, or "
            + "a molecule column (SMILES, SDF or RDKit molecules, read as SMILES).")
        @ChoicesProvider(TableColumns.Inputs.class)
        String column = "";

        @Widget(title = "Domain tag", description = "The domain tag put in front of the column's values, e.g. "
            + "<tt>&lt;SMILES&gt;</tt>, chosen from the tags the connected tag models hold.")
        @ChoicesProvider(DomainTagChoices.class)
        String domainTag = "";

        @Widget(title = "Input kind", description = "How values are checked. AUTO: SMILES for molecule columns or a "
            + "SMILES-like tag, PROTEIN for a protein-like tag, TEXT otherwise. PROTEIN_IUPAC also accepts the "
            + "ambiguity codes B, Z, J and X (e.g. an unresolved residue); prediction then accepts them too.")
        InputKind kind = InputKind.AUTO;

        @Widget(title = "Tokenization", description = "AUTO: characters for SMILES and proteins, the model's "
            + "tokenizer for text.", advanced = true)
        TokenizationChoice tokenization = TokenizationChoice.AUTO;

        InputMapping toRecord() {
            return new InputMapping(column, TableColumns.orNull(domainTag), kind, tokenization);
        }
    }

    /** One numeric target column of a regression task. */
    @LoadDefaultsForAbsentFields
    public static final class TargetColumn implements NodeParameters {

        @Widget(title = "Target column", description = "A numeric column the regression head learns to predict.")
        @ChoicesProvider(TableColumns.Numeric.class)
        String column = "";
    }

    @Layout(Basic.class)
    @Widget(title = "Function tag", description = "The new function tag, e.g. <tt>&lt;QED&gt;</tt>: one word in "
        + "angle brackets, not already in an input tag model.")
    String functionTag = D.functionTag() == null ? "" : D.functionTag();

    @Layout(Basic.class)
    @Widget(title = "Task", description = "REGRESSION: numeric target columns; CLASSIFICATION: a class label column; "
        + "GENERATION: an answer text column the model learns to write.")
    LabelledTask.Type taskType = D.taskType();

    @Layout(Basic.class)
    @Widget(title = "Input columns", description = "The columns the task reads, in reading order, each with its "
        + "domain tag. With inputs behind two or more different domain tags this is Tag-LLM's stage 3.")
    InputColumn[] inputs = new InputColumn[0];

    @Layout(Basic.class)
    @Widget(title = "Target columns", description = "Regression only: the numeric columns to predict.")
    TargetColumn[] targets = new TargetColumn[0];

    @Layout(Basic.class)
    @Widget(title = "Label or answer column", description = "Classification: the class label column. Generation: "
        + "the answer text column. Ignored for regression.")
    @ChoicesProvider(TableColumns.Labels.class)
    String label = D.label() == null ? "" : D.label();

    @Layout(Training.class)
    @Widget(title = "Split column", description = "A string column naming each row's part (train, valid, test). "
        + "Not set: a seeded random split by the fractions below. Not used when the validation table is connected.")
    @ChoicesProvider(TableColumns.Strings.class)
    Optional<String> splitColumn = Optional.ofNullable(D.splitColumn());

    @Layout(Training.class)
    @Widget(title = "Validation fraction", description = "Validation share of a random split, or carved from the "
        + "training rows when the split column has no validation rows. Not used when the validation table is "
        + "connected.")
    double validFraction = D.validFraction();

    @Layout(Training.class)
    @Widget(title = "Test fraction", description = "Test share of a random split. Not used when the validation "
        + "table is connected (there is no test part then).")
    double testFraction = D.testFraction();

    @Layout(Training.class)
    @Widget(title = "Tag vectors", description = "Vectors of the function tag (p in the paper).")
    int vectors = D.vectors();

    @Layout(More.class)
    @Widget(title = "Max tokens", description = "Positions per example at most (capped by the model); longer inputs "
        + "are cut.", advanced = true)
    int maxTokens = D.maxTokens();

    @Layout(More.class)
    @Widget(title = "Max training rows", description = "Training rows at most; 0 uses all.", advanced = true)
    int maxTrainRows = D.maxTrainRows();

    @Layout(More.class)
    @Widget(title = "Max evaluation rows", description = "Validation and test rows at most, each; 0 uses all.",
        advanced = true)
    int maxEvalRows = D.maxEvalRows();

    @Layout(More.class)
    @Widget(title = "Train the domain tag too", description = "Stage 2 only: fine-tune the domain tag together with "
        + "the function tag (the paper's enrichment). Off keeps the domain tag as pretrained.", advanced = true)
    boolean enrichDomainTags = D.enrichDomainTags();

    @Layout(More.class)
    @Widget(title = "Isolate tagged segments", description = "Each tagged input segment attends to nothing before "
        + "it.", advanced = true)
    boolean isolateSegments = D.isolateSegments();

    @Layout(Training.class)
    TrainingOptions training = new TrainingOptions();

    @Layout(More.class)
    DeviceOptions device = new DeviceOptions();

    @Layout(More.class)
    @Widget(title = "Bad rows", description = "Rows that cannot be used (missing or invalid inputs, missing targets): "
        + "SKIP leaves them out with a warning naming them; FAIL stops at the first. KEEP is not possible for "
        + "training.")
    BadRowPolicy badRows = D.badRows();

    @Layout(Trust.class)
    @Widget(title = "Calibrate", description = "Fit split-conformal intervals (regression) or prediction sets "
        + "(classification) on the validation rows and store them in the tag model; the Predictor then adds them as "
        + "columns. Too few validation rows store none, with a warning.")
    boolean calibrate = D.calibrate();

    @Layout(Trust.class)
    @Widget(title = "Coverage", description = "The share of true values the intervals or sets should hold, e.g. 0.9 "
        + "for 90 %; strictly between 0 and 1.")
    double coverage = D.coverage();

    @Layout(Trust.class)
    @Widget(title = "Ensemble size", description = "Function tags and heads trained with seeds seed, seed+1 … over "
        + "the same domain tags, in one tag model; the prediction is their mean, with their standard deviation. 1: a "
        + "single tag.")
    int ensembleSize = D.ensembleSize();

    @Layout(Trust.class)
    @Widget(title = "Applicability domain", description = "Store the applicability domain in the tag model: "
        + "ECFP4 similarity to the nearest training molecule, the readout distance percentile and its "
        + "outside-the-domain flag, and for protein inputs the identity to the nearest training sequence; the "
        + "Predictor then adds them as columns. Chosen apart from Calibrate: either can be stored without the other.")
    boolean applicabilityDomain = D.applicabilityDomain();

    /** The KNIME-free settings. */
    TagTrainerSettings toSettings() {
        return TagTrainerSettings.builder().optFunctionTag(TableColumns.orNull(functionTag)).optTaskType(taskType)
            .optInputs(Arrays.stream(inputs).map(InputColumn::toRecord).toList())
            .optTargets(Arrays.stream(targets).map(t -> t.column).toList()).optLabel(TableColumns.orNull(label))
            .optSplitColumn(splitColumn.map(TableColumns::orNull).orElse(null)).optValidFraction(validFraction)
            .optTestFraction(testFraction).optVectors(vectors).optMaxTokens(maxTokens).optMaxTrainRows(maxTrainRows)
            .optMaxEvalRows(maxEvalRows).optEnrichDomainTags(enrichDomainTags).optIsolateSegments(isolateSegments)
            .optTraining(training.toRecord()).optDevice(device.toSetting()).optBadRows(badRows)
            .optCalibrate(calibrate).optCoverage(coverage).optEnsembleSize(ensembleSize)
            .optApplicabilityDomain(applicabilityDomain).build();
    }
}
