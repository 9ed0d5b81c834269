package org.tagllm.knime.nodes.common;

import org.tagllm.knime.engine.data.ColumnKind;
import org.tagllm.knime.engine.tags.Tokenization;

/** One token per character, the model's tokenizer, or AUTO: characters for SMILES and proteins, the model for text. */
public enum TokenizationChoice {
    AUTO,
    CHARACTER,
    MODEL;

    public Tokenization resolve(ColumnKind kind) {
        return switch (this) {
            case CHARACTER -> Tokenization.CHARACTER;
            case MODEL -> Tokenization.MODEL;
            case AUTO -> kind == ColumnKind.TEXT ? Tokenization.MODEL : Tokenization.CHARACTER;
        };
    }
}
