package org.tagllm.knime.engine.model;

import ai.djl.ndarray.NDArray;
import ai.djl.training.GradientCollector;
import java.util.ArrayDeque;
import java.util.Deque;

/**
 * Backward work a forward pass leaves for after the caller's backward. A decoder that recomputes its blocks during
 * backward ({@link LlamaDecoder#recomputeInBackward}) keeps no graph through them: the caller's backward stops at the
 * last block's output, and the decoder's continuation walks the blocks back to the input embeddings. Whoever runs
 * backward opens a session on its thread and calls {@link #backward}; outside a session the decoder takes the plain
 * path, so no forward can leave work nobody runs.
 *
 * <pre>{@code
 * try (GradientCollector c = engine.newGradientCollector(); PendingBackward pending = PendingBackward.open()) {
 *     NDArray loss = ...;            // forward passes may add continuations
 *     pending.backward(c, loss);     // backward, then every continuation, newest first
 * }
 * }</pre>
 */
public final class PendingBackward implements AutoCloseable {

    private static final ThreadLocal<PendingBackward> OPEN = new ThreadLocal<>();

    /** Continues backward from where the caller's backward left gradients, through {@code collector}. */
    @FunctionalInterface
    interface Continuation {
        void run(GradientCollector collector);
    }

    private final PendingBackward previous;
    private final Deque<Continuation> continuations = new ArrayDeque<>();

    private PendingBackward(PendingBackward previous) {
        this.previous = previous;
    }

    /** Opens a session on this thread (closing it restores the one before, if any). */
    public static PendingBackward open() {
        PendingBackward session = new PendingBackward(OPEN.get());
        OPEN.set(session);
        return session;
    }

    /** The session open on this thread, or null. */
    static PendingBackward current() {
        return OPEN.get();
    }

    void add(Continuation continuation) {
        continuations.push(continuation);
    }

    /** Continuations waiting for a backward. */
    public int pending() {
        return continuations.size();
    }

    /** Backward from {@code loss}, then every continuation the forward passes left, newest first. */
    public void backward(GradientCollector collector, NDArray loss) {
        collector.backward(loss);
        while (!continuations.isEmpty()) {
            continuations.pop().run(collector);
        }
    }

    @Override
    public void close() {
        continuations.clear();
        OPEN.set(previous);
    }
}
