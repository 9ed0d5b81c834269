package org.tagllm.knime.engine.method;

import java.util.List;
import java.util.Locale;
import java.util.Objects;
import org.tagllm.knime.engine.data.ColumnKind;
import org.tagllm.knime.engine.tags.TagSpec;
import org.tagllm.knime.engine.tags.Tokenization;

/**
 * A labelled task for stages 2 and 3: its function tag, its input columns each with a domain tag (plain text may
 * stand untagged), and what to predict. Stage 3 (cross-domain) follows when the inputs carry different domain tags.
 *
 * @param functionTag     e.g. {@code <QED>}, {@code <BindingAffinity>}
 * @param type            regression (numeric targets), classification (a label column) or generation (an answer
 *                        column, produced by the frozen LM head after the function tag)
 * @param inputs          input columns in the order the model reads them
 * @param targets         numeric target columns (regression)
 * @param label           class label column (classification), or the answer text column (generation)
 * @param isolateSegments each tagged segment attends to nothing before it
 */
public record LabelledTask(String functionTag, Type type, List<Input> inputs, List<String> targets, String label,
        boolean isolateSegments) {

    public enum Type {
        REGRESSION,
        CLASSIFICATION,
        GENERATION;

        /** {@code regression}, {@code classification} or {@code generation}, in any case. */
        public static Type parse(String name) {
            for (Type t : values()) {
                if (t.bankName().equals(name.trim().toLowerCase(Locale.ROOT))) {
                    return t;
                }
            }
            throw new IllegalArgumentException("'" + name + "' is not a task type; use regression, classification or "
                    + "generation");
        }

        String bankName() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /**
     * One input column, how it is checked, the domain tag in front of it, and how its text becomes tokens: one per
     * character (the paper's choice for SMILES and proteins, the default for those kinds) or the model's tokenizer
     * (the default for text).
     */
    public record Input(String column, ColumnKind kind, String domainTag, Tokenization tokenization) {
        public Input {
            Objects.requireNonNull(column, "column");
            Objects.requireNonNull(kind, "kind");
            if (domainTag != null) {
                TagSpec.checkName(domainTag);
            }
            if (tokenization == null) {
                tokenization = kind == ColumnKind.TEXT ? Tokenization.MODEL : Tokenization.CHARACTER;
            }
        }

        /** An input with its kind's default tokenisation. */
        public Input(String column, ColumnKind kind, String domainTag) {
            this(column, kind, domainTag, null);
        }
    }

    public LabelledTask {
        TagSpec.checkName(functionTag);
        inputs = List.copyOf(inputs);
        targets = targets == null ? List.of() : List.copyOf(targets);
        if (inputs.isEmpty()) {
            throw new IllegalArgumentException("a task needs at least one input column");
        }
        for (Input in : inputs) {
            // Plain text the base model reads natively (a cell line's name) may stand untagged; data in a domain not.
            if (in.domainTag() == null && in.kind() != ColumnKind.TEXT) {
                throw new IllegalArgumentException("input column " + in.column() + " has no domain tag; every "
                        + in.kind().name().toLowerCase(Locale.ROOT) + " input of a Tag-LLM task stands"
                        + " behind one (e.g. " + in.column() + ":smiles=<SMILES>)");
            }
        }
        if (inputs.stream().allMatch(in -> in.domainTag() == null)) {
            throw new IllegalArgumentException("no input has a domain tag; give at least one (e.g. COLUMN=<Domain>)");
        }
        if (type == Type.REGRESSION && targets.isEmpty()) {
            throw new IllegalArgumentException("a regression task needs at least one target column");
        }
        if (type == Type.CLASSIFICATION && label == null) {
            throw new IllegalArgumentException("a classification task needs a label column");
        }
        if (type == Type.GENERATION && label == null) {
            throw new IllegalArgumentException("a generation task needs an answer column");
        }
    }

    /** 3 when the inputs carry two or more different domain tags, else 2. */
    public int stage() {
        return inputs.stream().map(Input::domainTag).filter(Objects::nonNull).distinct().count() > 1 ? 3 : 2;
    }
}
