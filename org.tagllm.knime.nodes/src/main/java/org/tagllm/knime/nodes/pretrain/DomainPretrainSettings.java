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
        return builder().build();
    }

    /** Settings from the defaults; {@link #validate} checks them against a table. */
    public static Builder builder() {
        return new Builder();
    }

    /** A builder holding these settings, to change some of them. */
    public Builder toBuilder() {
        return new Builder().optBaseModelFolder(baseModelFolder).optColumn(column).optTagName(tagName).optKind(kind)
                .optTokenization(tokenization).optVectors(vectors).optMaxTokens(maxTokens).optMaxExamples(maxExamples)
                .optHoldoutFraction(holdoutFraction).optMaxHoldout(maxHoldout).optTraining(training).optDevice(device)
                .optBadRows(badRows);
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
        return toBuilder().optBaseModelFolder(folder).build();
    }

    public DomainPretrainSettings withColumn(String c) {
        return toBuilder().optColumn(c).build();
    }

    public DomainPretrainSettings withTagName(String t) {
        return toBuilder().optTagName(t).build();
    }

    public DomainPretrainSettings withKind(InputKind k) {
        return toBuilder().optKind(k).build();
    }

    public DomainPretrainSettings withVectors(int v) {
        return toBuilder().optVectors(v).build();
    }

    public DomainPretrainSettings withMaxTokens(int m) {
        return toBuilder().optMaxTokens(m).build();
    }

    public DomainPretrainSettings withHoldout(double fraction, int max) {
        return toBuilder().optHoldoutFraction(fraction).optMaxHoldout(max).build();
    }

    public DomainPretrainSettings withTraining(TrainingParameters t) {
        return toBuilder().optTraining(t).build();
    }

    public DomainPretrainSettings withDevice(String d) {
        return toBuilder().optDevice(d).build();
    }

    public DomainPretrainSettings withBadRows(BadRowPolicy p) {
        return toBuilder().optBadRows(p).build();
    }

    /**
     * Builds {@link DomainPretrainSettings}; every value is optional ({@code opt…}) and starts at the default of
     * {@code tagllm pretrain-domain} (the engine's {@link DomainPretraining.Settings} constants), with no model folder
     * or column chosen, the tag {@code <SMILES>}, the device {@code cpu}. {@link DomainPretrainSettings#validate}
     * checks them against a table.
     */
    public static final class Builder {

        private String baseModelFolder = "";
        private String column;
        private String tagName = "<SMILES>";
        private InputKind kind = InputKind.AUTO;
        private TokenizationChoice tokenization = TokenizationChoice.AUTO;
        private int vectors = DomainPretraining.Settings.DEFAULT_VECTORS;
        private int maxTokens = DomainPretraining.Settings.DEFAULT_MAX_TOKENS;
        private int maxExamples;
        private double holdoutFraction = DomainPretraining.Settings.DEFAULT_HOLDOUT_FRACTION;
        private int maxHoldout = DomainPretraining.Settings.DEFAULT_MAX_HOLDOUT;
        private TrainingParameters training = TrainingParameters.defaults();
        private String device = "cpu";
        private BadRowPolicy badRows = BadRowPolicy.SKIP;

        private Builder() {}

        public Builder optBaseModelFolder(String baseModelFolder) {
            this.baseModelFolder = baseModelFolder;
            return this;
        }

        public Builder optColumn(String column) {
            this.column = column;
            return this;
        }

        public Builder optTagName(String tagName) {
            this.tagName = tagName;
            return this;
        }

        public Builder optKind(InputKind kind) {
            this.kind = kind;
            return this;
        }

        public Builder optTokenization(TokenizationChoice tokenization) {
            this.tokenization = tokenization;
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

        public Builder optMaxExamples(int maxExamples) {
            this.maxExamples = maxExamples;
            return this;
        }

        public Builder optHoldoutFraction(double holdoutFraction) {
            this.holdoutFraction = holdoutFraction;
            return this;
        }

        public Builder optMaxHoldout(int maxHoldout) {
            this.maxHoldout = maxHoldout;
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

        public DomainPretrainSettings build() {
            return new DomainPretrainSettings(baseModelFolder, column, tagName, kind, tokenization, vectors, maxTokens,
                    maxExamples, holdoutFraction, maxHoldout, training, device, badRows);
        }
    }
}
