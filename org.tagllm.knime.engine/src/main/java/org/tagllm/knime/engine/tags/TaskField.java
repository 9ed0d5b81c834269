package org.tagllm.knime.engine.tags;

/**
 * One input field of a task, as it appears in the model's input: its domain tag (if any), then its tokens.
 *
 * @param field        the field's name (a column of the data)
 * @param domainTag    the domain tag standing before the field's tokens, or null for an untagged field
 * @param tokenization how the field's text becomes tokens
 */
public record TaskField(String field, String domainTag, Tokenization tokenization) {

    public TaskField {
        if (field == null || field.isBlank()) {
            throw new IllegalArgumentException("a task field needs a name");
        }
        if (domainTag != null) {
            TagSpec.checkName(domainTag);
        }
        if (tokenization == null) {
            throw new IllegalArgumentException("field " + field + ": the tokenization is missing");
        }
    }

    /** A tagged field with the default tokenization ({@link Tokenization#defaultFor}). */
    public static TaskField of(String field, String domainTag) {
        return new TaskField(field, domainTag, Tokenization.defaultFor(domainTag));
    }

    /** An untagged text field, model tokenization. */
    public static TaskField text(String field) {
        return new TaskField(field, null, Tokenization.MODEL);
    }
}
