package org.tagllm.knime.engine.runtime;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import java.nio.FloatBuffer;
import org.junit.jupiter.api.Test;

/** The shared libtorch-owned array factory (the GC hazards it avoids are pinned in the packages that rely on it). */
class OwnedArraysTest {

    @Test
    void floatsCopyTheRemainingElementsOfABufferAndLeaveItsPositionAlone() {
        try (NDManager m = DjlRuntime.newManager()) {
            FloatBuffer data = FloatBuffer.wrap(new float[] {9, 1, 2, 3, 4});
            data.position(1);
            NDArray a = OwnedArrays.floats(m, data, new Shape(2, 2));
            assertEquals(1, data.position());
            assertEquals(DataType.FLOAT32, a.getDataType());
            assertEquals(new Shape(2, 2), a.getShape());
            assertArrayEquals(new float[] {1, 2, 3, 4}, a.toFloatArray());
        }
    }

    @Test
    void floatsAndLongsAreCopiesOfTheJavaData() {
        try (NDManager m = DjlRuntime.newManager()) {
            float[] floats = {1, 2, 3};
            long[] longs = {7, 8};
            NDArray f = OwnedArrays.floats(m, floats, new Shape(3));
            NDArray l = OwnedArrays.longs(m, longs, new Shape(2));
            floats[0] = -1;
            longs[0] = -1;
            assertArrayEquals(new float[] {1, 2, 3}, f.toFloatArray());
            assertEquals(DataType.INT64, l.getDataType());
            assertArrayEquals(new long[] {7, 8}, l.toLongArray());
        }
    }

    @Test
    void scalarsAreZeroDimensionalFloats() {
        try (NDManager m = DjlRuntime.newManager()) {
            NDArray s = OwnedArrays.scalar(m, 2.5f);
            assertEquals(new Shape(), s.getShape());
            assertEquals(DataType.FLOAT32, s.getDataType());
            assertEquals(2.5f, s.getFloat());
        }
    }

    @Test
    void copyIntoOverwritesInPlaceAndRefusesOtherShapes() {
        try (NDManager m = DjlRuntime.newManager()) {
            NDArray target = OwnedArrays.floats(m, new float[] {1, 2, 3, 4}, new Shape(2, 2));
            NDArray view = target.reshape(4);
            OwnedArrays.copyInto(target, new float[] {5, Float.NaN, Float.POSITIVE_INFINITY, 8});
            assertArrayEquals(new float[] {5, Float.NaN, Float.POSITIVE_INFINITY, 8}, view.toFloatArray());
            NDArray other = OwnedArrays.floats(m, new float[] {1, 2, 3, 4}, new Shape(4));
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> OwnedArrays.copyInto(target, other));
            assertTrue(e.getMessage().contains("cannot copy"), e.getMessage());
        }
    }
}
