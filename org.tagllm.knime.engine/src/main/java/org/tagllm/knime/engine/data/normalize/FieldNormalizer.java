package org.tagllm.knime.engine.data.normalize;

/**
 * Turns one raw input value into the form the model sees (e.g. a canonical SMILES), or says why it cannot.
 * Implementations must be stateless or thread-safe. A bad value is an {@link InvalidValueException}; any other
 * exception is a bug, which the loader reports as a bad row ("normaliser failed") rather than ending the run.
 */
@FunctionalInterface
public interface FieldNormalizer {

    String normalize(String value) throws InvalidValueException;
}
