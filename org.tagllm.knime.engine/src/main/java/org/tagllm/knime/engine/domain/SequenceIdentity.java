package org.tagllm.knime.engine.domain;

import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A protein input's applicability domain: its similarity to the nearest training sequence, estimated as the Jaccard
 * similarity of their sets of 3-mers (shared 3-mers over 3-mers in either; 1 for the same sequence, near 0 for
 * unrelated ones). An alignment identity would need an O(L²) alignment against every training sequence per query
 * (about 10^8 cells for a Davis kinase against 379 others), and no alignment library is at hand offline; the 3-mer
 * estimate costs O(L) per pair and ranks near and far sequences alike. Answers are cached per query sequence (a
 * screening table repeats few proteins many times).
 */
public final class SequenceIdentity {

    /** The k of the k-mers. */
    public static final int K = 3;

    private static final int CACHED = 4096;

    private final int[][] references;
    private final Map<String, Double> cache = Collections.synchronizedMap(new LinkedHashMap<>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Double> eldest) {
            return size() > CACHED;
        }
    });

    /** @param sequences the training sequences (deduplicated by the caller or not: repeats cost only time) */
    public SequenceIdentity(List<String> sequences) {
        if (sequences.isEmpty()) {
            throw new IllegalArgumentException("a sequence reference needs at least one training sequence");
        }
        this.references = sequences.stream().map(SequenceIdentity::kmers).toArray(int[][]::new);
    }

    public int size() {
        return references.length;
    }

    /** The highest {@link #similarity} of {@code sequence} to a training sequence. */
    public double nearest(String sequence) {
        return cache.computeIfAbsent(sequence.strip().toUpperCase(Locale.ROOT), s -> {
            int[] q = kmers(s);
            double best = 0;
            for (int[] r : references) {
                best = Math.max(best, jaccard(q, r));
            }
            return best;
        });
    }

    /** The 3-mer Jaccard similarity of two sequences, case-insensitive; 0 when either has no 3-mer. */
    public static double similarity(String a, String b) {
        return jaccard(kmers(a), kmers(b));
    }

    /** The distinct k-mers of a sequence as sorted codes (7 bits a residue). */
    static int[] kmers(String sequence) {
        String s = sequence.strip().toUpperCase(Locale.ROOT);
        if (s.length() < K) {
            return new int[0];
        }
        int[] codes = new int[s.length() - K + 1];
        for (int i = 0; i < codes.length; i++) {
            int code = 0;
            for (int j = 0; j < K; j++) {
                code = code << 7 | (s.charAt(i + j) & 0x7F);
            }
            codes[i] = code;
        }
        return Arrays.stream(codes).sorted().distinct().toArray();
    }

    /** Shared codes over codes in either, by a merge of the two sorted arrays. */
    private static double jaccard(int[] a, int[] b) {
        if (a.length == 0 || b.length == 0) {
            return 0;
        }
        int shared = 0;
        for (int i = 0, j = 0; i < a.length && j < b.length; ) {
            if (a[i] == b[j]) {
                shared++;
                i++;
                j++;
            } else if (a[i] < b[j]) {
                i++;
            } else {
                j++;
            }
        }
        return (double) shared / (a.length + b.length - shared);
    }
}
