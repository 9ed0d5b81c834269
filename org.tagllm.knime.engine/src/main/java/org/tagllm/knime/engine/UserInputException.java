package org.tagllm.knime.engine;

/**
 * Input from the user that the engine refuses (banks that do not fit together, a file or value that cannot be used),
 * as opposed to a fault of the engine. The message names the input, the value and why, and is meant for the user as
 * it is: front ends show it as one line and treat it as bad input, never as a crash.
 */
public abstract class UserInputException extends Exception {

    private static final long serialVersionUID = 1L;

    protected UserInputException(String message) {
        super(message);
    }

    protected UserInputException(String message, Throwable cause) {
        super(message, cause);
    }
}
