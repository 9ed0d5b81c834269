package org.tagllm.knime.engine.tags;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import org.tagllm.knime.engine.model.LlamaDecoder;
import org.tagllm.knime.engine.runtime.DjlRuntime;
import org.tagllm.knime.engine.tensor.FloatTensor;

/**
 * How the prompt-tuning baseline's soft prompt starts. Lester et al. 2021 ("The Power of Scale for
 * Parameter-Efficient Prompt Tuning", §3.2) compare random uniform rows, sampled vocabulary embeddings and class
 * labels, and recommend sampled vocabulary: {@link #VOCAB} is the default. {@link #MEAN} keeps the tags' own start
 * (every row the rescaled mean embedding, {@link EmbeddingStatistics#tagInitialRow()}), which the figures of this
 * project before the option used.
 */
public enum PromptInit {
    /** p distinct embedding rows drawn by the seed (BOS and EOS excluded). */
    VOCAB,
    /** Gaussian directions, each row scaled to the mean embedding norm, drawn by the seed. */
    RANDOM,
    /** Every row the mean embedding rescaled to the mean norm (identical rows). */
    MEAN;

    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** {@code vocab}, {@code random} or {@code mean}, case and spaces ignored. */
    public static PromptInit parse(String id) {
        for (PromptInit i : values()) {
            if (i.id().equalsIgnoreCase(id == null ? "" : id.strip())) {
                return i;
            }
        }
        throw new IllegalArgumentException("prompt initialisation '" + id + "' is none of vocab, random, mean");
    }

    /** The initial [p, d] rows for {@code decoder}'s model; the same seed gives the same rows. */
    public FloatTensor vectors(LlamaDecoder decoder, EmbeddingStatistics statistics, int p, long seed) {
        int d = decoder.config().hiddenSize();
        float[] data = new float[p * d];
        Random random = new Random(seed);
        switch (this) {
            case MEAN -> {
                float[] row = statistics.tagInitialRow();
                for (int r = 0; r < p; r++) {
                    System.arraycopy(row, 0, data, r * d, d);
                }
            }
            case RANDOM -> {
                for (int r = 0; r < p; r++) {
                    double norm = 0;
                    double[] row = new double[d];
                    for (int j = 0; j < d; j++) {
                        row[j] = random.nextGaussian();
                        norm += row[j] * row[j];
                    }
                    double scale = statistics.meanNorm() / Math.sqrt(norm);
                    for (int j = 0; j < d; j++) {
                        data[r * d + j] = (float) (row[j] * scale);
                    }
                }
            }
            case VOCAB -> {
                long[] ids = sampledIds(decoder, p, random);
                try (NDManager m = DjlRuntime.newManager(decoder.device())) {
                    float[] rows = decoder.embed(m.create(ids, new Shape(1, p))).toFloatArray();
                    System.arraycopy(rows, 0, data, 0, data.length);
                }
            }
        }
        return FloatTensor.matrix(p, d, data);
    }

    /** p vocabulary ids without BOS and EOS, distinct while the vocabulary has enough (then drawn again). */
    private static long[] sampledIds(LlamaDecoder decoder, int p, Random random) {
        List<Long> candidates = new ArrayList<>();
        int bos = decoder.config().bosTokenId();
        List<Integer> eos = decoder.config().eosTokenIds();
        for (int id = 0; id < decoder.config().vocabSize(); id++) {
            if (id != bos && !eos.contains(id)) {
                candidates.add((long) id);
            }
        }
        long[] out = new long[p];
        List<Long> pool = new ArrayList<>();
        for (int r = 0; r < p; r++) {
            if (pool.isEmpty()) {
                pool.addAll(candidates);
                Collections.shuffle(pool, random);
            }
            out[r] = pool.remove(pool.size() - 1);
        }
        return out;
    }
}
