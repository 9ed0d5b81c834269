package org.tagllm.knime.nodes.knime.pretrain;

import org.knime.node.parameters.NodeParameters;
import org.knime.node.parameters.NodeParametersInput;
import org.knime.node.parameters.Widget;
import org.knime.node.parameters.migration.LoadDefaultsForAbsentFields;
import org.knime.node.parameters.widget.choices.ChoicesProvider;
import org.tagllm.knime.engine.data.BadRowPolicy;
import org.tagllm.knime.nodes.common.InputKind;
import org.tagllm.knime.nodes.common.TokenizationChoice;
import org.tagllm.knime.nodes.knime.common.DeviceOptions;
import org.tagllm.knime.nodes.knime.common.TableColumns;
import org.tagllm.knime.nodes.knime.common.TrainingOptions;
import org.tagllm.knime.nodes.knime.table.KnimeTables;
import org.tagllm.knime.nodes.pretrain.DomainPretrainSettings;

/**
 * The Domain Tag Pretrain dialog and persisted settings: one field per {@link DomainPretrainSettings} component, its
 * defaults from {@link DomainPretrainSettings#defaults()}, the preselected column from
 * {@link DomainPretrainSettings#guessColumn}. Validation is the record's.
 */
@LoadDefaultsForAbsentFields // a setting added later loads its default from older workflows
public final class DomainPretrainParameters implements NodeParameters {

    private static final DomainPretrainSettings D = DomainPretrainSettings.defaults();

    @Widget(title = "Base model folder", description = "The frozen LLaMA-family model: a local Hugging Face-layout "
        + "folder with <tt>config.json</tt>, <tt>model.safetensors</tt> (or a sharded index) and "
        + "<tt>tokenizer.json</tt>. Its weights are never changed. Portable forms: "
        + "<tt>knime://knime.workflow/../models/tiny</tt> (relative to the workflow) or "
        + "<tt>knime://knime.mountpoint/models/tiny</tt> (relative to its mount point), resolved when the node "
        + "executes; downstream nodes that do not find it there look for it by fingerprint in the model folders of "
        + "the Tag-LLM preferences.")
    String baseModelFolder = D.baseModelFolder();

    @Widget(title = "Column", description = "The column with the domain's unlabelled examples: text, SMILES, "
        + "protein sequences, or a molecule column (SMILES, SDF or RDKit molecules, read as SMILES).")
    @ChoicesProvider(TableColumns.Inputs.class)
    String column = D.column();

    @Widget(title = "Domain tag", description = "The tag to learn: one word in angle brackets, e.g. "
        + "<tt>&lt;SMILES&gt;</tt> or <tt>&lt;Protein&gt;</tt>.")
    String tagName = D.tagName();

    @Widget(title = "Input kind", description = "How values are checked. AUTO: SMILES for molecule columns or a "
        + "SMILES-like tag name, PROTEIN for a protein- or sequence-like tag name, TEXT otherwise. PROTEIN_IUPAC "
        + "also accepts the ambiguity codes B, Z, J and X.")
    InputKind kind = D.kind();

    @Widget(title = "Tokenization", description = "AUTO: one token per character for SMILES and proteins, the model's "
        + "tokenizer for text. CHARACTER or MODEL force one of the two.", advanced = true)
    TokenizationChoice tokenization = D.tokenization();

    @Widget(title = "Tag vectors", description = "Vectors of the tag (p in the paper); more vectors hold more.")
    int vectors = D.vectors();

    @Widget(title = "Max tokens", description = "Data tokens per example at most; longer examples are cut.",
        advanced = true)
    int maxTokens = D.maxTokens();

    @Widget(title = "Max examples", description = "Training examples at most; 0 uses every row.", advanced = true)
    int maxExamples = D.maxExamples();

    @Widget(title = "Held-out fraction", description = "Share of the rows held out to measure the next-token loss "
        + "without and with the tag.", advanced = true)
    double holdoutFraction = D.holdoutFraction();

    @Widget(title = "Max held-out rows", description = "Held-out rows at most.", advanced = true)
    int maxHoldout = D.maxHoldout();

    TrainingOptions training = new TrainingOptions();

    DeviceOptions device = new DeviceOptions();

    @Widget(title = "Bad rows", description = "Rows that cannot be used (missing cells, invalid SMILES, unreadable "
        + "mol blocks): SKIP leaves them out with a warning naming them; FAIL stops at the first. KEEP is not "
        + "possible for training.")
    BadRowPolicy badRows = D.badRows();

    /** Defaults. */
    public DomainPretrainParameters() {
    }

    /** Defaults, with the column preselected from the input table when one is connected. */
    public DomainPretrainParameters(NodeParametersInput input) {
        column = input.getInTableSpec(0).map(KnimeTables::shape).map(DomainPretrainSettings::guessColumn)
            .orElse(D.column());
    }

    /** The KNIME-free settings. */
    DomainPretrainSettings toSettings() {
        return DomainPretrainSettings.builder().optBaseModelFolder(baseModelFolder).optColumn(column)
            .optTagName(tagName).optKind(kind).optTokenization(tokenization).optVectors(vectors)
            .optMaxTokens(maxTokens).optMaxExamples(maxExamples).optHoldoutFraction(holdoutFraction)
            .optMaxHoldout(maxHoldout).optTraining(training.toRecord()).optDevice(device.toSetting())
            .optBadRows(badRows).build();
    }
}
