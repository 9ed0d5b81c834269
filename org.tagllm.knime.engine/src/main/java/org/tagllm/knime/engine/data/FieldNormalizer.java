package org.tagllm.knime.engine.data;

/**
 * Turns one raw input value into the form the model sees (e.g. a canonical SMILES), or says why it cannot.
 * Implementations must be stateless or thread-safe, and must not fail in any other way on any string: a bad value is
 * an {@link InvalidValueException}, never a crash.
 */
@FunctionalInterface
public interface FieldNormalizer {

    String normalize(String value) throws InvalidValueException;
}
