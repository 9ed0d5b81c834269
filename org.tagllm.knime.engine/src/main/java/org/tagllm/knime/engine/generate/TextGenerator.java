package org.tagllm.knime.engine.generate;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.Shape;
import java.util.Arrays;
import java.util.SplittableRandom;
import org.tagllm.knime.engine.model.DecoderOutput;
import org.tagllm.knime.engine.model.ForwardOptions;
import org.tagllm.knime.engine.model.KvCache;
import org.tagllm.knime.engine.model.LlamaDecoder;
import org.tagllm.knime.engine.runtime.DjlRuntime;

/**
 * Continues a prompt one token at a time with a {@link LlamaDecoder}. With the KV cache the prompt is run once
 * (prefill) and each later step feeds only the newest token; without it every step reruns the whole sequence. Only
 * the last position's logits are computed. Each step's arrays live in a sub-manager closed after the step.
 */
public final class TextGenerator {

    private final LlamaDecoder decoder;

    public TextGenerator(LlamaDecoder decoder) {
        this.decoder = decoder;
    }

    /**
     * Generates until a stop id is drawn (not appended), {@code maxNewTokens} are added, or the sequence fills the
     * model's max positions.
     *
     * @param prompt token ids: at least one and at most the model's max positions
     */
    public Generation generate(long[] prompt, GenerationSettings settings) {
        int maxPositions = decoder.config().maxPositions();
        if (prompt.length == 0) {
            throw new IllegalArgumentException("the prompt must hold at least one token");
        }
        if (prompt.length > maxPositions) {
            throw new IllegalArgumentException("the prompt has " + prompt.length + " tokens but the model takes at most "
                    + maxPositions);
        }
        SplittableRandom random = new SplittableRandom(settings.seed());
        long[] tokens = Arrays.copyOf(prompt, (int) Math.min((long) prompt.length + settings.maxNewTokens(),
                maxPositions));
        int length = prompt.length;
        try (NDManager run = DjlRuntime.newManager(decoder.device());
                KvCache cache = settings.useKvCache() ? decoder.newCache(run) : null) {
            while (true) {
                if (length - prompt.length == settings.maxNewTokens()) {
                    return new Generation(Arrays.copyOf(tokens, length), prompt.length,
                            Generation.StopReason.MAX_NEW_TOKENS);
                }
                if (length == maxPositions) {
                    return new Generation(Arrays.copyOf(tokens, length), prompt.length,
                            Generation.StopReason.MAX_POSITIONS);
                }
                // With the cache, feed what it has not seen yet (the prompt, then the newest token).
                int from = cache == null ? 0 : cache.length();
                float[] logits = nextLogits(Arrays.copyOfRange(tokens, from, length), cache, run);
                int next = settings.sampler().sample(logits, random);
                if (settings.stopIds().contains((long) next)) {
                    return new Generation(Arrays.copyOf(tokens, length), prompt.length, Generation.StopReason.STOP_ID);
                }
                tokens[length++] = next;
            }
        }
    }

    /** Logits for the token after {@code ids} (appended to the cache when there is one). */
    private float[] nextLogits(long[] ids, KvCache cache, NDManager run) {
        try (NDManager step = run.newSubManager()) {
            NDArray input = decoder.embed(step.create(ids, new Shape(1, ids.length)));
            DecoderOutput out = decoder.forward(input, ForwardOptions.defaults().withCache(cache).hiddenOnly());
            NDArray last = out.hidden().get(new NDIndex(":, -1:, :"));
            return decoder.logits(last).toFloatArray();
        }
    }
}
