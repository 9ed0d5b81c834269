package org.tagllm.knime.engine.data.normalize;

/** Free text: surrounding white space stripped; nothing left is a bad value. */
public final class TextNormalizer implements FieldNormalizer {

    public static final String EMPTY = "empty value";

    @Override
    public String normalize(String value) throws InvalidValueException {
        String stripped = value.strip();
        if (stripped.isEmpty()) {
            throw new InvalidValueException(EMPTY);
        }
        return stripped;
    }
}
