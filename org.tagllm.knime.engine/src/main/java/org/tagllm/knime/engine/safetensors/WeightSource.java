package org.tagllm.knime.engine.safetensors;

import java.io.IOException;
import java.nio.FloatBuffer;
import java.nio.ShortBuffer;
import java.util.SortedSet;

/**
 * Read access to named tensors, whatever the file layout (one safetensors file, a sharded index, an in-memory map in
 * tests). Every tensor is delivered as float32, widened from F16/BF16 where needed.
 */
public interface WeightSource extends AutoCloseable {

    /** All tensor names, sorted. */
    SortedSet<String> names();

    /** The header entry of a tensor, or {@code null} if there is no such tensor. */
    TensorInfo info(String name);

    /**
     * The tensor's elements as float32 in row-major order. The buffer may be a view of a memory-mapped file: read it
     * before {@link #close()}.
     *
     * @throws IOException on a read failure; an unknown name is an {@link IllegalArgumentException}
     */
    FloatBuffer readFloats(String name) throws IOException;

    /**
     * The tensor's 16-bit elements in place (F16 or BF16, little-endian, a view of a memory-mapped file), or
     * {@code null} when the tensor is not 16-bit or this source cannot map it. The view stays readable after
     * {@link #close()}: the operating system keeps the file's pages, not the heap. Read it with absolute gets only.
     */
    default ShortBuffer halfView(String name) throws IOException {
        return null;
    }

    @Override
    void close() throws IOException;
}
