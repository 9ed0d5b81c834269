package org.tagllm.knime.engine.llama2c;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The row permutation is checked against the two RoPE conventions themselves, written out here as llama2.c's run.c
 * and HF's modeling_llama compute them; no decoder involved.
 */
class RotaryLayoutTest {

    private static final double THETA = 10000.0;
    private static final int[] POSITIONS = {0, 1, 2, 7, 100, 511};

    @Test
    void queriesRotatedEitherWayAgreeAfterPermutation() {
        checkProjection(4, 8, 32, 11);
        checkProjection(8, 8, 64, 12);
    }

    @Test
    void keysWithFewerHeadsAgreeAfterPermutation() {
        // GQA: the key projection has n_kv_heads heads of the same size.
        checkProjection(2, 8, 32, 13);
        checkProjection(4, 16, 64, 14);
    }

    @Test
    void attentionScoresWithGroupedKeysAreUnchanged() {
        int heads = 8;
        int kvHeads = 4;
        int hd = 8;
        int dim = heads * hd;
        Random r = new Random(15);
        float[] wq = random(r, heads * hd * dim);
        float[] wk = random(r, kvHeads * hd * dim);
        double[] xq = randomVector(r, dim);
        double[] xk = randomVector(r, dim);
        float[] wqHf = RotaryLayout.adjacentPairsToHalfSplit(wq, heads, hd, dim);
        float[] wkHf = RotaryLayout.adjacentPairsToHalfSplit(wk, kvHeads, hd, dim);
        for (int pq : POSITIONS) {
            for (int pk : POSITIONS) {
                double[] q = adjacentPairRope(matVec(wq, xq, dim), hd, pq);
                double[] k = adjacentPairRope(matVec(wk, xk, dim), hd, pk);
                double[] qHf = rotateHalfRope(matVec(wqHf, xq, dim), hd, pq);
                double[] kHf = rotateHalfRope(matVec(wkHf, xk, dim), hd, pk);
                for (int h = 0; h < heads; h++) {
                    int g = h / (heads / kvHeads);
                    assertEquals(dot(q, h, k, g, hd), dot(qHf, h, kHf, g, hd), 1e-6, "head " + h);
                }
            }
        }
    }

    @Test
    void refusesOddHeadSizeAndWrongLength() {
        assertThrows(IllegalArgumentException.class, () -> RotaryLayout.adjacentPairsToHalfSplit(new float[6], 2, 3, 1));
        assertThrows(IllegalArgumentException.class, () -> RotaryLayout.adjacentPairsToHalfSplit(new float[7], 2, 4, 1));
    }

    private static void checkProjection(int heads, int hd, int dim, long seed) {
        Random r = new Random(seed);
        float[] w = random(r, heads * hd * dim);
        double[] x = randomVector(r, dim);
        float[] permuted = RotaryLayout.adjacentPairsToHalfSplit(w, heads, hd, dim);
        double largestUnpermutedGap = 0;
        for (int pos : POSITIONS) {
            double[] llama2c = adjacentPairRope(matVec(w, x, dim), hd, pos);
            double[] hf = rotateHalfRope(matVec(permuted, x, dim), hd, pos);
            double[] expected = permuteVector(llama2c, heads, hd);
            for (int i = 0; i < expected.length; i++) {
                assertEquals(expected[i], hf[i], 1e-6, "position " + pos + ", element " + i);
            }
            // Without the permutation the conventions disagree: the check above has something to detect.
            double[] unpermuted = rotateHalfRope(matVec(w, x, dim), hd, pos);
            for (int i = 0; i < expected.length; i++) {
                largestUnpermutedGap = Math.max(largestUnpermutedGap, Math.abs(expected[i] - unpermuted[i]));
            }
        }
        assertTrue(largestUnpermutedGap > 1e-2, "unpermuted gap " + largestUnpermutedGap);
    }

    // run.c: for i in 0, 2, 4..: freq = 1 / 10000^((i % hs) / hs), rotate (v[i], v[i+1]) by pos * freq.
    private static double[] adjacentPairRope(double[] v, int hd, int pos) {
        double[] out = v.clone();
        for (int i = 0; i < v.length; i += 2) {
            double freq = 1.0 / Math.pow(THETA, (i % hd) / (double) hd);
            double c = Math.cos(pos * freq);
            double s = Math.sin(pos * freq);
            out[i] = v[i] * c - v[i + 1] * s;
            out[i + 1] = v[i] * s + v[i + 1] * c;
        }
        return out;
    }

    // modeling_llama: q * cos + rotate_half(q) * sin, cos/sin = cat(freqs, freqs), rotate_half(x) = cat(-x2, x1).
    private static double[] rotateHalfRope(double[] v, int hd, int pos) {
        double[] out = new double[v.length];
        int half = hd / 2;
        for (int base = 0; base < v.length; base += hd) {
            for (int j = 0; j < hd; j++) {
                double freq = 1.0 / Math.pow(THETA, 2.0 * (j % half) / hd);
                double c = Math.cos(pos * freq);
                double s = Math.sin(pos * freq);
                double rotated = j < half ? -v[base + j + half] : v[base + j - half];
                out[base + j] = v[base + j] * c + rotated * s;
            }
        }
        return out;
    }

    // The permutation as the importer's specification states it: new t*(hd/2)+i = old 2i+t, within each head.
    private static double[] permuteVector(double[] v, int heads, int hd) {
        double[] out = new double[v.length];
        for (int h = 0; h < heads; h++) {
            for (int i = 0; i < hd / 2; i++) {
                for (int t = 0; t < 2; t++) {
                    out[h * hd + t * (hd / 2) + i] = v[h * hd + 2 * i + t];
                }
            }
        }
        return out;
    }

    private static double[] matVec(float[] w, double[] x, int cols) {
        double[] out = new double[w.length / cols];
        for (int r = 0; r < out.length; r++) {
            double sum = 0;
            for (int c = 0; c < cols; c++) {
                sum += w[r * cols + c] * x[c];
            }
            out[r] = sum;
        }
        return out;
    }

    private static double dot(double[] a, int headA, double[] b, int headB, int hd) {
        double sum = 0;
        for (int i = 0; i < hd; i++) {
            sum += a[headA * hd + i] * b[headB * hd + i];
        }
        return sum;
    }

    private static float[] random(Random r, int n) {
        float[] out = new float[n];
        for (int i = 0; i < n; i++) {
            out[i] = (float) r.nextGaussian() * 0.2f;
        }
        return out;
    }

    private static double[] randomVector(Random r, int n) {
        double[] out = new double[n];
        for (int i = 0; i < n; i++) {
            out[i] = r.nextGaussian();
        }
        return out;
    }
}
