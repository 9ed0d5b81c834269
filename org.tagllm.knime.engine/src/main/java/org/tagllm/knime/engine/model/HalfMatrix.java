package org.tagllm.knime.engine.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.nio.ShortBuffer;
import java.util.function.LongUnaryOperator;
import java.util.stream.LongStream;
import org.tagllm.knime.engine.safetensors.DType;
import org.tagllm.knime.engine.safetensors.HalfFloats;

/**
 * A frozen F16/BF16 matrix [rows, cols] left in its memory-mapped safetensors file and widened to float32 when used:
 * whole for a projection, row by row for an embedding lookup. The result is a libtorch-allocated float32 array
 * (written in place on CPU, copied in through a per-thread staging buffer elsewhere; never borrowed from Java), so it
 * is safe to keep for backward, and no BF16 array ever exists.
 */
final class HalfMatrix implements FrozenMatrix {

    /** 16 MiB of float32 per thread that widens. */
    static final int STAGING_FLOATS = 1 << 22;

    private static final ThreadLocal<Staging> STAGING = ThreadLocal.withInitial(Staging::new);

    private final DType dtype;
    private final long rows;
    private final int cols;
    private final ShortBuffer data; // read with absolute gets only: shared by all threads

    HalfMatrix(DType dtype, long rows, int cols, ShortBuffer data) {
        if (data.capacity() != rows * cols) {
            throw new IllegalArgumentException("a " + rows + "×" + cols + " matrix needs " + rows * cols
                    + " elements, the view has " + data.capacity());
        }
        this.dtype = dtype;
        this.rows = rows;
        this.cols = cols;
        this.data = data;
    }

    @Override
    public NDArray widen(NDManager scope) {
        return gather(scope, rows, r -> r);
    }

    /** Rows {@code ids} as float32 [ids.length, cols] in {@code scope} (an embedding lookup). */
    NDArray rows(long[] ids, NDManager scope) {
        for (long id : ids) {
            if (id < 0 || id >= rows) {
                throw new IllegalArgumentException("row " + id + " outside [0, " + rows + ")");
            }
        }
        return gather(scope, ids.length, i -> ids[(int) i]);
    }

    @Override
    public long bytes() {
        return rows * cols * dtype.bytes();
    }

    private NDArray gather(NDManager scope, long n, LongUnaryOperator rowOf) {
        NDArray out = scope.create(new Shape(n, cols), DataType.FLOAT32); // uninitialised, libtorch-allocated
        if (!scope.getDevice().isGpu()) {
            // A fresh CPU array's own memory (DJL's toByteBuffer(true) gives a direct view of a contiguous CPU
            // tensor): widened rows are written straight into it, one pass from the mapped file, rows split between
            // threads. Nothing has read the array yet, so writing behind libtorch's back is safe.
            FloatBuffer memory = out.toByteBuffer(true).order(ByteOrder.nativeOrder()).asFloatBuffer();
            if (memory.capacity() == n * cols && !memory.isReadOnly()) {
                long rowsPerTask = Math.max(1, (1 << 18) / cols);
                LongStream.range(0, (n + rowsPerTask - 1) / rowsPerTask).parallel().forEach(task -> {
                    Staging s = STAGING.get();
                    long end = Math.min(n, (task + 1) * rowsPerTask);
                    for (long r = task * rowsPerTask; r < end; r++) {
                        HalfFloats.widen(data, Math.toIntExact(rowOf.applyAsLong(r) * cols), dtype, s.shorts,
                                s.floats, 0, cols);
                        memory.put(Math.toIntExact(r * cols), s.floats, 0, cols);
                    }
                });
                return out;
            }
        }
        Staging s = STAGING.get();
        int perChunk = Math.max(1, STAGING_FLOATS / cols);
        for (long start = 0; start < n; start += perChunk) {
            int k = (int) Math.min(perChunk, n - start);
            for (int j = 0; j < k; j++) {
                long row = rowOf.applyAsLong(start + j);
                HalfFloats.widen(data, Math.toIntExact(row * cols), dtype, s.shorts, s.floats, j * cols, cols);
            }
            FloatBuffer staged = s.direct.clear().asFloatBuffer().put(s.floats, 0, k * cols).flip();
            // The chunk array borrows the staging buffer; set() copies it into out (on its device) before reuse.
            try (NDArray chunk = scope.create(staged, new Shape(k, cols), DataType.FLOAT32)) {
                out.set(new NDIndex("{}:{}", start, start + k), chunk);
            }
        }
        return out;
    }

    /** One thread's staging: shorts read from the map, floats widened, and the direct buffer libtorch reads. */
    private static final class Staging {
        final short[] shorts = new short[STAGING_FLOATS];
        final float[] floats = new float[STAGING_FLOATS];
        final ByteBuffer direct = ByteBuffer.allocateDirect(STAGING_FLOATS * Float.BYTES).order(ByteOrder.nativeOrder());
    }
}
