package org.tagllm.knime.engine.memory;

import org.tagllm.knime.engine.UserInputException;

/** A model was not loaded: the estimate exceeds what the device has available. The message names both and remedies. */
public final class ModelTooLargeException extends UserInputException {

    private static final long serialVersionUID = 1L;

    public ModelTooLargeException(String message) {
        super(message);
    }
}
