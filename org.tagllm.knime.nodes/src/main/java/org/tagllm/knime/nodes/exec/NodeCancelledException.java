package org.tagllm.knime.nodes.exec;

/** The node stopped because it was asked to; the glue turns it into KNIME's CanceledExecutionException. */
public final class NodeCancelledException extends Exception {

    private static final long serialVersionUID = 1L;

    private final long completedSteps;

    public NodeCancelledException(String message, long completedSteps, Throwable cause) {
        super(message, cause);
        this.completedSteps = completedSteps;
    }

    /** Optimizer steps the cancelled training completed (0 for jobs that do not train or never started). */
    public long completedSteps() {
        return completedSteps;
    }
}
