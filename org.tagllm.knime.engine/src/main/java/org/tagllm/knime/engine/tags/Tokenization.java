package org.tagllm.knime.engine.tags;

/** How the text of one input field becomes tokens. */
public enum Tokenization {
    /**
     * Every character is one token, as the paper reads SMILES strings and protein sequences (see
     * {@link org.tagllm.knime.engine.tokenizer.CharacterTokenizer}).
     */
    CHARACTER,
    /** The model's own tokenizer, without BOS. */
    MODEL;

    /** CHARACTER for {@code <SMILES>} and {@code <Protein>} fields, MODEL otherwise (text). */
    public static Tokenization defaultFor(String domainTag) {
        return "<SMILES>".equalsIgnoreCase(domainTag) || "<Protein>".equalsIgnoreCase(domainTag) ? CHARACTER : MODEL;
    }
}
