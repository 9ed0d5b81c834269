package org.tagllm.knime.engine.train;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;

/**
 * Provokes what breaks DJL's scalar overloads (as in the decoder tests): a full GC, which frees unreachable direct
 * buffers libtorch may still point to, then fresh direct buffers filled with -777 that are likely to reuse them.
 */
final class GarbagePressure {

    private GarbagePressure() {}

    /** Returns the new buffers; keep them reachable until backward has run. */
    static List<ByteBuffer> apply() {
        System.gc();
        try {
            Thread.sleep(20); // let the cleaner thread free the collected buffers
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        List<ByteBuffer> junk = new ArrayList<>();
        for (int i = 0; i < 2000; i++) {
            ByteBuffer b = ByteBuffer.allocateDirect(4 << (i % 5)).order(ByteOrder.nativeOrder());
            while (b.remaining() >= 4) {
                b.putFloat(-777f);
            }
            junk.add(b);
        }
        return junk;
    }
}
