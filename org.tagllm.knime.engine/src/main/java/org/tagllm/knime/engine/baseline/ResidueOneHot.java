package org.tagllm.knime.engine.baseline;

/**
 * One-hot per position (20 standard residues + 1 for any other), the FLIP baseline for sequences of one length L:
 * 21·L features. A sequence of another length is cut to L, or its missing positions are all zeros (no residue), so
 * every row shares the training layout.
 */
final class ResidueOneHot implements ColumnFeaturizer {

    private static final int PER_POSITION = Residues.COUNT + 1;

    private final int length;

    ResidueOneHot(int length) {
        this.length = length;
    }

    @Override
    public int size() {
        return PER_POSITION * length;
    }

    @Override
    public SparseVector encode(String sequence) {
        int positions = Math.min(length, sequence.length());
        int[] indices = new int[positions];
        double[] values = new double[positions];
        for (int i = 0; i < positions; i++) {
            indices[i] = i * PER_POSITION + Residues.code(sequence.charAt(i));
            values[i] = 1.0;
        }
        return new SparseVector(indices, values);
    }

    @Override
    public String describe() {
        return "one-hot residues, " + length + " positions × " + PER_POSITION;
    }
}
