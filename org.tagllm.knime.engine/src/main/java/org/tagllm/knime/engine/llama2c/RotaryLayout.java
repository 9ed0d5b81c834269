package org.tagllm.knime.engine.llama2c;

/**
 * Converts query and key projections between the two RoPE layouts. llama2.c (like Meta's original LLaMA) rotates
 * adjacent pairs {@code (2i, 2i+1)} of each head; Hugging Face's LLaMA rotates {@code (i, i + hd/2)}
 * ("rotate_half"). Reordering the output rows of wq and wk within each head makes the second compute exactly what the
 * first did: new row {@code t*(hd/2) + i} is old row {@code 2i + t}. Values and the output projection are unaffected
 * because attention scores are dot products, which do not care about the order of dimensions.
 */
public final class RotaryLayout {

    private RotaryLayout() {}

    /**
     * Reorders the rows of a {@code [heads * headDim, columns]} row-major matrix from adjacent-pair to half-split
     * order, head by head.
     *
     * @return a new array; {@code weight} is untouched
     */
    public static float[] adjacentPairsToHalfSplit(float[] weight, int heads, int headDim, int columns) {
        if (headDim % 2 != 0) {
            throw new IllegalArgumentException("head size must be even, got " + headDim);
        }
        if ((long) heads * headDim * columns != weight.length) {
            throw new IllegalArgumentException("expected " + heads + " x " + headDim + " rows of " + columns
                    + " columns, got " + weight.length + " values");
        }
        int half = headDim / 2;
        float[] out = new float[weight.length];
        for (int h = 0; h < heads; h++) {
            int base = h * headDim;
            for (int i = 0; i < half; i++) {
                for (int t = 0; t < 2; t++) {
                    int oldRow = base + 2 * i + t;
                    int newRow = base + t * half + i;
                    System.arraycopy(weight, oldRow * columns, out, newRow * columns, columns);
                }
            }
        }
        return out;
    }
}
