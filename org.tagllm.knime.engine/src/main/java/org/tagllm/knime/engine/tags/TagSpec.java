package org.tagllm.knime.engine.tags;

import java.util.regex.Pattern;

/**
 * What a tag is: its name, its role and how many input vectors it holds. The vectors themselves live in a
 * {@link TagTable}.
 *
 * @param name    {@code <} + a letter + letters, digits, {@code _ + -} + {@code >}, e.g. {@code <Protein>}
 * @param kind    domain or function tag
 * @param vectors p, the number of continuous vectors spliced into the input (the paper uses 10)
 */
public record TagSpec(String name, TagKind kind, int vectors) {

    /** The paper's number of vectors per tag. */
    public static final int DEFAULT_VECTORS = 10;

    private static final Pattern NAME = Pattern.compile("<[A-Za-z][A-Za-z0-9_+-]*>");

    public TagSpec {
        checkName(name);
        if (kind == null) {
            throw new IllegalArgumentException("tag " + name + ": the kind (DOMAIN or FUNCTION) is missing");
        }
        if (vectors <= 0) {
            throw new IllegalArgumentException("tag " + name + ": the number of vectors must be positive, got "
                    + vectors);
        }
    }

    /** A domain tag of {@value #DEFAULT_VECTORS} vectors. */
    public static TagSpec domain(String name) {
        return new TagSpec(name, TagKind.DOMAIN, DEFAULT_VECTORS);
    }

    /** A function tag of {@value #DEFAULT_VECTORS} vectors. */
    public static TagSpec function(String name) {
        return new TagSpec(name, TagKind.FUNCTION, DEFAULT_VECTORS);
    }

    /** The tensor name under which tag banks store the vectors: {@code tag.<QED>}. */
    public String tensorName() {
        return tensorName(name);
    }

    /** {@code tag.} + the tag name. */
    public static String tensorName(String tagName) {
        return "tag." + tagName;
    }

    /**
     * Checks a tag name.
     *
     * @throws IllegalArgumentException naming the bad name and the expected form
     */
    public static void checkName(String name) {
        if (name == null || !NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("bad tag name " + (name == null ? "null" : "'" + name + "'")
                    + ": expected '<', a letter, then letters, digits, '_', '+' or '-', then '>' (e.g. <Protein>)");
        }
    }
}
