package org.tagllm.knime.engine.domain;

import java.util.BitSet;

/** The Tanimoto (Jaccard) similarity of two bit fingerprints: shared bits over bits set in either. */
public final class Tanimoto {

    private Tanimoto() {}

    /** Between 0 and 1; two empty fingerprints (nothing to compare) are 0. */
    public static double similarity(BitSet a, BitSet b) {
        int either = a.cardinality() + b.cardinality();
        if (either == 0) {
            return 0;
        }
        BitSet shared = (BitSet) a.clone();
        shared.and(b);
        int both = shared.cardinality();
        return (double) both / (either - both);
    }
}
