package org.tagllm.knime.engine.tags;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;

/**
 * What breaks arrays that borrow Java memory: a full GC (freeing unreachable direct buffers libtorch may still point
 * to), then fresh small direct buffers filled with -777 that are likely to reuse the freed memory. (The decoder's
 * tests have the same helper in their package.)
 */
final class GarbagePressure {

    static final float POISON = -777f;

    private GarbagePressure() {}

    /** Returns the new buffers; keep them reachable until the check is done. */
    static List<ByteBuffer> apply() {
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
