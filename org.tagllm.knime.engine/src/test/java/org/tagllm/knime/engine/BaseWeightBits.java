package org.tagllm.knime.engine;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

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

    /** Every tensor of {@code before} is in {@code after} with the same bits, and no tensor came or went. */
    public static void assertIdentical(Map<String, int[]> before, Map<String, int[]> after) {
        assertEquals(before.keySet(), after.keySet(), "base tensors");
        before.forEach((name, bits) -> assertArrayEquals(bits, after.get(name), name + " changed"));
    }
}
