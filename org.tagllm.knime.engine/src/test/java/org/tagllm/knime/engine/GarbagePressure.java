package org.tagllm.knime.engine;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;

/**
 * Provokes what breaks arrays that borrow Java memory, and DJL's scalar overloads: a full GC (which frees unreachable
 * direct buffers that libtorch may still point to), then fresh small direct buffers filled with -777 that are likely
 * to reuse the freed memory. The one helper for every test package.
 */
public final class GarbagePressure {

    public static final float POISON = -777f;

    private GarbagePressure() {}

    /** Returns the new buffers; keep them reachable until the check (or backward) is done. */
    public static List<ByteBuffer> apply() {
        System.gc();
        try {
            Thread.sleep(30); // let the cleaner thread free the collected buffers
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        List<ByteBuffer> junk = new ArrayList<>();
        for (int i = 0; i < 4000; i++) {
            ByteBuffer b = ByteBuffer.allocateDirect(4 << (i % 5)).order(ByteOrder.nativeOrder());
            while (b.remaining() >= 4) {
                b.putFloat(POISON);
            }
            junk.add(b);
        }
        return junk;
    }
}
