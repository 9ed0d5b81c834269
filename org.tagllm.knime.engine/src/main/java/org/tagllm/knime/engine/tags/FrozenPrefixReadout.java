package org.tagllm.knime.engine.tags;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.util.ArrayList;
import java.util.List;
import org.tagllm.knime.engine.model.DecoderOutput;
import org.tagllm.knime.engine.model.ForwardOptions;
import org.tagllm.knime.engine.model.KvCache;
import org.tagllm.knime.engine.model.LlamaDecoder;
import org.tagllm.knime.engine.runtime.OwnedArrays;

/**
 * The readout when everything before the function tag is frozen (stage 3, or stage 2 without domain-tag
 * enrichment): the prefix's keys and values are computed once without gradients, then only the function tag's
 * vectors run with gradients, attending to the cached prefix. Under causal attention the prefix does not depend on
 * the function tag, so this is exact (up to float rounding) while backward touches F positions instead of T.
 *
 * <p>Prefixes are left-padded, so every example's function tag lands on the same columns after the cache; positions
 * count real tokens, as in the full forward, so each example sees exactly its own unpadded layout.
 */
final class FrozenPrefixReadout {

    private FrozenPrefixReadout() {}

    /** Whether every example has a function tag, all of one length, with no trainable tag before it. */
    static boolean applies(TagTable table, TagBatch batch) {
        return problem(table, batch) == null;
    }

    /** The final hidden state at each example's last function-tag vector, [B, d] in {@code call}. */
    static NDArray readout(LlamaDecoder decoder, TagTable table, TagBatch batch, NDManager call) {
        String problem = problem(table, batch);
        if (problem != null) {
            throw new IllegalArgumentException("the frozen-prefix path does not apply: " + problem);
        }
        int b = batch.batchSize();
        int f = batch.sequence(0).functionTag().vectors();

        // 1. Split each example at its function tag: the prefix before it, the F function-tag vectors.
        List<TaggedSequence> prefixes = new ArrayList<>(b);
        List<TaggedSequence> functionTags = new ArrayList<>(b);
        for (TaggedSequence s : batch.sequences()) {
            prefixes.add(s.prefix(s.functionStart()));
            functionTags.add(s.slice(s.functionStart(), s.readout() + 1));
        }

        // 2. The prefixes' keys and values, left-padded to a common length P, without gradients (isolated segments
        //    keep their mask). Prefixes may be empty (a function tag at position 0): then there is nothing to cache.
        KvCache cache = decoder.newCache(call);
        TagBatch prefix = TagBatch.of(prefixes, TagBatch.Padding.LEFT);
        if (prefix.steps() > 0) {
            WithoutGradients.run(() -> {
                NDArray x = TagSplice.inputEmbeddings(decoder, table, prefix, call); // [B, P, d]
                ForwardOptions options = ForwardOptions.defaults().withCache(cache).hiddenOnly()
                        .withPaddingMask(prefix.paddingMaskArray(call))
                        .withAdditiveMask(prefix.isolationMaskArray(call));
                return decoder.forward(x, options);
            });
        }

        // 3. The function tags after the cached prefix, with gradients: [B, F, d] hidden states. They see the whole
        //    prefix (no isolation); the cache knows which prefix columns are pads and where positions continue.
        TagBatch suffix = TagBatch.of(functionTags, TagBatch.Padding.RIGHT);
        NDArray x = TagSplice.inputEmbeddings(decoder, table, suffix, call);
        DecoderOutput out = decoder.forward(x, ForwardOptions.defaults().withCache(cache).hiddenOnly());

        // 4. The readout: the last function-tag vector of each example, [B, d].
        long[] last = new long[b];
        for (int i = 0; i < b; i++) {
            last[i] = (long) i * f + f - 1;
        }
        int d = decoder.config().hiddenSize();
        return Rows.gather(out.hidden().reshape(new Shape((long) b * f, d)),
                OwnedArrays.longs(call, last, new Shape(b)));
    }

    /** Why the path does not apply, or null. */
    private static String problem(TagTable table, TagBatch batch) {
        TagSpec function = null;
        for (int i = 0; i < batch.batchSize(); i++) {
            TaggedSequence s = batch.sequence(i);
            if (s.functionTag() == null) {
                return "example " + i + " has no function tag";
            }
            if (function != null && function.vectors() != s.functionTag().vectors()) {
                return "function tags of different lengths (" + function + ", " + s.functionTag() + ")";
            }
            function = s.functionTag();
            for (int t = 0; t < s.functionStart(); t++) {
                String tag = s.tagAt(t);
                if (tag != null && table.isTrainable(tag)) {
                    return "tag " + tag + " before the function tag of example " + i
                            + " is trainable; its gradient needs the full forward";
                }
            }
        }
        return null;
    }
}
