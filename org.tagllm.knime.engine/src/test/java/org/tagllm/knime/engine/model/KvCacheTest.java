package org.tagllm.knime.engine.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.Shape;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Prefill plus incremental decoding through the KV cache against full recomputation. */
class KvCacheTest {

    /**
     * Feeds 12 tokens in chunks (7, 1, 1, 1, 1, 1 and 4, 3, 1, 1, 1, 1, 1): after each chunk the logits of its
     * tokens equal those of a full, uncached forward of the whole prefix (decoder and reference).
     */
    @ParameterizedTest
    @EnumSource(TestModels.class)
    void chunkedDecodingEqualsFullRecomputation(TestModels model) {
        for (int[] chunks : new int[][] {{7, 1, 1, 1, 1, 1}, {4, 3, 1, 1, 1, 1, 1}}) {
            try (Fixtures f = new Fixtures(model, 31); NDManager run = Fixtures.callManager();
                    KvCache cache = f.decoder.newCache(run)) {
                long[] ids = f.tokens(12, 3);
                int done = 0;
                for (int chunk : chunks) {
                    long[] prefix = Arrays.copyOf(ids, done + chunk);
                    try (NDManager step = run.newSubManager()) {
                        NDArray input = f.decoder.embed(Fixtures.ids(step, Arrays.copyOfRange(ids, done, done + chunk)));
                        float[] cached = f.decoder.forward(input, ForwardOptions.defaults().withCache(cache)).logits()
                                .toFloatArray();
                        NDArray full = f.decoder.forward(f.decoder.embed(Fixtures.ids(step, prefix)),
                                ForwardOptions.defaults()).logits();
                        double[][] fullRows = rows(full.get(new NDIndex(":, " + done + ":, :")).toFloatArray(),
                                f.config.vocabSize());
                        String what = model + " chunks " + Arrays.toString(chunks) + " at " + done;
                        Compare.assertRowsClose(what + " vs decoder", cached, 0, fullRows, Compare.REL);
                        double[][] ref = Arrays.copyOfRange(f.reference.forward(prefix).logits(), done, done + chunk);
                        Compare.assertRowsClose(what + " vs reference", cached, 0, ref, Compare.REL);
                    }
                    done += chunk;
                    assertEquals(done, cache.length());
                }
                int hd = f.config.headDim();
                for (int l = 0; l < f.config.numLayers(); l++) {
                    assertEquals(new Shape(1, f.config.numKvHeads(), 12, hd), cache.keys(l).getShape());
                    assertEquals(new Shape(1, f.config.numKvHeads(), 12, hd), cache.values(l).getShape());
                }
            }
        }
    }

    /**
     * A left-padded batch (rows of 7, 5 and 3 tokens) is prefilled, then each row gets 3 more tokens one step at a
     * time without a padding mask: the cache remembers which keys are pads and where each row's positions are.
     */
    @ParameterizedTest
    @EnumSource(value = TestModels.class, names = {"LLAMA_GQA", "MISTRAL_WINDOW", "QWEN2_BIAS"})
    void leftPaddedBatchDecodesLikeEachRowAlone(TestModels model) {
        int[] lengths = {7, 5, 3};
        int b = lengths.length;
        int prompt = 7;
        int extra = 3;
        try (Fixtures f = new Fixtures(model, 32); NDManager run = Fixtures.callManager();
                KvCache cache = f.decoder.newCache(run)) {
            long[][] rows = new long[b][];
            long[] ids = new long[b * prompt];
            float[] mask = new float[b * prompt];
            for (int r = 0; r < b; r++) {
                rows[r] = f.tokens(lengths[r] + extra, 40 + r);
                for (int t = 0; t < lengths[r]; t++) {
                    ids[r * prompt + prompt - lengths[r] + t] = rows[r][t];
                    mask[r * prompt + prompt - lengths[r] + t] = 1;
                }
            }
            int vocab = f.config.vocabSize();
            try (NDManager step = run.newSubManager()) {
                NDArray input = f.decoder.embed(step.create(ids, new Shape(b, prompt)));
                float[] logits = f.decoder.forward(input, ForwardOptions.defaults().withCache(cache)
                        .withPaddingMask(step.create(mask, new Shape(b, prompt)))).logits().toFloatArray();
                for (int r = 0; r < b; r++) {
                    double[][] ref = f.reference.forward(Arrays.copyOf(rows[r], lengths[r])).logits();
                    Compare.assertRowsClose(model + " prefill row " + r, logits,
                            (r * prompt + prompt - lengths[r]) * vocab, ref, Compare.REL);
                }
            }
            for (int s = 0; s < extra; s++) {
                try (NDManager step = run.newSubManager()) {
                    long[] next = new long[b];
                    for (int r = 0; r < b; r++) {
                        next[r] = rows[r][lengths[r] + s];
                    }
                    NDArray input = f.decoder.embed(step.create(next, new Shape(b, 1)));
                    float[] logits = f.decoder.forward(input, ForwardOptions.defaults().withCache(cache)).logits()
                            .toFloatArray();
                    for (int r = 0; r < b; r++) {
                        double[][] ref = f.reference.forward(Arrays.copyOf(rows[r], lengths[r] + s + 1)).logits();
                        Compare.assertRowsClose(model + " step " + s + " row " + r, logits, r * vocab,
                                new double[][] {ref[ref.length - 1]}, Compare.REL);
                    }
                }
            }
        }
    }

    /** Old cache arrays are freed as the cache grows: many decode steps do not add arrays to the managers. */
    @Test
    void decodingDoesNotAccumulateArrays() {
        try (Fixtures f = new Fixtures(TestModels.LLAMA_GQA, 33); NDManager run = Fixtures.callManager();
                KvCache cache = f.decoder.newCache(run)) {
            long[] ids = f.tokens(30, 4);
            int[] counts = new int[ids.length];
            for (int t = 0; t < ids.length; t++) {
                try (NDManager step = run.newSubManager()) {
                    f.decoder.forward(f.decoder.embed(Fixtures.ids(step, new long[] {ids[t]})),
                            ForwardOptions.defaults().withCache(cache));
                }
                counts[t] = run.getManagedArrays().size();
            }
            assertEquals(2 * f.config.numLayers(), counts[ids.length - 1], "arrays held: " + Arrays.toString(counts));
            assertEquals(counts[1], counts[ids.length - 1], "arrays held: " + Arrays.toString(counts));
        }
    }

    @Test
    void aBatchOfAnotherSizeIsRejectedAndTheCacheIsUnchanged() {
        try (Fixtures f = new Fixtures(TestModels.LLAMA_GQA, 34); NDManager run = Fixtures.callManager();
                KvCache cache = f.decoder.newCache(run)) {
            f.decoder.forward(f.decoder.embed(Fixtures.ids(run, f.tokens(3, 1))),
                    ForwardOptions.defaults().withCache(cache));
            NDArray two = f.decoder.embed(run.create(new long[] {1, 2}, new Shape(2, 1)));
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> f.decoder.forward(two, ForwardOptions.defaults().withCache(cache)));
            assertTrue(e.getMessage().contains("the cache holds 1 rows but the input has 2"), e.getMessage());
            assertEquals(3, cache.length());
            assertEquals(1, cache.batchSize());
        }
    }

    private static double[][] rows(float[] flat, int width) {
        double[][] r = new double[flat.length / width][width];
        for (int i = 0; i < flat.length; i++) {
            r[i / width][i % width] = flat[i];
        }
        return r;
    }
}
