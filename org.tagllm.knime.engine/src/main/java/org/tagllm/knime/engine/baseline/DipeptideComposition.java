package org.tagllm.knime.engine.baseline;

import java.util.TreeMap;

/**
 * Dipeptide composition for sequences of varying length: the 400 ordered pairs of standard residues, each counted
 * over adjacent positions and divided by the number of adjacent pairs (L − 1). A pair with a non-standard residue is
 * not counted but stays in the divisor. A sequence shorter than 2 is all zeros.
 */
final class DipeptideComposition implements ColumnFeaturizer {

    @Override
    public int size() {
        return Residues.COUNT * Residues.COUNT;
    }

    @Override
    public SparseVector encode(String sequence) {
        TreeMap<Integer, Integer> counts = new TreeMap<>();
        for (int i = 0; i + 1 < sequence.length(); i++) {
            int a = Residues.code(sequence.charAt(i));
            int b = Residues.code(sequence.charAt(i + 1));
            if (a != Residues.OTHER && b != Residues.OTHER) {
                counts.merge(a * Residues.COUNT + b, 1, Integer::sum);
            }
        }
        int[] indices = counts.keySet().stream().mapToInt(Integer::intValue).toArray();
        double pairs = sequence.length() - 1;
        double[] values = counts.values().stream().mapToDouble(c -> c / pairs).toArray();
        return new SparseVector(indices, values);
    }

    @Override
    public String describe() {
        return "dipeptide composition, 400";
    }
}
