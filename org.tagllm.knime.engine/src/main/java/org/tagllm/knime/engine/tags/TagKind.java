package org.tagllm.knime.engine.tags;

/** The two roles of a Tag-LLM input tag. */
public enum TagKind {
    /** Stands right before a data segment and says what the data is ({@code <Protein>}, {@code <SMILES>}). */
    DOMAIN,
    /**
     * Stands at the end of the input, where the answer begins, and says what to do with it ({@code <QED>},
     * {@code <BindingAffinity>}); a task head may read the hidden state at its last vector.
     */
    FUNCTION
}
