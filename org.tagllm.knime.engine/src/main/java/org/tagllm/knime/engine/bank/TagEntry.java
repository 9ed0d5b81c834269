package org.tagllm.knime.engine.bank;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.regex.Pattern;

/**
 * One tag in a bank's manifest. Its vectors are the tensor {@code tag.<Name>} of shape {@code [vectors, hidden]}.
 *
 * @param name    the tag as it appears in text, angle brackets included, e.g. {@code <SMILES>}
 * @param kind    domain (stage 1, unlabelled data) or function (stages 2 and 3, with a task)
 * @param vectors p, the number of embedding vectors the tag stands for
 * @param hidden  d, the base model's hidden size
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record TagEntry(
        @JsonProperty(value = "name", required = true) String name,
        @JsonProperty(value = "kind", required = true) Kind kind,
        @JsonProperty(value = "vectors", required = true) int vectors,
        @JsonProperty(value = "hidden", required = true) int hidden) {

    /** What a tag describes. */
    public enum Kind {
        /** What the input is: a SMILES string, a protein sequence. */
        @JsonProperty("domain")
        DOMAIN,
        /** What to do with it: predict QED, binding affinity. */
        @JsonProperty("function")
        FUNCTION
    }

    // One token-like word: a name with spaces or nested brackets could not be spliced into text unambiguously.
    private static final Pattern NAME = Pattern.compile("<[^<>\\s]+>");

    public TagEntry {
        checkName(name, "name");
        Require.present(kind, "kind");
        Require.positive(vectors, "vectors");
        Require.positive(hidden, "hidden");
    }

    /** Checks that a tag name looks like {@code <Name>}; {@code field} names where it came from. */
    static String checkName(String name, String field) {
        Require.text(name, field);
        if (!NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("'" + field + "' is '" + name + "'; a tag name is one word in angle "
                    + "brackets, e.g. <SMILES>");
        }
        return name;
    }

    /** The tensor that holds this tag's vectors in {@code bank.safetensors}. */
    public static String tensorName(String tagName) {
        return "tag." + tagName;
    }

    /** The shape {@code [vectors, hidden]} its tensor must have. */
    public long[] shape() {
        return new long[] {vectors, hidden};
    }
}
