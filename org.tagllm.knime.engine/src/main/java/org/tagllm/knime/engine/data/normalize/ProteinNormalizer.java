package org.tagllm.knime.engine.data.normalize;

import org.tagllm.knime.engine.protein.InvalidSequenceException;
import org.tagllm.knime.engine.protein.ProteinOptions;
import org.tagllm.knime.engine.protein.ProteinSequences;

/**
 * One-letter protein sequences through {@link ProteinSequences#normalize}: white space removed, letters upper-cased,
 * and a character outside the options' alphabet an {@value #INVALID} value whose detail names it and its position. An
 * empty value is {@value TextNormalizer#EMPTY}, as in every other kind. Stateless.
 */
public final class ProteinNormalizer implements FieldNormalizer {

    public static final String INVALID = "invalid protein sequence";

    private final ProteinOptions options;

    public ProteinNormalizer(ProteinOptions options) {
        if (options == null) {
            throw new IllegalArgumentException("protein options are required");
        }
        this.options = options;
    }

    public ProteinOptions options() {
        return options;
    }

    @Override
    public String normalize(String value) throws InvalidValueException {
        if (value.isBlank()) {
            throw new InvalidValueException(TextNormalizer.EMPTY);
        }
        try {
            return ProteinSequences.normalize(value, options);
        } catch (InvalidSequenceException e) {
            throw new InvalidValueException(INVALID, e.reason(), e);
        }
    }
}
