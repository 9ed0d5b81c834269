package org.tagllm.knime.engine.model;

import ai.djl.engine.EngineException;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.pytorch.jni.JniUtils;
import ai.djl.training.GradientCollector;
import java.util.function.UnaryOperator;

/**
 * Layer-wise activation checkpointing for the frozen decoder: the blocks run without a graph, keeping only each
 * block's input; backward recomputes one block at a time with its input attached for gradient. Autograd would
 * otherwise keep every block's activations and widened float32 weights until backward (what binds memory when
 * training tags through a large model); here it keeps one block's at a time.
 *
 * <p>For block i from the last to the first: re-run it on a leaf copy of its input, back-propagate
 * {@code sum(output * g)} with g the gradient arriving at its output (a plain array, so the product's backward gives
 * exactly g), take the leaf's gradient as the next g and free the block's arrays. Last, {@code sum(x0 * g)} through
 * the input embeddings' own graph, so the tag vectors spliced there get their gradients. Only array operations:
 * nothing on the gradient path uses DJL's {@code Number} overloads. Each leaf is fresh, so no stale gradient can
 * accumulate into it.
 */
final class RecomputedBlocks {

    /** One decoder block, the same code the plain forward runs: block {@code index} on x [B, T, d]. */
    @FunctionalInterface
    interface Block {
        NDArray apply(int index, NDArray x);
    }

    private final Block block;
    private final NDArray[] inputs; // block i's input; inputs[0] is the caller's embeddings, with their graph
    private final NDArray last; // the last block's output: a leaf the caller's backward ends at

    private RecomputedBlocks(Block block, NDArray[] inputs, NDArray last) {
        this.block = block;
        this.inputs = inputs;
        this.last = last;
    }

    /**
     * Runs {@code layers} blocks on {@code x0} without a graph and returns the final norm applied, with a graph, to
     * the last block's output; the walk back through the blocks is left to {@code pending}.
     */
    static NDArray forward(Block block, int layers, NDArray x0, UnaryOperator<NDArray> finalNorm,
            PendingBackward pending) {
        NDArray[] inputs = new NDArray[layers];
        NDArray x = x0;
        boolean previous = JniUtils.isGradMode();
        JniUtils.setGradMode(false);
        try {
            for (int i = 0; i < layers; i++) {
                inputs[i] = x;
                x = block.apply(i, x);
            }
        } finally {
            JniUtils.setGradMode(previous);
        }
        x.setRequiresGradient(true); // computed without a graph: a leaf
        RecomputedBlocks walk = new RecomputedBlocks(block, inputs, x);
        pending.add(walk::backward);
        return finalNorm.apply(x);
    }

    /**
     * Whether the recompute path applies: grad mode is on. (Whether the input itself needs a gradient cannot be asked
     * safely: DJL's requiresGrad is false for results of recorded operations, and its gradient-function name crashes
     * the JVM on arrays without one. So the walk finds out at its last step; see {@link #intoInputs}.)
     */
    static boolean applies() {
        return JniUtils.isGradMode();
    }

    private void backward(GradientCollector collector) {
        NDArray x0 = inputs[0];
        NDManager call = x0.getManager();
        NDArray g = detachedGradient(last, call);
        for (int i = inputs.length - 1; i >= 0; i--) {
            try (NDManager step = call.newSubManager()) {
                NDArray input = i == 0 ? x0.stopGradient() : inputs[i];
                input.attach(step); // freed with the step: block i's input is needed no more
                inputs[i] = null;
                input.setRequiresGradient(true);
                NDArray output = block.apply(i, input); // in the step, with a graph from the leaf
                collector.backward(output.mul(g).sum());
                g.close();
                g = detachedGradient(input, call);
            }
        }
        intoInputs(collector, x0, g);
        g.close();
    }

    /**
     * Back-propagates {@code g} into the input embeddings' graph, so the tag vectors spliced there get their gradients.
     * Inputs without a graph (nothing before the decoder trains) need nothing: libtorch refuses their backward, which
     * is then skipped.
     */
    private static void intoInputs(GradientCollector collector, NDArray x0, NDArray g) {
        NDArray probe = x0.mul(g).sum();
        try {
            collector.backward(probe);
        } catch (EngineException e) {
            if (e.getMessage() == null || !e.getMessage().contains("does not require grad")) {
                throw e;
            }
        }
    }

    /** The gradient a leaf received, as an array of {@code call} that outlives the leaf. */
    private static NDArray detachedGradient(NDArray leaf, NDManager call) {
        NDArray g = leaf.getGradient();
        g.attach(call);
        return g;
    }
}
