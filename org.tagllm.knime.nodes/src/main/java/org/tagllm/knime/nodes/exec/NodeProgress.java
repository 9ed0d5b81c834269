package org.tagllm.knime.nodes.exec;

/**
 * What a running node talks to: KNIME's ExecutionContext (progress, checkCanceled) and the node's warning message.
 * Called from engine worker threads as well as the node's own: implementations must be thread-safe.
 */
public interface NodeProgress {

    /** Ignores progress and warnings, never cancelled. */
    NodeProgress NONE = new NodeProgress() {
        @Override
        public void progress(double fraction, String message) {}

        @Override
        public boolean cancelled() {
            return false;
        }

        @Override
        public void warning(String message) {}
    };

    /** @param fraction share of the work done, in [0, 1] */
    void progress(double fraction, String message);

    /** True once the user asked the node to stop. */
    boolean cancelled();

    /** A warning for the node's warning message (KNIME shows the last; the glue may join them). */
    void warning(String message);

    /**
     * A training job's report: the latest step's loss and, right after an epoch's evaluation, the validation score.
     * For a learning monitor; ignored unless overridden.
     */
    default void training(long step, double loss, int epoch, java.util.OptionalDouble validation) {}

    /** True once the user asked the training to finish now and keep its best state (a learning monitor's stop). */
    default boolean finishRequested() {
        return false;
    }
}
