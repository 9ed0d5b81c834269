package org.tagllm.knime.engine.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.tagllm.knime.engine.runtime.DjlRuntime;
import org.tagllm.knime.engine.runtime.OwnedArrays;
import org.tagllm.knime.engine.tensor.FloatTensor;

class TrainableSetTest {

    private static final FloatTensor TAG = new FloatTensor(new float[] {1, 2, 3, 4, 5, 6}, new long[] {2, 3});
    private static final FloatTensor HEAD = new FloatTensor(new float[] {-1, 0, 1}, new long[] {3});

    @Test
    void keepsOrderRequiresGradientsAndExportsValues() {
        try (TrainableSet t = TrainableSet.builder().add("tag", TAG).add("head", HEAD).build()) {
            assertEquals(List.of("tag", "head"), t.names());
            assertEquals(9, t.elementCount());
            assertTrue(t.get("tag").hasGradient() && t.get("head").hasGradient());
            Map<String, FloatTensor> exported = t.export();
            assertEquals(List.of("tag", "head"), List.copyOf(exported.keySet()));
            assertEquals(TAG, exported.get("tag"));
            assertEquals(HEAD, exported.get("head"));
            assertEquals("TrainableSet[tag(2, 3), head(3)]", t.toString());
        }
    }

    /** Loading writes into the very arrays a model holds, NaN and infinity included, without recording gradients. */
    @Test
    void loadOverwritesInPlace() {
        try (TrainableSet t = TrainableSet.builder().add("tag", TAG).add("head", HEAD).build()) {
            NDArray held = t.get("tag");
            NDArray view = held.reshape(6);
            Map<String, FloatTensor> values = new LinkedHashMap<>();
            values.put("tag", new FloatTensor(new float[] {6, 5, 4, 3, Float.NaN, 1}, new long[] {2, 3}));
            values.put("head", new FloatTensor(new float[] {7, Float.NEGATIVE_INFINITY, 9}, new long[] {3}));
            t.load(values);
            assertSame(held, t.get("tag"));
            assertArrayEquals(new float[] {6, 5, 4, 3, Float.NaN, 1}, view.toFloatArray(), "views see the values");
            assertEquals(values, t.export());
            assertTrue(held.hasGradient(), "still trainable");
        }
    }

    @Test
    void trainsTheCallersOwnArrays() {
        try (NDManager m = DjlRuntime.newManager()) {
            NDArray mine = OwnedArrays.floats(m, new float[] {1, 2}, new Shape(2));
            try (TrainableSet t = TrainableSet.builder().add("mine", mine).build()) {
                assertSame(mine, t.get("mine"));
                assertTrue(mine.hasGradient());
            }
            assertArrayEquals(new float[] {1, 2}, mine.toFloatArray(), "closing the set leaves the caller's array");
        }
    }

    @Test
    void rejectsMistakesNamingThem() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> TrainableSet.builder().add("tag", TAG).add("tag", HEAD));
        assertTrue(e.getMessage().contains("tag added twice"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> TrainableSet.builder().add(" ", TAG));
        assertTrue(e.getMessage().contains("non-blank name"), e.getMessage());
        assertThrows(IllegalStateException.class, () -> TrainableSet.builder().build());
        try (NDManager m = DjlRuntime.newManager()) {
            NDArray ints = m.zeros(new Shape(2), DataType.INT32);
            e = assertThrows(IllegalArgumentException.class, () -> TrainableSet.builder().add("ids", ints));
            assertTrue(e.getMessage().contains("ids") && e.getMessage().contains("int32"), e.getMessage());
            NDArray a = OwnedArrays.floats(m, new float[] {1}, new Shape(1));
            e = assertThrows(IllegalArgumentException.class,
                    () -> TrainableSet.builder().add("a", a).add("b", a).build());
            assertTrue(e.getMessage().contains("b is an array already added"), e.getMessage());
        }
        try (TrainableSet t = TrainableSet.builder().add("tag", TAG).add("head", HEAD).build()) {
            e = assertThrows(IllegalArgumentException.class, () -> t.load(Map.of("tag", TAG)));
            assertTrue(e.getMessage().contains("[tag]") && e.getMessage().contains("[tag, head]"), e.getMessage());
            Map<String, FloatTensor> wrongShape = new LinkedHashMap<>();
            wrongShape.put("tag", new FloatTensor(new float[6], new long[] {3, 2}));
            wrongShape.put("head", HEAD);
            e = assertThrows(IllegalArgumentException.class, () -> t.load(wrongShape));
            assertTrue(e.getMessage().contains("tag has shape [3, 2], the trainable has [2, 3]"), e.getMessage());
            e = assertThrows(IllegalArgumentException.class, () -> t.get("nope"));
            assertTrue(e.getMessage().contains("'nope'") && e.getMessage().contains("[tag, head]"), e.getMessage());
        }
        e = assertThrows(IllegalArgumentException.class, () -> new FloatTensor(new float[3], new long[] {2, 2}));
        assertTrue(e.getMessage().contains("[2, 2] holds 4 elements but 3"), e.getMessage());
    }
}
