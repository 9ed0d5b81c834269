package org.tagllm.knime.nodes.workflow;

/**
 * A workflow cannot run: a node does not configure or execute, a setting is unknown, a connection does not fit. The
 * message names the node by id and type, then says what is wrong; the node layer's exception is the cause.
 */
public final class WorkflowException extends Exception {

    private static final long serialVersionUID = 1L;

    private final String nodeId;

    public WorkflowException(String nodeId, String message, Throwable cause) {
        super(message, cause);
        this.nodeId = nodeId;
    }

    public WorkflowException(String nodeId, String message) {
        this(nodeId, message, null);
    }

    /** The node at fault, or null for the file as a whole. */
    public String nodeId() {
        return nodeId;
    }
}
