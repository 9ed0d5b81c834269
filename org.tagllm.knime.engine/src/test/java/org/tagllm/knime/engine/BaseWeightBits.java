package org.tagllm.knime.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

import java.util.LinkedHashMap;
import java.util.Map;
import org.tagllm.knime.engine.model.DecoderWeights;

/** The raw bits of every base weight, to prove the frozen model never changes. */
public final class BaseWeightBits {

    private BaseWeightBits() {}

    /** Tensor name → raw float bits, in the weights' order. */
    public static Map<String, int[]> of(DecoderWeights w) {
        Map<String, int[]> m = new LinkedHashMap<>();
        w.named().forEach((name, a) -> {
            float[] v = a.toFloatArray();
            int[] b = new int[v.length];
            for (int i = 0; i < v.length; i++) {
                b[i] = Float.floatToRawIntBits(v[i]);
            }
            m.put(name, b);
        });
        return m;
    }

    /**
     * Every tensor of {@code before} is in {@code after} with the same bits, and no tensor came or went; the first
     * element that changed is named with both values.
     */
    public static void assertIdentical(Map<String, int[]> before, Map<String, int[]> after) {
        assertEquals(before.keySet(), after.keySet(), "base tensors");
        before.forEach((name, a) -> {
            int[] b = after.get(name);
            assertEquals(a.length, b.length, name + " changed its size");
            for (int i = 0; i < a.length; i++) {
                if (a[i] != b[i]) {
                    fail(name + "[" + i + "] changed from " + Float.intBitsToFloat(a[i]) + " to "
                            + Float.intBitsToFloat(b[i]));
                }
            }
        });
    }
}
