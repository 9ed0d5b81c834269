package org.tagllm.knime.engine.tags;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import org.tagllm.knime.engine.model.DecoderOutput;
import org.tagllm.knime.engine.model.ForwardOptions;
import org.tagllm.knime.engine.model.LlamaDecoder;
import org.tagllm.knime.engine.runtime.DjlRuntime;
import org.tagllm.knime.engine.runtime.OwnedArrays;

/**
 * The Tag-LLM forward pass: a frozen decoder reading token embeddings with tag vectors spliced in, plus an optional
 * task head on the function tag. The base model never changes and never receives gradients; the trainable tags and
 * head do, through the losses below, inside the caller's {@code GradientCollector}.
 *
 * <ul>
 *   <li>{@link #languageModelLoss}: stage 1 (domain tags) or generation tasks, next-token cross-entropy over the
 *       batch's LM targets with the base vocabulary (tags are never predicted);</li>
 *   <li>{@link #headLoss}: stages 2/3 with a head, MSE on standardised targets or cross-entropy;</li>
 *   <li>{@link #predict}, {@link #classLogits}, {@link #generate}: evaluation, without gradients.</li>
 * </ul>
 *
 * Every array a method creates belongs to the {@code call} manager it is given (the caller closes it after
 * backward). The model owns nothing: the caller closes decoder, table and head.
 */
public final class TagModel {

    private final LlamaDecoder decoder;
    private final TagTable tags;
    private final TaskHead head; // null for language-model tasks

    /** A model without head (stage 1, generation tasks). */
    public TagModel(LlamaDecoder decoder, TagTable tags) {
        this(decoder, tags, null);
    }

    /** A model whose function tag feeds {@code head} (null for none). */
    public TagModel(LlamaDecoder decoder, TagTable tags, TaskHead head) {
        if (tags.hiddenSize() != decoder.config().hiddenSize()) {
            throw new IllegalArgumentException("the tag table is for models of width " + tags.hiddenSize()
                    + ", the decoder has " + decoder.config().hiddenSize());
        }
        // libtorch refuses arrays of two devices in one operation; say which part is where before it does.
        if (!tags.device().equals(decoder.device())) {
            throw new IllegalArgumentException("the tag table is on " + tags.device() + ", the decoder on "
                    + decoder.device());
        }
        if (head != null && !head.parameters().isEmpty()
                && !head.parameters().get(0).getDevice().equals(decoder.device())) {
            throw new IllegalArgumentException("the head of " + head.functionTag() + " is on "
                    + head.parameters().get(0).getDevice() + ", the decoder on " + decoder.device());
        }
        this.decoder = decoder;
        this.tags = tags;
        this.head = head;
    }

    /** The decoder's device, where every array of a call must live. */
    public Device device() {
        return decoder.device();
    }

    public LlamaDecoder decoder() {
        return decoder;
    }

    public TagTable tags() {
        return tags;
    }

    /** The head, or null. */
    public TaskHead head() {
        return head;
    }

    /** Token embeddings with the tag vectors spliced in, [B, T, d]. */
    public NDArray inputEmbeddings(TagBatch batch, NDManager call) {
        return TagSplice.inputEmbeddings(decoder, tags, batch, call);
    }

    /** Final-norm hidden states [B, T, d] of the batch (padding and isolated segments masked), no logits. */
    public DecoderOutput forward(TagBatch batch, NDManager call) {
        NDArray x = inputEmbeddings(batch, call);
        ForwardOptions options = ForwardOptions.defaults().hiddenOnly()
                .withPaddingMask(batch.paddingMaskArray(call))
                .withAdditiveMask(batch.isolationMaskArray(call));
        return decoder.forward(x, options);
    }

    /**
     * Mean next-token cross-entropy over the batch's LM targets (a scalar): each target column's LM-head logits
     * against the id it must predict. Only target columns go through the LM head.
     *
     * @throws IllegalArgumentException when the batch has no LM target
     */
    public NDArray languageModelLoss(TagBatch batch, NDManager call) {
        return targetLogProbabilities(batch, call).mean().neg();
    }

    /**
     * The summed log-probability of each example's LM targets, [B], without gradients: how likely the frozen LM head
     * finds each example's answer (the ablation without task head scores class labels this way).
     */
    public double[] targetLogLikelihoods(TagBatch batch) {
        long[] targets = batch.lmTargets();
        return WithoutGradients.run(() -> {
            try (NDManager call = DjlRuntime.newManager(decoder.device())) {
                float[] picked = targetLogProbabilities(batch, call).toFloatArray();
                double[] sums = new double[batch.batchSize()];
                for (int i = 0, j = 0; i < targets.length; i++) {
                    if (targets[i] != TagBatch.IGNORE) {
                        sums[i / batch.steps()] += picked[j++];
                    }
                }
                return sums;
            }
        });
    }

    /** log p(target) of every LM target in the batch, [N], flat in row-major (example, position) order. */
    private NDArray targetLogProbabilities(TagBatch batch, NDManager call) {
        // 1. The columns with a target, flat over [B * T], and their target ids: [N].
        long[] targets = batch.lmTargets();
        int n = batch.lmTargetCount();
        if (n == 0) {
            throw new IllegalArgumentException("the batch has no language-model targets");
        }
        long[] columns = new long[n];
        long[] ids = new long[n];
        for (int i = 0, j = 0; i < targets.length; i++) {
            if (targets[i] != TagBatch.IGNORE) {
                columns[j] = i;
                ids[j++] = targets[i];
            }
        }

        // 2. Hidden states of those columns [N, d], through the frozen LM head: [N, V].
        NDArray hidden = forward(batch, call).hidden();
        NDArray rows = Rows.gather(flat(hidden), OwnedArrays.longs(call, columns, new Shape(n)));
        NDArray logits = decoder.logits(rows);

        // 3. log_softmax(logits)[target].
        return logits.logSoftmax(1).gather(OwnedArrays.longs(call, ids, new Shape(n, 1)), 1).reshape(n);
    }

    /**
     * The final hidden state at each example's readout (its last function-tag vector, or its last position when it
     * has no function tag and is read there), [B, d], through the full forward.
     */
    public NDArray readout(TagBatch batch, NDManager call) {
        int[] readouts = batch.readouts();
        long[] columns = new long[readouts.length];
        for (int b = 0; b < readouts.length; b++) {
            if (readouts[b] < 0) {
                throw new IllegalArgumentException("example " + b + " has no function tag to read out and is not"
                        + " read at its last position");
            }
            columns[b] = (long) b * batch.steps() + readouts[b];
        }
        NDArray hidden = forward(batch, call).hidden();
        return Rows.gather(flat(hidden), OwnedArrays.longs(call, columns, new Shape(columns.length)));
    }

    /**
     * The same readout through the frozen-prefix fast path (prefix cached without gradients, only the function tag
     * with gradients); see {@link #prefixFrozen}.
     *
     * @throws IllegalArgumentException when the path does not apply, naming why
     */
    public NDArray readoutFrozenPrefix(TagBatch batch, NDManager call) {
        return FrozenPrefixReadout.readout(decoder, tags, batch, call);
    }

    /**
     * Whether the frozen-prefix fast path applies: every example has a function tag (all of one length) and no tag
     * before it is trainable.
     */
    public boolean prefixFrozen(TagBatch batch) {
        return FrozenPrefixReadout.applies(tags, batch);
    }

    /**
     * Regression loss: MSE between the head's standardised predictions and the standardised targets [B][k]
     * (original units). Takes the frozen-prefix path when it applies, and no decoder graph at all when no tag
     * trains.
     */
    public NDArray headLoss(TagBatch batch, double[][] targets, NDManager call) {
        RegressionHead regression = headOf(RegressionHead.class, batch);
        return regression.loss(trainingReadout(batch, call), targets);
    }

    /**
     * Classification loss: mean cross-entropy of the head's logits at {@code labels} [B] (class indices). Takes the
     * frozen-prefix path when it applies.
     */
    public NDArray headLoss(TagBatch batch, int[] labels, NDManager call) {
        ClassificationHead classification = headOf(ClassificationHead.class, batch);
        return classification.loss(trainingReadout(batch, call), labels);
    }

    /** Weighted classification loss ({@link ClassificationHead#loss(NDArray, int[], float[])}), one weight per example. */
    public NDArray headLoss(TagBatch batch, int[] labels, float[] weights, NDManager call) {
        ClassificationHead classification = headOf(ClassificationHead.class, batch);
        return classification.loss(trainingReadout(batch, call), labels, weights);
    }

    private NDArray trainingReadout(TagBatch batch, NDManager call) {
        if (!tags.hasTrainable()) {
            // Nothing before the head trains (linear probe, the ablation without function tag): the head's
            // gradient needs only the hidden state's value, so no graph through the decoder.
            return WithoutGradients.run(() -> readout(batch, call));
        }
        return prefixFrozen(batch) ? readoutFrozenPrefix(batch, call) : readout(batch, call);
    }

    /**
     * Predictions without gradients, [B][k] or [B][C]: a regression head's values in the original units, or a
     * classification head's calibrated probabilities.
     */
    public double[][] predict(TagBatch batch) {
        if (head instanceof RegressionHead regression) {
            checkFunctionTags(batch);
            return WithoutGradients.run(() -> {
                try (NDManager call = DjlRuntime.newManager(decoder.device())) {
                    return regression.toOriginalUnits(regression.forward(readout(batch, call)));
                }
            });
        }
        ClassificationHead classification = headOf(ClassificationHead.class, batch);
        return classification.probabilities(classLogits(batch));
    }

    /**
     * Predictions as {@link #predict} gives them, with the readout hidden states they were computed from.
     *
     * @param values as {@link #predict}: [B][k] values or [B][C] probabilities
     * @param states the final hidden state at each example's readout, [B][d]
     */
    public record Readout(double[][] values, float[][] states) {}

    /** {@link #predict} and the readout states in one forward pass, without gradients (for the applicability domain). */
    public Readout predictWithStates(TagBatch batch) {
        checkFunctionTags(batch);
        return WithoutGradients.run(() -> {
            try (NDManager call = DjlRuntime.newManager(decoder.device())) {
                NDArray hidden = readout(batch, call);
                float[][] states = rows(hidden.toFloatArray(), batch.batchSize());
                if (head instanceof RegressionHead regression) {
                    return new Readout(regression.toOriginalUnits(regression.forward(hidden)), states);
                }
                ClassificationHead classification = headOf(ClassificationHead.class, batch);
                NDArray logits = classification.logits(hidden);
                float[][] perRow = rows(logits.toFloatArray(), batch.batchSize());
                return new Readout(classification.probabilities(perRow), states);
            }
        });
    }

    private static float[][] rows(float[] flat, int batchSize) {
        int width = flat.length / batchSize;
        float[][] out = new float[batchSize][width];
        for (int b = 0; b < batchSize; b++) {
            System.arraycopy(flat, b * width, out[b], 0, width);
        }
        return out;
    }

    /** Uncalibrated logits [B][C] of a classification head, without gradients (for fitting the temperature). */
    public float[][] classLogits(TagBatch batch) {
        ClassificationHead classification = headOf(ClassificationHead.class, batch);
        return WithoutGradients.run(() -> {
            try (NDManager call = DjlRuntime.newManager(decoder.device())) {
                NDArray logits = classification.logits(readout(batch, call));
                int c = classification.classes().size();
                float[] flat = logits.toFloatArray();
                float[][] out = new float[batch.batchSize()][c];
                for (int b = 0; b < out.length; b++) {
                    System.arraycopy(flat, b * c, out[b], 0, c);
                }
                return out;
            }
        });
    }

    /**
     * Greedy continuation of a tagged prompt with the frozen LM head and the KV cache; the generated ids, the
     * stopping end-of-sequence id excluded.
     */
    public long[] generate(TaggedSequence prompt, int maxNewTokens) {
        return GreedyTagDecoder.generate(decoder, tags, prompt, maxNewTokens);
    }

    private <H extends TaskHead> H headOf(Class<H> type, TagBatch batch) {
        if (!type.isInstance(head)) {
            throw new IllegalStateException("this model's head is " + (head == null ? "absent" : head.getClass()
                    .getSimpleName()) + ", the call needs a " + type.getSimpleName());
        }
        checkFunctionTags(batch);
        return type.cast(head);
    }

    private void checkFunctionTags(TagBatch batch) {
        for (int b = 0; b < batch.batchSize(); b++) {
            TagSpec f = batch.sequence(b).functionTag();
            if (f == null && batch.sequence(b).readout() >= 0) {
                continue; // read at the last position: a baseline without function tag
            }
            if (f == null || !f.name().equals(head.functionTag())) {
                throw new IllegalArgumentException("example " + b + " ends with " + (f == null ? "no function tag"
                        : f.name()) + " but the head belongs to " + head.functionTag());
            }
        }
    }

    private static NDArray flat(NDArray hidden) {
        Shape s = hidden.getShape();
        return hidden.reshape(new Shape(s.get(0) * s.get(1), s.get(2)));
    }
}
