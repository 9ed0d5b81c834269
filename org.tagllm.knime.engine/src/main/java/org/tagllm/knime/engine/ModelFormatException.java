package org.tagllm.knime.engine;

/**
 * A model directory, weight file, tokenizer or configuration that we refuse to load. The message names the file and
 * the offending key or tensor and says what to do instead; it is meant for the user as it is.
 */
public class ModelFormatException extends Exception {

    private static final long serialVersionUID = 1L;

    public ModelFormatException(String message) {
        super(message);
    }

    public ModelFormatException(String message, Throwable cause) {
        super(message, cause);
    }
}
