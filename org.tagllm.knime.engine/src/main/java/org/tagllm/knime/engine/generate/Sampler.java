package org.tagllm.knime.engine.generate;

import java.util.Arrays;
import java.util.random.RandomGenerator;

/**
 * Picks the next token from a row of logits: greedy (temperature 0) or temperature plus nucleus (top-p) sampling.
 * Pure Java; all randomness comes from the generator passed in, so a seeded generator reproduces a run.
 *
 * <p>Nucleus, as in Hugging Face's TopPLogitsWarper: tokens sorted by probability (ties: lower id first); the token
 * of rank k is kept when the probability of the tokens ranked before it is below topP; the kept ones are
 * renormalised. The most likely token is always kept.
 */
public final class Sampler {

    private static final Sampler GREEDY = new Sampler(0, 1);

    private final double temperature;
    private final double topP;

    /**
     * @param temperature divides the logits; 0 means greedy; must be finite and not negative
     * @param topP        nucleus mass in (0, 1]; 1 keeps every token
     */
    public Sampler(double temperature, double topP) {
        if (!(temperature >= 0) || Double.isInfinite(temperature)) {
            throw new IllegalArgumentException("temperature must be a finite number >= 0 (0 = greedy), got "
                    + temperature);
        }
        if (!(topP > 0 && topP <= 1)) {
            throw new IllegalArgumentException("top-p must lie in (0, 1], got " + topP);
        }
        this.temperature = temperature;
        this.topP = topP;
    }

    /** Always the most likely token (lowest id among ties). */
    public static Sampler greedy() {
        return GREEDY;
    }

    public double temperature() {
        return temperature;
    }

    public double topP() {
        return topP;
    }

    public boolean isGreedy() {
        return temperature == 0;
    }

    /** The next token id. Greedy draws nothing from {@code random}; sampling draws exactly one double. */
    public int sample(float[] logits, RandomGenerator random) {
        if (isGreedy()) {
            return argmax(logits);
        }
        double[] p = distribution(logits);
        int[] order = descending(logits);
        double u = random.nextDouble();
        double cumulative = 0;
        int last = order[0];
        for (int id : order) {
            if (p[id] == 0) {
                break; // past the nucleus (and past tokens with vanishing probability)
            }
            last = id;
            cumulative += p[id];
            if (u < cumulative) {
                return id;
            }
        }
        return last; // rounding left u above the total mass: take the last kept token
    }

    /**
     * The distribution {@link #sample} draws from: one-hot at the argmax when greedy, otherwise
     * softmax(logits / temperature) restricted to the nucleus and renormalised.
     */
    public double[] distribution(float[] logits) {
        int best = argmax(logits);
        double[] p = new double[logits.length];
        if (isGreedy()) {
            p[best] = 1;
            return p;
        }
        double max = logits[best];
        if (max == Double.NEGATIVE_INFINITY) {
            throw new IllegalArgumentException("every logit is -infinity: nothing to sample");
        }
        double total = 0;
        for (int i = 0; i < logits.length; i++) {
            p[i] = Math.exp((logits[i] - max) / temperature);
            total += p[i];
        }
        for (int i = 0; i < p.length; i++) {
            p[i] /= total;
        }
        if (topP < 1) {
            double before = 0;
            double kept = 0;
            boolean inside = true;
            for (int id : descending(logits)) {
                inside = inside && before < topP;
                before += p[id];
                if (inside) {
                    kept += p[id];
                } else {
                    p[id] = 0;
                }
            }
            for (int i = 0; i < p.length; i++) {
                p[i] /= kept;
            }
        }
        return p;
    }

    /** Index of the largest logit, the lowest index among equals. */
    public static int argmax(float[] logits) {
        if (logits.length == 0) {
            throw new IllegalArgumentException("no logits");
        }
        int best = 0;
        for (int i = 0; i < logits.length; i++) {
            if (Float.isNaN(logits[i])) {
                throw new IllegalArgumentException("logit " + i + " is NaN");
            }
            if (logits[i] > logits[best]) {
                best = i;
            }
        }
        return best;
    }

    /** Token ids by decreasing logit (= decreasing probability), lower id first among equal logits. */
    private static int[] descending(float[] logits) {
        long[] keys = new long[logits.length];
        for (int i = 0; i < logits.length; i++) {
            // Map the float to an int with the same order, invert it for descending order, and put the id in the
            // low 32 bits so that equal logits sort by ascending id.
            int bits = Float.floatToIntBits(logits[i] == 0 ? 0f : logits[i]); // -0 ties with +0
            int ordered = bits ^ ((bits >> 31) & 0x7fffffff);
            keys[i] = ((long) ~ordered << 32) | i;
        }
        Arrays.sort(keys);
        int[] ids = new int[keys.length];
        for (int i = 0; i < keys.length; i++) {
            ids[i] = (int) keys[i];
        }
        return ids;
    }

    @Override
    public String toString() {
        return isGreedy() ? "greedy" : "temperature " + temperature + ", top-p " + topP;
    }
}
