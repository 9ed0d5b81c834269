package org.tagllm.knime.engine.bank;

import org.tagllm.knime.engine.ModelFormatException;

/**
 * A tag bank folder we refuse to read: a file is missing or malformed, or manifest and tensors disagree. The message
 * names the folder or file and the offending tag, tensor or field. A {@link ModelFormatException}, so callers that
 * load a model and its banks can handle both alike.
 */
public class BankFormatException extends ModelFormatException {

    private static final long serialVersionUID = 1L;

    public BankFormatException(String message) {
        super(message);
    }

    public BankFormatException(String message, Throwable cause) {
        super(message, cause);
    }
}
