package org.tagllm.knime.nodes.train;

import java.util.Objects;
import org.tagllm.knime.nodes.common.InputKind;
import org.tagllm.knime.nodes.common.TokenizationChoice;

/**
 * One input column of a task and the domain tag in front of it (null: untagged plain text).
 *
 * @param kind         AUTO: SMILES for molecule columns or a SMILES-like tag, PROTEIN for a protein-like tag, else TEXT
 * @param tokenization AUTO: characters for SMILES and proteins, the model's tokenizer for text
 */
public record InputMapping(String column, String domainTag, InputKind kind, TokenizationChoice tokenization) {

    public InputMapping {
        Objects.requireNonNull(column, "column");
        kind = kind == null ? InputKind.AUTO : kind;
        tokenization = tokenization == null ? TokenizationChoice.AUTO : tokenization;
    }

    /** A column behind a domain tag, kind and tokenisation chosen automatically. */
    public static InputMapping of(String column, String domainTag) {
        return new InputMapping(column, domainTag, InputKind.AUTO, TokenizationChoice.AUTO);
    }
}
