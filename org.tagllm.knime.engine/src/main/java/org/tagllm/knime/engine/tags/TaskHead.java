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

    boolean isTrainable();

    /** Freezes or unfreezes every parameter of the head. */
    void setTrainable(boolean trainable);

    @Override
    void close();
}
