package org.tagllm.knime.engine.tags;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import org.tagllm.knime.engine.model.LlamaDecoder;
import org.tagllm.knime.engine.runtime.OwnedArrays;

/**
 * The input embeddings of a {@link TagBatch}: the decoder's token embeddings with every tag position replaced by its
 * tag vector, differentiable with respect to the (trainable) tag vectors. Token positions hold exactly the token
 * embedding, tag positions exactly the tag vector.
 */
final class TagSplice {

    private TagSplice() {}

    /** [B, T, d] float32 in {@code call}. */
    static NDArray inputEmbeddings(LlamaDecoder decoder, TagTable table, TagBatch batch, NDManager call) {
        int b = batch.batchSize();
        int t = batch.steps();
        int d = decoder.config().hiddenSize();
        if (table.hiddenSize() != d) {
            throw new IllegalArgumentException("the tag table is for models of width " + table.hiddenSize()
                    + ", the decoder has " + d);
        }

        // 1. Token embeddings of the ids (tags and pads hold the placeholder id): [B, T, d], frozen.
        NDArray tokens = decoder.embed(batch.idsArray(call));
        if (batch.tagNames().isEmpty()) {
            return tokens;
        }

        // 2. The bank: a zero row, then the [p, d] matrix of every tag the batch uses: [1 + P, d]. The zero row comes
        //    first, so the concatenation belongs to the call's manager.
        NDList parts = new NDList(call.zeros(new Shape(1, d)));
        int[] firstRow = new int[batch.tagNames().size()];
        int rows = 1;
        for (int i = 0; i < firstRow.length; i++) {
            String name = batch.tagNames().get(i);
            TagSpec used = batch.tagSpec(name);
            TagSpec held = table.spec(name);
            if (held.vectors() != used.vectors()) {
                throw new IllegalArgumentException("the batch uses tag " + name + " with " + used.vectors()
                        + " vectors, the table holds " + held.vectors());
            }
            parts.add(table.vectors(name));
            firstRow[i] = rows;
            rows += held.vectors();
        }
        NDArray bank = NDArrays.concat(parts, 0);

        // 3. Each column's bank row (0 = the zero row at tokens and pads) and the keep mask (1 at tokens, 0 at tags).
        int[] tagIndex = batch.tagIndex();
        int[] tagRows = batch.tagRows();
        long[] slot = new long[b * t];
        float[] keep = new float[b * t];
        for (int i = 0; i < slot.length; i++) {
            boolean tag = tagIndex[i] >= 0;
            slot[i] = tag ? firstRow[tagIndex[i]] + tagRows[i] : 0;
            keep[i] = tag ? 0 : 1;
        }

        // 4. Blend: x = tokens * keep + bank[slot]; [B, T, d]. Exact: x * 1 + 0 = x and x * 0 + v = v.
        NDArray gathered = Rows.gather(bank, OwnedArrays.longs(call, slot, new Shape(b, t)));
        NDArray keepMask = OwnedArrays.floats(call, keep, new Shape(b, t, 1));
        return tokens.mul(keepMask).add(gathered);
    }
}
