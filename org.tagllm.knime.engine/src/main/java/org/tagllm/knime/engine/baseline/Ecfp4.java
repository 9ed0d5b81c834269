package org.tagllm.knime.engine.baseline;

import java.util.Arrays;
import java.util.BitSet;
import org.openscience.cdk.exception.CDKException;
import org.openscience.cdk.fingerprint.CircularFingerprinter;
import org.openscience.cdk.interfaces.IAtomContainer;
import org.openscience.cdk.silent.SilentChemObjectBuilder;
import org.openscience.cdk.smiles.SmilesParser;

/**
 * CDK's ECFP4 (circular fingerprint of diameter 4, Rogers &amp; Hahn 2010) folded to {@value #BITS} bits of 0/1.
 * CDK's hashing is its own, so bits match other CDK runs, not RDKit's Morgan fingerprint. The fingerprinter perceives
 * aromaticity and hydrogens itself, so "OCC" and "CCO", or Kekulé and aromatic benzene, give the same bits.
 * Thread-safe: a new parser and fingerprinter per value, because CDK's keep state.
 */
final class Ecfp4 implements ColumnFeaturizer {

    static final int BITS = 2048;

    @Override
    public int size() {
        return BITS;
    }

    @Override
    public SparseVector encode(String smiles) {
        BitSet bits;
        try {
            IAtomContainer molecule = new SmilesParser(SilentChemObjectBuilder.getInstance()).parseSmiles(smiles);
            bits = new CircularFingerprinter(CircularFingerprinter.CLASS_ECFP4, BITS).getBitFingerprint(molecule)
                    .asBitSet();
        } catch (CDKException | RuntimeException e) {
            throw new IllegalArgumentException("CDK cannot fingerprint SMILES '" + smiles + "': " + e.getMessage(), e);
        }
        int[] indices = bits.stream().toArray();
        double[] values = new double[indices.length];
        Arrays.fill(values, 1.0);
        return new SparseVector(indices, values);
    }

    @Override
    public String describe() {
        return "ECFP4, " + BITS + " bits";
    }
}
