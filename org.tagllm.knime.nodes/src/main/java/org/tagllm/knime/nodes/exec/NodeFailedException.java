package org.tagllm.knime.nodes.exec;

/**
 * The node could not produce its output: bad data, a model that does not load, banks that do not fit together. The
 * message is written for the user (the glue shows it as the node's error); the cause is kept for the log.
 */
public final class NodeFailedException extends Exception {

    private static final long serialVersionUID = 1L;

    public NodeFailedException(String message) {
        super(message);
    }

    public NodeFailedException(String message, Throwable cause) {
        super(message, cause);
    }
}
