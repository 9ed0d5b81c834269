package org.tagllm.knime.engine.tags;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import org.tagllm.knime.engine.model.LlamaDecoder;
import org.tagllm.knime.engine.runtime.DjlRuntime;

/**
 * Statistics of a model's input embedding matrix [V, d] over all V rows, from which tags and regression heads are
 * initialised.
 *
 * @param mean     the mean embedding, [d]
 * @param meanNorm the mean Euclidean norm of the V embeddings
 */
public record EmbeddingStatistics(float[] mean, double meanNorm) {

    /** Rows read per step, so that the statistics of a large vocabulary never copy the whole matrix at once. */
    private static final int CHUNK = 4096;

    public EmbeddingStatistics {
        mean = mean.clone();
    }

    @Override
    public float[] mean() {
        return mean.clone();
    }

    /** Computes the statistics from {@code decoder}'s embedding matrix (every row of {@code vocab_size}). */
    public static EmbeddingStatistics of(LlamaDecoder decoder) {
        int vocab = decoder.config().vocabSize();
        int d = decoder.config().hiddenSize();
        double[] sum = new double[d];
        double normSum = 0;
        try (NDManager m = DjlRuntime.newManager(decoder.device())) {
            for (int start = 0; start < vocab; start += CHUNK) {
                int n = Math.min(CHUNK, vocab - start);
                try (NDManager step = m.newSubManager()) {
                    // Rows [start, start + n) as a [1, n, d] copy in this step's manager.
                    NDArray rows = decoder.embed(step.arange(start, start + n, 1, DataType.INT64)
                            .reshape(new Shape(1, n)));
                    float[] columnSums = rows.sum(new int[] {1}).toFloatArray(); // [1, d]
                    for (int i = 0; i < d; i++) {
                        sum[i] += columnSums[i];
                    }
                    for (float norm : rows.norm(new int[] {2}).toFloatArray()) { // [1, n]
                        normSum += norm;
                    }
                }
            }
        }
        float[] mean = new float[d];
        for (int i = 0; i < d; i++) {
            mean[i] = (float) (sum[i] / vocab);
        }
        return new EmbeddingStatistics(mean, normSum / vocab);
    }

    /**
     * The initial vector of every tag row: the mean embedding rescaled to the mean embedding norm. The official
     * code does the same for LLaMA-7B with a hard-coded factor ({@code avg_emb * NORM_RATIO}, NORM_RATIO = 7.8 =
     * mean norm / norm of the mean); here both norms come from the actual model.
     *
     * @throws IllegalStateException when the mean embedding is zero (no direction to rescale) or not finite
     */
    public float[] tagInitialRow() {
        double norm = 0;
        for (float v : mean) {
            norm += (double) v * v;
        }
        norm = Math.sqrt(norm);
        if (!Double.isFinite(norm)) {
            throw new IllegalStateException("the mean input embedding is not finite (" + norm + "): the token "
                    + "embeddings hold NaN or infinite values; tags cannot be initialised from them");
        }
        if (!(norm > 0)) {
            throw new IllegalStateException("the mean input embedding is zero; tags cannot be initialised from it");
        }
        float[] row = new float[mean.length];
        double scale = meanNorm / norm;
        for (int i = 0; i < row.length; i++) {
            row[i] = (float) (mean[i] * scale);
        }
        return row;
    }
}
