package org.tagllm.knime.engine.generate;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class SamplerTest {

    private static float[] logitsOf(double... probabilities) {
        float[] l = new float[probabilities.length];
        for (int i = 0; i < l.length; i++) {
            l[i] = (float) Math.log(probabilities[i]);
        }
        return l;
    }

    @Test
    void greedyTakesTheLowestIndexAmongTies() {
        assertEquals(1, Sampler.argmax(new float[] {0, 3, 1, 3}));
        assertEquals(0, Sampler.argmax(new float[] {2, 2, 2}));
        assertEquals(2, Sampler.argmax(new float[] {Float.NEGATIVE_INFINITY, -5, -1}));
        assertEquals(1, Sampler.greedy().sample(new float[] {0, 3, 1, 3}, new SplittableRandom(1)));
        assertArrayEquals(new double[] {0, 1, 0, 0}, Sampler.greedy().distribution(new float[] {0, 3, 1, 3}));
    }

    @Test
    void greedyDrawsNoRandomNumbers() {
        SplittableRandom used = new SplittableRandom(5);
        Sampler.greedy().sample(new float[] {1, 2}, used);
        assertEquals(new SplittableRandom(5).nextLong(), used.nextLong());
    }

    /** A tiny temperature puts all mass on the argmax, so sampling equals greedy whatever the draw. */
    @Test
    void temperatureTowardsZeroEqualsGreedy() {
        float[] logits = {0.3f, 1.2f, 1.19f, -2f, 0.9f};
        Sampler cold = new Sampler(1e-4, 1.0);
        SplittableRandom random = new SplittableRandom(11);
        for (int i = 0; i < 200; i++) {
            assertEquals(Sampler.argmax(logits), cold.sample(logits, random));
        }
        assertEquals(1.0, cold.distribution(logits)[1], 1e-12);
    }

    @Test
    void theSameSeedGivesTheSameDraws() {
        float[] logits = {0.1f, 0.5f, 0.2f, 0.9f, -0.3f, 0.4f};
        Sampler s = new Sampler(0.8, 0.95);
        int[] a = draws(s, logits, 42);
        assertArrayEquals(a, draws(s, logits, 42));
        assertTrue(!java.util.Arrays.equals(a, draws(s, logits, 43)), "another seed drew the same 50 tokens");
    }

    private static int[] draws(Sampler s, float[] logits, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        int[] out = new int[50];
        for (int i = 0; i < out.length; i++) {
            out[i] = s.sample(logits, random);
        }
        return out;
    }

    /**
     * p = (0.5, 0.3, 0.15, 0.05) given in shuffled order. top-p 0.75: 0.5 < 0.75 keeps the second token, 0.8 does
     * not keep the third; nucleus {0.5, 0.3} renormalised to (0.625, 0.375).
     */
    @Test
    void topPKeepsExactlyTheNucleus() {
        float[] logits = logitsOf(0.15, 0.5, 0.05, 0.3);
        assertArrayEquals(new double[] {0, 0.625, 0, 0.375}, new Sampler(1, 0.75).distribution(logits), 1e-6);
        assertArrayEquals(new double[] {0.15 / 0.95, 0.5 / 0.95, 0, 0.3 / 0.95},
                new Sampler(1, 0.81).distribution(logits), 1e-6);
        assertArrayEquals(new double[] {0, 1, 0, 0}, new Sampler(1, 0.4).distribution(logits), 1e-6);
        assertArrayEquals(new double[] {0.15, 0.5, 0.05, 0.3}, new Sampler(1, 1).distribution(logits), 1e-6);
        // Draws follow the nucleus: only ids 1 and 3, about 62.5% / 37.5% of the time.
        Sampler s = new Sampler(1, 0.75);
        SplittableRandom random = new SplittableRandom(3);
        int[] counts = new int[4];
        int n = 20000;
        for (int i = 0; i < n; i++) {
            counts[s.sample(logits, random)]++;
        }
        assertEquals(0, counts[0] + counts[2]);
        assertEquals(0.625, counts[1] / (double) n, 0.015);
    }

    /** Temperature 2 takes the square root of the probabilities: (0.64, 0.36) becomes (0.8, 0.6) / 1.4. */
    @Test
    void temperatureFlattensTheDistribution() {
        assertArrayEquals(new double[] {4 / 7.0, 3 / 7.0}, new Sampler(2, 1).distribution(logitsOf(0.64, 0.36)),
                1e-6);
    }

    /** Ties in the nucleus ordering keep the lower id first. */
    @Test
    void nucleusTiesKeepTheLowerId() {
        float[] logits = logitsOf(0.25, 0.25, 0.25, 0.25);
        assertArrayEquals(new double[] {0.5, 0.5, 0, 0}, new Sampler(1, 0.5).distribution(logits), 1e-9);
    }

    @Test
    void invalidSettingsAreRejected() {
        assertMessage(() -> new Sampler(-0.1, 1), "temperature must be a finite number >= 0 (0 = greedy), got -0.1");
        assertMessage(() -> new Sampler(Double.NaN, 1), "temperature must be a finite number >= 0");
        assertMessage(() -> new Sampler(Double.POSITIVE_INFINITY, 1), "temperature must be a finite number >= 0");
        assertMessage(() -> new Sampler(1, 0), "top-p must lie in (0, 1], got 0.0");
        assertMessage(() -> new Sampler(1, 1.01), "top-p must lie in (0, 1], got 1.01");
        assertMessage(() -> new Sampler(1, Double.NaN), "top-p must lie in (0, 1]");
        assertMessage(() -> Sampler.argmax(new float[] {1, Float.NaN}), "logit 1 is NaN");
        assertMessage(() -> Sampler.argmax(new float[0]), "no logits");
        assertMessage(() -> new Sampler(1, 1).distribution(new float[] {Float.NEGATIVE_INFINITY}),
                "every logit is -infinity");
        assertMessage(() -> GenerationSettings.greedy(-1), "maxNewTokens must not be negative, got -1");
    }

    private static void assertMessage(Runnable r, String expected) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, r::run);
        assertTrue(e.getMessage().contains(expected), "message: " + e.getMessage());
    }
}
