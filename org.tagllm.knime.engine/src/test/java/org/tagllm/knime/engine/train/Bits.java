package org.tagllm.knime.engine.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

import java.util.Map;
import org.tagllm.knime.engine.tensor.FloatTensor;

/** Bit-exact and tolerance comparisons of tensors that name the tensor, the index and both values. */
final class Bits {

    private Bits() {}

    static void assertBitIdentical(String what, Map<String, FloatTensor> expected, Map<String, FloatTensor> actual) {
        assertEquals(expected.keySet(), actual.keySet(), what + ": names");
        for (String name : expected.keySet()) {
            FloatTensor e = expected.get(name);
            FloatTensor a = actual.get(name);
            assertArrayEquals(e.shape(), a.shape(), what + " " + name + ": shape");
            for (int i = 0; i < e.elementCount(); i++) {
                int eb = Float.floatToRawIntBits(e.value(i));
                int ab = Float.floatToRawIntBits(a.value(i));
                if (eb != ab) {
                    fail(String.format("%s %s[%d]: expected %s (0x%08x), got %s (0x%08x)", what, name, i, e.value(i),
                            eb, a.value(i), ab));
                }
            }
        }
    }

    static boolean bitIdentical(Map<String, FloatTensor> a, Map<String, FloatTensor> b) {
        if (!a.keySet().equals(b.keySet())) {
            return false;
        }
        for (String name : a.keySet()) {
            for (int i = 0; i < a.get(name).elementCount(); i++) {
                if (Float.floatToRawIntBits(a.get(name).value(i)) != Float.floatToRawIntBits(b.get(name).value(i))) {
                    return false;
                }
            }
        }
        return true;
    }

    /**
     * |actual − expected| ≤ rel · (|expected| + rms(expected)) for every element: relative error, with the tensor's
     * own scale as the floor for elements near zero (float32 cancellation is relative to the operands, not to the
     * result).
     */
    static void assertClose(String what, double[] expected, float[] actual, double rel) {
        assertEquals(expected.length, actual.length, what + ": length");
        double rms = rms(expected);
        for (int i = 0; i < expected.length; i++) {
            double tol = rel * (Math.abs(expected[i]) + rms);
            if (!(Math.abs(actual[i] - expected[i]) <= tol)) {
                fail(String.format("%s[%d]: expected %.10g, got %.10g (difference %.3g, tolerance %.3g)", what, i,
                        expected[i], actual[i], Math.abs(actual[i] - expected[i]), tol));
            }
        }
    }

    /** The largest |actual − expected| / (|expected| + rms(expected)). */
    static double worst(double[] expected, float[] actual) {
        double rms = rms(expected);
        double w = 0;
        for (int i = 0; i < expected.length; i++) {
            w = Math.max(w, Math.abs(actual[i] - expected[i]) / (Math.abs(expected[i]) + rms));
        }
        return w;
    }

    static double rms(double[] v) {
        double s = 0;
        for (double x : v) {
            s += x * x;
        }
        return Math.sqrt(s / v.length);
    }
}
