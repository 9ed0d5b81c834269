package org.tagllm.knime.engine.tags;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.Shape;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.tagllm.knime.engine.model.DecoderOutput;
import org.tagllm.knime.engine.model.ForwardOptions;
import org.tagllm.knime.engine.model.KvCache;
import org.tagllm.knime.engine.model.LlamaDecoder;
import org.tagllm.knime.engine.runtime.DjlRuntime;

/**
 * Greedy decoding after a tagged prompt with the frozen LM head, for evaluating generation tasks: the prompt (tags
 * spliced in, isolated segments masked) fills the KV cache once, then each step feeds only the newest token.
 */
final class GreedyTagDecoder {

    private GreedyTagDecoder() {}

    /**
     * The generated ids (the stopping end-of-sequence id not included).
     *
     * @param maxNewTokens at most this many ids are generated; generation also stops at the model's max positions
     */
    static long[] generate(LlamaDecoder decoder, TagTable table, TaggedSequence prompt, int maxNewTokens) {
        if (prompt.length() == 0) {
            throw new IllegalArgumentException("the prompt is empty");
        }
        if (maxNewTokens < 0) {
            throw new IllegalArgumentException("maxNewTokens must not be negative, got " + maxNewTokens);
        }
        Set<Long> stop = new HashSet<>();
        decoder.config().eosTokenIds().forEach(id -> stop.add(id.longValue()));
        int room = decoder.config().maxPositions() - prompt.length();
        long[] out = new long[Math.max(0, Math.min(maxNewTokens, room))];
        return WithoutGradients.run(() -> {
            try (NDManager run = DjlRuntime.newManager(decoder.device()); KvCache cache = decoder.newCache(run)) {
                // 1. Prefill: the whole prompt, tags spliced in, into the cache; the next token from its last position.
                TagBatch one = TagBatch.of(List.of(prompt), TagBatch.Padding.RIGHT);
                long next;
                try (NDManager step = run.newSubManager()) {
                    NDArray x = TagSplice.inputEmbeddings(decoder, table, one, step);
                    next = nextToken(decoder, x, ForwardOptions.defaults().withCache(cache)
                            .withAdditiveMask(one.isolationMaskArray(step)));
                }
                // 2. One token at a time until a stop id, the token budget or the model's max positions.
                int count = 0;
                while (count < out.length && !stop.contains(next)) {
                    out[count++] = next;
                    if (count == out.length) {
                        break;
                    }
                    try (NDManager step = run.newSubManager()) {
                        NDArray x = decoder.embed(step.create(new long[] {next}, new Shape(1, 1)));
                        next = nextToken(decoder, x, ForwardOptions.defaults().withCache(cache));
                    }
                }
                return Arrays.copyOf(out, count);
            }
        });
    }

    /** Argmax of the LM-head logits at the last position of a [1, T, d] input. */
    private static long nextToken(LlamaDecoder decoder, NDArray x, ForwardOptions options) {
        DecoderOutput out = decoder.forward(x, options.hiddenOnly());
        NDArray last = out.hidden().get(new NDIndex(":, -1, :")); // [1, d]
        return decoder.logits(last).argMax(1).toLongArray()[0];
    }
}
