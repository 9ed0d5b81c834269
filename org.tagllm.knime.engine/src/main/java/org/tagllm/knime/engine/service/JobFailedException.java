package org.tagllm.knime.engine.service;

/** A job ended with an error; the cause is the stage's own exception (bad data, bad model, bank conflict …). */
public final class JobFailedException extends Exception {

    private static final long serialVersionUID = 1L;

    public JobFailedException(String job, Throwable cause) {
        super(job + " failed: " + cause.getMessage(), cause);
    }
}
