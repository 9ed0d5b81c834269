package org.tagllm.knime.engine.data;

/**
 * Counts rows whose normalised inputs repeat an earlier row's, and distinct inputs seen with more than one target.
 * Keeps two 64-bit fingerprints per distinct input in an open-addressing table: about 32 bytes per distinct input at
 * most, nothing per repeat.
 */
final class DuplicateTracker {

    /** Marks an input already counted as conflicting; the target fingerprint keeps the other 63 bits. */
    private static final long CONFLICT = 1L << 63;
    private static final long EMPTY = 0;

    private long[] keys = new long[1 << 10];
    private long[] targets = new long[1 << 10];
    private int size;
    private long duplicates;
    private long conflicts;

    /**
     * @param input fingerprint of the normalised inputs
     * @param target fingerprint of the target or label (any constant when there is none)
     */
    void add(long input, long target) {
        long key = input == EMPTY ? 1 : input;
        long value = target & ~CONFLICT;
        int mask = keys.length - 1;
        int i = (int) key & mask;
        while (keys[i] != EMPTY) {
            if (keys[i] == key) {
                duplicates++;
                if ((targets[i] & CONFLICT) == 0 && targets[i] != value) {
                    targets[i] |= CONFLICT;
                    conflicts++;
                }
                return;
            }
            i = (i + 1) & mask;
        }
        keys[i] = key;
        targets[i] = value;
        if (++size > keys.length / 2) {
            grow();
        }
    }

    long duplicates() {
        return duplicates;
    }

    long conflicts() {
        return conflicts;
    }

    private void grow() {
        long[] oldKeys = keys;
        long[] oldTargets = targets;
        keys = new long[oldKeys.length * 2];
        targets = new long[oldKeys.length * 2];
        int mask = keys.length - 1;
        for (int j = 0; j < oldKeys.length; j++) {
            if (oldKeys[j] != EMPTY) {
                int i = (int) oldKeys[j] & mask;
                while (keys[i] != EMPTY) {
                    i = (i + 1) & mask;
                }
                keys[i] = oldKeys[j];
                targets[i] = oldTargets[j];
            }
        }
    }
}
