package org.tagllm.knime.engine.bank;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * One input field of a task: a column of the user's table, introduced in the prompt by its domain tag (plain text,
 * such as a cell line's name, may stand untagged).
 *
 * @param name         the field's name, e.g. {@code ligand}
 * @param domainTag    the domain tag placed before the field's text, e.g. {@code <SMILES>}; null for untagged text,
 *                     written as an explicit {@code null}: a field without the key lost its tag and is refused
 * @param tokenization how the field's text becomes tokens
 * @param kind         how the field's values are checked before use ({@code smiles}, {@code protein}, {@code text});
 *                     null in banks written before it was recorded
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record FieldEntry(
        @JsonProperty(value = "name", required = true) String name,
        @JsonProperty(value = "domain_tag", required = true) String domainTag,
        @JsonProperty(value = "tokenization", required = true) Tokenization tokenization,
        @JsonProperty(value = "kind") @JsonInclude(JsonInclude.Include.NON_NULL) String kind) {

    /** A field whose value checks are not recorded. */
    public FieldEntry(String name, String domainTag, Tokenization tokenization) {
        this(name, domainTag, tokenization, null);
    }

    /** How a field's text is split into tokens. */
    public enum Tokenization {
        /** One token per character, as Tag-LLM does for SMILES and protein sequences. */
        @JsonProperty("character")
        CHARACTER,
        /** The model's own tokenizer. */
        @JsonProperty("model")
        MODEL
    }

    public FieldEntry {
        Require.text(name, "name");
        if (domainTag != null) {
            TagEntry.checkName(domainTag, "domain_tag");
        }
        Require.present(tokenization, "tokenization");
    }
}
