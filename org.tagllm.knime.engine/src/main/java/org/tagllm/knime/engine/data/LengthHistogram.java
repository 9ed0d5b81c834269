package org.tagllm.knime.engine.data;

import java.util.Map;
import java.util.TreeMap;

/** Lengths counted by value: exact quantiles in memory that grows with the number of distinct lengths only. */
final class LengthHistogram {

    private final TreeMap<Integer, Long> counts = new TreeMap<>();
    private long total;

    void add(int length) {
        counts.merge(length, 1L, Long::sum);
        total++;
    }

    Distribution distribution() {
        if (total == 0) {
            return new Distribution(0, 0, 0, 0, 0);
        }
        return new Distribution(total, counts.firstKey(), rank(0.5), rank(0.95), counts.lastKey());
    }

    /** The smallest length with at least {@code ceil(q * total)} lengths at or below it. */
    private int rank(double q) {
        long needed = Math.max(1, (long) Math.ceil(q * total));
        long seen = 0;
        for (Map.Entry<Integer, Long> e : counts.entrySet()) {
            seen += e.getValue();
            if (seen >= needed) {
                return e.getKey();
            }
        }
        return counts.lastKey();
    }
}
