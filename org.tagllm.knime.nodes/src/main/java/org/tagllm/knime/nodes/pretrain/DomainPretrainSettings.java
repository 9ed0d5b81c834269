package org.tagllm.knime.nodes.pretrain;

import java.nio.file.Path;
import java.util.Objects;
import org.tagllm.knime.engine.data.BadRowPolicy;
import org.tagllm.knime.engine.data.ColumnKind;
import org.tagllm.knime.engine.method.DomainPretraining;
import org.tagllm.knime.engine.tags.Tokenization;
import org.tagllm.knime.nodes.common.Checks;
import org.tagllm.knime.nodes.common.InputKind;
import org.tagllm.knime.nodes.common.TokenizationChoice;
import org.tagllm.knime.nodes.common.TrainingParameters;
import org.tagllm.knime.nodes.exec.SettingsException;
import org.tagllm.knime.nodes.table.ColumnSpec;
import org.tagllm.knime.nodes.table.TableShape;

/**
 * Settings of the Domain Tag Pretrain node, with the defaults of {@code tagllm pretrain-domain}.
 *
 * @param baseModelFolder the frozen model (a Hugging Face-layout folder); no default
 * @param column          the column with the domain's text, SMILES or sequences; no default ({@link #guessColumn})
 * @param tagName         the domain tag, e.g. {@code <SMILES>}
 * @param kind            how values are checked; AUTO: SMILES for molecule columns or a SMILES-like tag name,
 *                        PROTEIN for a protein- or sequence-like tag name, else TEXT
 * @param tokenization    AUTO: one token per character for SMILES and proteins, the model's tokenizer for text
 * @param vectors         p, vectors of the tag
 * @param maxTokens       data tokens per example at most; longer texts are cut
 * @param maxExamples     training examples at most (0 = all)
 * @param holdoutFraction share of the rows held out to measure the next-token loss
 * @param maxHoldout      held-out rows at most
 * @param training        optimiser, schedule, epochs or steps, seed
 * @param device          {@code cpu} or {@code cuda:N}
 * @param badRows         skip (with a warning) or fail
 */
public record DomainPretrainSettings(String baseModelFolder, String column, String tagName, InputKind kind,
        TokenizationChoice tokenization, int vectors, int maxTokens, int maxExamples, double holdoutFraction,
        int maxHoldout, TrainingParameters training, String device, BadRowPolicy badRows) {

    public DomainPretrainSettings {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(tokenization, "tokenization");
        Objects.requireNonNull(training, "training");
    }

    public static DomainPretrainSettings defaults() {
        return new DomainPretrainSettings("", null, "<SMILES>", InputKind.AUTO, TokenizationChoice.AUTO, 10, 128, 0,
                0.05, 256, TrainingParameters.defaults(), "cpu", BadRowPolicy.SKIP);
    }

    /** The first molecule column, else the first string column, else null: what a dialog preselects. */
    public static String guessColumn(TableShape table) {
        return table.columns().stream().filter(c -> c.type().isMolecule()).findFirst()
                .or(() -> table.columns().stream().filter(c -> c.type().isText()).findFirst())
                .map(ColumnSpec::name).orElse(null);
    }

    /**
     * @throws SettingsException naming the first setting that cannot be used with this table
     */
    public void validate(TableShape table) throws SettingsException {
        Checks.modelFolder(baseModelFolder);
        Checks.textColumn("column", column, table, true);
        Checks.tagName("tag name", tagName);
        Checks.atLeast("vectors", vectors, 1);
        Checks.atLeast("max tokens", maxTokens, 1);
        Checks.atLeast("max examples", maxExamples, 0);
        if (!(holdoutFraction > 0 && holdoutFraction < 1)) {
            throw new SettingsException("holdout fraction", holdoutFraction, "must lie strictly between 0 and 1");
        }
        Checks.atLeast("max holdout", maxHoldout, 1);
        training.validate();
        Checks.device(device);
        Checks.trainingBadRows(badRows);
    }

    public Path baseModelPath() {
        return Path.of(baseModelFolder);
    }

    /** The engine's kind of the column's values. */
    public ColumnKind columnKind(TableShape table) {
        return kind.resolve(table.column(column).type(), tagName);
    }

    public Tokenization tokenizationFor(ColumnKind k) {
        return tokenization.resolve(k);
    }

    public DomainPretraining.Settings toEngine() {
        return new DomainPretraining.Settings(vectors, maxTokens, maxExamples, holdoutFraction, maxHoldout, badRows,
                training.toEngine());
    }

    public DomainPretrainSettings withBaseModelFolder(String folder) {
        return new DomainPretrainSettings(folder, column, tagName, kind, tokenization, vectors, maxTokens,
                maxExamples, holdoutFraction, maxHoldout, training, device, badRows);
    }

    public DomainPretrainSettings withColumn(String c) {
        return new DomainPretrainSettings(baseModelFolder, c, tagName, kind, tokenization, vectors, maxTokens,
                maxExamples, holdoutFraction, maxHoldout, training, device, badRows);
    }

    public DomainPretrainSettings withTagName(String t) {
        return new DomainPretrainSettings(baseModelFolder, column, t, kind, tokenization, vectors, maxTokens,
                maxExamples, holdoutFraction, maxHoldout, training, device, badRows);
    }

    public DomainPretrainSettings withKind(InputKind k) {
        return new DomainPretrainSettings(baseModelFolder, column, tagName, k, tokenization, vectors, maxTokens,
                maxExamples, holdoutFraction, maxHoldout, training, device, badRows);
    }

    public DomainPretrainSettings withVectors(int v) {
        return new DomainPretrainSettings(baseModelFolder, column, tagName, kind, tokenization, v, maxTokens,
                maxExamples, holdoutFraction, maxHoldout, training, device, badRows);
    }

    public DomainPretrainSettings withMaxTokens(int m) {
        return new DomainPretrainSettings(baseModelFolder, column, tagName, kind, tokenization, vectors, m,
                maxExamples, holdoutFraction, maxHoldout, training, device, badRows);
    }

    public DomainPretrainSettings withHoldout(double fraction, int max) {
        return new DomainPretrainSettings(baseModelFolder, column, tagName, kind, tokenization, vectors, maxTokens,
                maxExamples, fraction, max, training, device, badRows);
    }

    public DomainPretrainSettings withTraining(TrainingParameters t) {
        return new DomainPretrainSettings(baseModelFolder, column, tagName, kind, tokenization, vectors, maxTokens,
                maxExamples, holdoutFraction, maxHoldout, t, device, badRows);
    }

    public DomainPretrainSettings withDevice(String d) {
        return new DomainPretrainSettings(baseModelFolder, column, tagName, kind, tokenization, vectors, maxTokens,
                maxExamples, holdoutFraction, maxHoldout, training, d, badRows);
    }

    public DomainPretrainSettings withBadRows(BadRowPolicy p) {
        return new DomainPretrainSettings(baseModelFolder, column, tagName, kind, tokenization, vectors, maxTokens,
                maxExamples, holdoutFraction, maxHoldout, training, device, p);
    }
}
