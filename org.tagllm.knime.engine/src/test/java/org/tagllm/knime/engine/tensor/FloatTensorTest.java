package org.tagllm.knime.engine.tensor;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** The one plain-Java tensor record (formerly bank.FloatTensor, tags.TensorData and train.TensorData). */
class FloatTensorTest {

    /** From the former tags.TensorData test; the name now travels outside the record. */
    @Test
    void checksShapeAgainstValuesAndCopies() {
        float[] values = {1, 2, 3, 4, 5, 6};
        FloatTensor t = new FloatTensor(values, new long[] {2, 3});
        values[0] = 99;
        assertEquals(1f, t.values()[0], "the record keeps its own copy");
        assertArrayEquals(new long[] {2, 3}, t.shape());
        assertEquals(t, new FloatTensor(new float[] {1, 2, 3, 4, 5, 6}, new long[] {2, 3}));
        String message = assertThrows(IllegalArgumentException.class,
                () -> new FloatTensor(new float[5], new long[] {2, 2})).getMessage();
        assertEquals("shape [2, 2] holds 4 elements but 5 values were given", message);
        assertTrue(assertThrows(IllegalArgumentException.class,
                () -> new FloatTensor(new float[0], new long[] {-1, 2})).getMessage()
                .contains("negative dimension"));
        FloatTensor empty = new FloatTensor(new float[0], new long[] {0, 2});
        assertTrue(assertThrows(IllegalArgumentException.class, () -> empty.requirePositiveDimensions("x"))
                .getMessage().contains("x: dimensions must be positive"));
        assertEquals("tag.<Q>: expected shape [2, 32], got [2, 3]", assertThrows(IllegalArgumentException.class,
                () -> t.requireShape("tag.<Q>", 2, 32)).getMessage());
        t.requireShape("tag.<P>", 2, 3);
    }

    /** From the former train.TensorData test. */
    @Test
    void isImmutable() {
        float[] values = {1, 2, 3};
        long[] shape = {3};
        FloatTensor d = new FloatTensor(values, shape);
        values[0] = 99;
        shape[0] = 7;
        d.values()[1] = 99;
        d.shape()[0] = 7;
        assertEquals(new FloatTensor(new float[] {1, 2, 3}, new long[] {3}), d);
        assertEquals(3, d.elementCount());
        assertEquals(2f, d.value(1));
        assertTrue(d.sameShape(FloatTensor.vector(4, 5, 6)));
        assertTrue(FloatTensor.matrix(2, 1, 1, 2).hasShape(2, 1));
    }

    @Test
    void equalityComparesRawBits() {
        assertNotEquals(FloatTensor.vector(0f), FloatTensor.vector(-0f));
        assertEquals(FloatTensor.vector(Float.NaN), FloatTensor.vector(Float.NaN));
        assertEquals(1, FloatTensor.vector(1, Float.NaN).firstNonFinite());
        assertEquals(-1, FloatTensor.vector(1, 2).firstNonFinite());
    }
}
