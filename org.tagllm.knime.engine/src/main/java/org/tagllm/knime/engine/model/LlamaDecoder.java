package org.tagllm.knime.engine.model;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.pytorch.jni.JniUtils;
import java.io.IOException;
import java.util.concurrent.atomic.AtomicLong;
import org.tagllm.knime.engine.ModelFormatException;
import org.tagllm.knime.engine.config.ModelConfig;
import org.tagllm.knime.engine.runtime.DjlRuntime;
import org.tagllm.knime.engine.runtime.OwnedArrays;
import org.tagllm.knime.engine.safetensors.WeightSource;

/**
 * A frozen LLaMA-family decoder (LLaMA, Mistral, Qwen2) on DJL's PyTorch engine, taking input embeddings so that
 * gradients can flow back to them (Tag-LLM trains tag vectors spliced into the embeddings) while every base weight
 * stays frozen.
 *
 * <p><b>Memory scopes.</b> Every array a forward call returns or keeps belongs to the manager of its input
 * embeddings (the caller's per-call sub-manager, closed after backward); option arrays from other managers are copied
 * there first. Each block's temporaries are freed when the block ends, so a call holds a few arrays per layer, not
 * dozens. The weights and constant tables live in capped managers of the decoder, so an accidental attachment to
 * them fails instead of leaking.
 *
 * <p><b>Gradient safety.</b> Nothing on the gradient path uses DJL's {@code Number} overloads ({@code mul(2.0)}
 * etc.): those wrap the scalar in a Java buffer that is freed before backward, so gradients turn wrong after a GC.
 * Scalars are libtorch-owned arrays held by the decoder for its lifetime (see {@link OwnedArrays}).
 *
 * <p>Computes in float32 only (BF16 arrays crash DJL 0.36; FP16 matmul is very slow on CPU). Weights kept at their
 * stored 16-bit precision ({@link WeightPrecision#STORED}) are widened one block at a time.
 */
public final class LlamaDecoder implements AutoCloseable {

    /** Added to the attention scores of hidden keys: finite, so a fully masked row (a pad query) is not NaN. */
    public static final float MASKED = -1e9f;

    /** Attention score floats formed at once in inference (4 MiB): see {@link #attentionInPieces}. */
    static final long ATTENTION_PIECE_FLOATS = 1L << 20;

    /** Rotary table rows built up front; more are built when a call reaches further. */
    private static final int INITIAL_ROTARY_CAPACITY = 2048;

    private final ModelConfig config;
    private final DecoderWeights weights;
    private final NDManager owned; // root manager of load()/random(), else null
    private final NDManager constants; // capped: eps, masked
    private final NDArray eps; // scalar, RMSNorm epsilon
    private final NDArray masked; // scalar, MASKED
    private volatile RotaryTables rotary;
    private volatile boolean recomputeInBackward;
    private final AtomicLong recomputedPasses = new AtomicLong();
    private long attentionPieceFloats = ATTENTION_PIECE_FLOATS;
    private final AtomicLong attentionSplits = new AtomicLong();

    /** A decoder over {@code weights}; it takes ownership of them and closes them in {@link #close()}. */
    public LlamaDecoder(DecoderWeights weights) {
        this(weights, null);
    }

    private LlamaDecoder(DecoderWeights weights, NDManager owned) {
        this.config = weights.config();
        this.weights = weights;
        this.owned = owned;
        this.constants = weights.manager().newSubManager();
        this.eps = OwnedArrays.scalar(constants, (float) config.rmsNormEps());
        this.masked = OwnedArrays.scalar(constants, MASKED);
        constants.cap();
        this.rotary = RotaryTables.build(config, Math.min(config.maxPositions(), INITIAL_ROTARY_CAPACITY),
                constants);
    }

    /** Loads the weights from {@code source} into a new manager that the decoder owns. */
    public static LlamaDecoder load(ModelConfig config, WeightSource source) throws IOException, ModelFormatException {
        return load(config, source, Device.cpu());
    }

    /** Loads the weights onto {@code device}; every array the decoder makes later lives there too. */
    public static LlamaDecoder load(ModelConfig config, WeightSource source, Device device)
            throws IOException, ModelFormatException {
        return load(config, source, device, WeightPrecision.FLOAT32);
    }

    /** Loads onto {@code device}, keeping the weights as {@code precision} says. */
    public static LlamaDecoder load(ModelConfig config, WeightSource source, Device device,
            WeightPrecision precision) throws IOException, ModelFormatException {
        NDManager root = DjlRuntime.newManager(device);
        try {
            return new LlamaDecoder(DecoderWeights.load(config, source, root, precision), root);
        } catch (IOException | ModelFormatException | RuntimeException e) {
            root.close();
            throw e;
        }
    }

    /** A decoder with {@link DecoderWeights#random deterministic random weights}, for tests and benchmarks. */
    public static LlamaDecoder random(ModelConfig config, long seed) {
        NDManager root = DjlRuntime.newManager(Device.cpu());
        try {
            return new LlamaDecoder(DecoderWeights.random(config, seed, root), root);
        } catch (RuntimeException e) {
            root.close();
            throw e;
        }
    }

    public ModelConfig config() {
        return config;
    }

    /** Where the weights live; the device of every manager that works with them. */
    public Device device() {
        return weights.manager().getDevice();
    }

    public DecoderWeights weights() {
        return weights;
    }

    /**
     * Whether training recomputes each block during backward instead of keeping its activations and widened weights
     * (layer-wise activation checkpointing, see {@link RecomputedBlocks}): one block's working set at a time for
     * about one more forward pass. It applies to forward calls with gradients on, inside a {@link PendingBackward}
     * session (the trainer's); the result is the same up to float rounding.
     */
    public void recomputeInBackward(boolean on) {
        this.recomputeInBackward = on;
    }

    public boolean recomputesInBackward() {
        return recomputeInBackward;
    }

    /** Forward calls so far that took the recompute path (for logs and tests: training really used it). */
    public long recomputedPasses() {
        return recomputedPasses.get();
    }

    /** An empty cache for this decoder, its arrays in a sub-manager of {@code parent}. */
    public KvCache newCache(NDManager parent) {
        return new KvCache(config.numLayers(), parent);
    }

    /**
     * Token embeddings: [B, T] int64 ids to [B, T, d] float32, in the ids' manager. The result is a fresh array;
     * call {@code setRequiresGradient(true)} on it (or on arrays spliced into it) to train through the decoder.
     */
    public NDArray embed(NDArray tokenIds) {
        if (tokenIds.getDataType() != DataType.INT64 || tokenIds.getShape().dimension() != 2) {
            throw new IllegalArgumentException("token ids must be a [B, T] int64 array, got "
                    + tokenIds.getDataType() + " " + tokenIds.getShape());
        }
        if (tokenIds.size() > 0) {
            long min = tokenIds.min().toLongArray()[0];
            long max = tokenIds.max().toLongArray()[0];
            if (min < 0 || max >= config.vocabSize()) {
                throw new IllegalArgumentException("token ids must lie in [0, " + config.vocabSize() + "), got "
                        + (min < 0 ? min : max));
            }
        }
        return weights.lookup(tokenIds);
    }

    /** LM-head logits of hidden states: [..., d] to [..., V], in the hidden states' manager. */
    public NDArray logits(NDArray hidden) {
        // A head kept at half precision is widened for this product only (autograd keeps it if backward needs it).
        try (NDManager scope = hidden.getManager().newSubManager()) {
            return linear(hidden, weights.lmHead(scope), null);
        }
    }

    /**
     * Runs the decoder on input embeddings.
     *
     * @param inputEmbeddings [B, T, d] float32; its manager receives every array this call creates
     * @param options         positions, padding, extra mask, cache, logits or not; null means defaults
     */
    public DecoderOutput forward(NDArray inputEmbeddings, ForwardOptions options) {
        ForwardOptions opts = options == null ? ForwardOptions.defaults() : options;
        Shape shape = inputEmbeddings.getShape();
        if (inputEmbeddings.getDataType() != DataType.FLOAT32 || shape.dimension() != 3
                || shape.get(2) != config.hiddenSize() || shape.get(1) == 0) {
            throw new IllegalArgumentException("input embeddings must be a float32 [B, T, " + config.hiddenSize()
                    + "] array with T > 0, got " + inputEmbeddings.getDataType() + " " + shape);
        }
        long batch = shape.get(0);
        int steps = Math.toIntExact(shape.get(1));
        NDManager call = inputEmbeddings.getManager();
        KvCache cache = opts.cache();
        if (cache != null && cache.numLayers() != config.numLayers()) {
            throw new IllegalArgumentException("the cache has " + cache.numLayers() + " layers, the model "
                    + config.numLayers());
        }

        // Where the tokens sit: rotary positions and which keys are real tokens.
        TokenLayout layout = TokenLayout.of(call, cache, adopt(opts.positions(), call),
                adopt(opts.paddingMask(), call), batch, steps, config.maxPositions());
        Rotation rotation = Rotation.at(layout.positions(), tablesCovering(layout.maxPosition()));
        NDArray mask = AttentionMask.additive(call, layout, config.slidingWindow(),
                checkedExtraMask(adopt(opts.additiveMask(), call), batch, steps, layout.past() + steps), masked);

        KvCache.Update update = cache == null ? null : cache.update(call);
        PendingBackward pending = PendingBackward.current();
        if (recomputeInBackward && pending != null && RecomputedBlocks.applies()) {
            // Blocks without a graph, recomputed one at a time in backward. The cache is read, not extended: the
            // recomputation needs its keys as they were before this call.
            recomputedPasses.incrementAndGet();
            NDArray hidden = RecomputedBlocks.forward((i, in) -> block(i, in, rotation, mask, update),
                    config.numLayers(), inputEmbeddings, last -> rmsNorm(last, weights.norm()), pending);
            return new DecoderOutput(hidden, opts.computeLogits() ? logits(hidden) : null);
        }
        NDArray x = inputEmbeddings;
        for (int i = 0; i < config.numLayers(); i++) {
            x = block(i, x, rotation, mask, update);
        }
        NDArray hidden = rmsNorm(x, weights.norm());
        if (update != null) {
            update.commit(layout);
        }
        return new DecoderOutput(hidden, opts.computeLogits() ? logits(hidden) : null);
    }

    /**
     * One decoder block on x [B, T, d]. Its intermediate arrays live in a scope closed at the end of the block; only
     * the output (and staged cache entries) move to the call's manager. Closing a handle only drops a reference:
     * libtorch keeps whatever autograd saved for backward (all arrays here are libtorch-owned), so this frees
     * temporaries as PyTorch would, in inference and in training alike.
     */
    private NDArray block(int index, NDArray x, Rotation rotation, NDArray mask, KvCache.Update update) {
        NDManager call = x.getManager();
        try (NDManager scope = call.newSubManager()) {
            x.tempAttach(scope); // results of operations on x go to the scope; x returns to the call when it closes
            // Weights kept at half precision are widened here, into the scope: one layer's float32 copy at a time.
            LayerWeights w = weights.layer(index, scope);
            NDArray out = blockOperations(w, index, x, rotation, mask, update);
            out.attach(call);
            return out;
        }
    }

    private NDArray blockOperations(LayerWeights w, int index, NDArray x, Rotation rotation, NDArray mask,
            KvCache.Update update) {
        Shape shape = x.getShape();
        long b = shape.get(0);
        long t = shape.get(1);
        int heads = config.numHeads();
        int kvHeads = config.numKvHeads();
        int hd = config.headDim();

        // 1. Attention norm.
        NDArray normed = rmsNorm(x, w.inputNorm());

        // 2. Query, key and value projections, split into heads: [B, T, H or K, hd].
        NDArray q = linear(normed, w.q(), w.qBias()).reshape(b, t, heads, hd);
        NDArray k = linear(normed, w.k(), w.kBias()).reshape(b, t, kvHeads, hd);
        NDArray v = linear(normed, w.v(), w.vBias()).reshape(b, t, kvHeads, hd);

        // 3. Rotary positions (queries also take the 1/sqrt(hd) scale), then heads first: [B, H or K, T, hd].
        q = rotation.rotateQuery(q).transpose(0, 2, 1, 3);
        k = rotation.rotateKey(k).transpose(0, 2, 1, 3);
        v = v.transpose(0, 2, 1, 3);

        // 4. Cache: keys and values of all S = past + T tokens, [B, K, S, hd].
        if (update != null) {
            NDArray[] kv = update.append(index, k, v);
            k = kv[0];
            v = kv[1];
        }
        long s = k.getShape().get(2);

        // 5. Attention, a piece of the batch's rows at a time when not recording gradients.
        NDArray attended = attentionInPieces(q, k, v, mask, s);

        // 6. Output projection and residual.
        NDArray h = x.add(linear(attended, w.o(), w.oBias()));

        // 7. MLP norm, SwiGLU down(silu(gate h) * up h), residual.
        NDArray m = rmsNorm(h, w.postNorm());
        NDArray gate = linear(m, w.gate(), null);
        NDArray act = gate.mul(Activation.sigmoid(gate)).mul(linear(m, w.up(), null));
        return h.add(linear(act, w.down(), null));
    }

    /** Tests only: score floats per attention piece ({@code Long.MAX_VALUE}: the whole batch at once). */
    void attentionPieceFloats(long floats) {
        attentionPieceFloats = floats;
    }

    /** Attention calls so far that were split into pieces (for tests: inference splits, autograd does not). */
    long attentionSplits() {
        return attentionSplits.get();
    }

    /**
     * Attention of q [B, H, T, hd] over k, v [B, K, S, hd] with the additive mask [B or 1, 1, T, S], as [B, T, H*hd].
     * Its score arrays are [B, H, T, S]: for a batch of long rows (32 rows of 270 tokens: 75 MB each, three per
     * layer) they exceed what malloc keeps for reuse, so each one came from fresh pages (millions of page faults per
     * 10^4 rows). In inference the rows are therefore taken {@link #ATTENTION_PIECE_FLOATS} score floats at a time
     * and each piece's arrays are freed before the next: every row's attention is computed by the same kernels on
     * the same numbers, so the result is bit for bit the same. While autograd records (grad mode on) the batch
     * stays one piece, as recorded before; grad mode, not the array's requiresGrad, decides (DJL reports false for
     * computed arrays).
     */
    private NDArray attentionInPieces(NDArray q, NDArray k, NDArray v, NDArray mask, long s) {
        Shape shape = q.getShape();
        long b = shape.get(0);
        long perRow = shape.get(1) * shape.get(2) * s;
        long rows = Math.max(1, attentionPieceFloats / perRow);
        if (rows >= b || JniUtils.isGradMode()) {
            return attention(q, k, v, mask, s);
        }
        attentionSplits.incrementAndGet();
        boolean maskPerRow = mask != null && mask.getShape().get(0) == b;
        NDManager owner = q.getManager();
        NDList pieces = new NDList();
        for (long from = 0; from < b; from += rows) {
            NDIndex range = new NDIndex("{}:{}", from, Math.min(b, from + rows));
            try (NDManager piece = owner.newSubManager()) {
                // Views of the piece's rows, held by the piece so that its results go there and are freed with it.
                NDArray pq = heldBy(q.get(range), piece);
                NDArray pk = heldBy(k.get(range), piece);
                NDArray pv = heldBy(v.get(range), piece);
                NDArray pm = maskPerRow ? heldBy(mask.get(range), piece) : mask;
                NDArray out = attention(pq, pk, pv, pm, s);
                out.attach(owner);
                pieces.add(out);
            }
        }
        NDArray joined = NDArrays.concat(pieces, 0);
        pieces.close();
        return joined;
    }

    private static NDArray heldBy(NDArray view, NDManager piece) {
        view.attach(piece);
        return view;
    }

    /**
     * The G = H/K query heads sharing a kv head are stacked along time ([B, K, G*T, hd]), so one batched matmul
     * serves grouped-query attention without repeating keys and values per head.
     */
    private NDArray attention(NDArray q, NDArray k, NDArray v, NDArray mask, long s) {
        Shape shape = q.getShape();
        long b = shape.get(0);
        long heads = shape.get(1);
        long t = shape.get(2);
        long hd = shape.get(3);
        long kvHeads = k.getShape().get(1);
        long group = heads / kvHeads;
        NDArray scores = q.reshape(b, kvHeads, group * t, hd).matMul(k.transpose(0, 1, 3, 2)).reshape(b, heads, t, s);
        if (mask != null) {
            scores = scores.add(mask);
        }
        NDArray probs = scores.softmax(3).reshape(b, kvHeads, group * t, s);
        return probs.matMul(v).reshape(b, heads, t, hd).transpose(0, 2, 1, 3).reshape(b, t, heads * hd);
    }

    /** RMSNorm over the last axis: x / sqrt(mean(x²) + eps) * weight (array ops only: gradient-safe). */
    private NDArray rmsNorm(NDArray x, NDArray weight) {
        NDArray rms = x.mul(x).mean(new int[] {-1}, true).add(eps).sqrt();
        return x.div(rms).mul(weight);
    }

    /** x W^T (+ b), libtorch's linear; the result belongs to x's manager. */
    private static NDArray linear(NDArray x, NDArray weight, NDArray bias) {
        return x.getNDArrayInternal().linear(x, weight, bias).singletonOrThrow();
    }

    /** Rotary tables covering positions up to {@code maxPosition}, grown (doubling) when needed. */
    private RotaryTables tablesCovering(long maxPosition) {
        RotaryTables tables = rotary;
        if (maxPosition < tables.capacity()) {
            return tables;
        }
        synchronized (this) {
            if (maxPosition >= rotary.capacity()) {
                int capacity = (int) Math.min(config.maxPositions(),
                        Math.max(maxPosition + 1, 2L * rotary.capacity()));
                // The old tables stay open (a concurrent call may be using them) until the decoder closes.
                rotary = RotaryTables.build(config, capacity, constants);
            }
            return rotary;
        }
    }

    /** The caller's mask, checked to broadcast to [B, H, T, S]. */
    private NDArray checkedExtraMask(NDArray extra, long batch, long steps, long total) {
        if (extra == null) {
            return null;
        }
        long[] target = {batch, config.numHeads(), steps, total};
        Shape s = extra.getShape();
        boolean ok = extra.getDataType() == DataType.FLOAT32 && s.dimension() <= 4;
        for (int i = 0; ok && i < s.dimension(); i++) {
            long dim = s.get(s.dimension() - 1 - i);
            ok = dim == 1 || dim == target[3 - i];
        }
        if (!ok) {
            throw new IllegalArgumentException("the additive mask must be float32 and broadcastable to "
                    + new Shape(target) + ", got " + extra.getDataType() + " " + s);
        }
        return extra;
    }

    /** {@code a} itself when it belongs to {@code call}, else a copy attached to {@code call}. */
    private static NDArray adopt(NDArray a, NDManager call) {
        if (a == null || a.getManager() == call) {
            return a;
        }
        NDArray copy = a.duplicate();
        copy.attach(call);
        return copy;
    }

    @Override
    public void close() {
        // The rotary tables and constants are sub-managers of the weights' manager.
        weights.close();
        if (owned != null) {
            owned.close();
        }
    }
}
