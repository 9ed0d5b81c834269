package org.tagllm.knime.engine.tags;

import ai.djl.ndarray.NDArray;
import java.util.List;

/**
 * A small trainable head owned by a function tag, fed by the final-norm hidden state at the tag's last vector.
 * Its parameters live in a manager the head owns; {@link #close()} frees them.
 */
public sealed interface TaskHead extends AutoCloseable permits RegressionHead, ClassificationHead {

    /** The function tag whose readout feeds this head. */
    String functionTag();

    /** The head's parameter arrays (weight, then bias when there is one). */
    List<NDArray> parameters();

    /** Whether the head's weight takes gradients (its parameters are frozen or trained together). */
    default boolean isTrainable() {
        return parameters().get(0).hasGradient();
    }

    /** Freezes or unfreezes every parameter of the head. */
    default void setTrainable(boolean trainable) {
        parameters().forEach(p -> p.setRequiresGradient(trainable));
    }

    @Override
    void close();
}
