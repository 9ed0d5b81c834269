package org.tagllm.knime.engine.data;

import java.util.Collection;

/**
 * 64-bit fingerprints of values, so that duplicates can be found without keeping the values. Two different inputs
 * share a fingerprint with odds of about n²/2⁶⁵ over n rows: one in five million for a million rows.
 */
final class Fingerprint {

    private static final long FNV_OFFSET = 0xcbf29ce484222325L;
    private static final long FNV_PRIME = 0x100000001b3L;

    private Fingerprint() {}

    /** Of several strings in order; the boundaries between them count, so ("ab","c") differs from ("a","bc"). */
    static long of(Collection<String> values) {
        long h = FNV_OFFSET;
        for (String v : values) {
            h = add(h, v);
            h = (h ^ 0x1F) * FNV_PRIME;
            h = (h ^ (v.length() & 0xFF)) * FNV_PRIME;
        }
        return mix(h);
    }

    static long of(String value) {
        return mix(add(FNV_OFFSET, value));
    }

    static long of(double[] values) {
        long h = FNV_OFFSET;
        for (double d : values) {
            long bits = Double.doubleToLongBits(d == 0.0 ? 0.0 : d); // -0.0 equals 0.0
            for (int shift = 0; shift < 64; shift += 8) {
                h = (h ^ ((bits >>> shift) & 0xFF)) * FNV_PRIME;
            }
        }
        return mix(h);
    }

    /** FNV-1a over the UTF-16 units. */
    private static long add(long h, String value) {
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            h = (h ^ (c & 0xFF)) * FNV_PRIME;
            h = (h ^ (c >>> 8)) * FNV_PRIME;
        }
        return h;
    }

    /** SplitMix64's finaliser: FNV's low bits are weak, and hash tables index by them. */
    private static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xbf58476d1ce4e5b9L;
        z = (z ^ (z >>> 27)) * 0x94d049bb133111ebL;
        return z ^ (z >>> 31);
    }
}
