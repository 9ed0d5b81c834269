package org.tagllm.knime.engine.bank;

import org.tagllm.knime.engine.UserInputException;

/**
 * Banks that cannot be used together, or with the model given: different base models, a tag two banks define
 * differently, a domain tag no bank offers. The message names the banks and the tag and is meant for the user as is.
 */
public class BankConflictException extends UserInputException {

    private static final long serialVersionUID = 1L;

    public BankConflictException(String message) {
        super(message);
    }
}
