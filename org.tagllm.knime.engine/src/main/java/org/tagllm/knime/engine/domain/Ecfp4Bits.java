package org.tagllm.knime.engine.domain;

import java.util.BitSet;
import org.openscience.cdk.exception.CDKException;
import org.openscience.cdk.fingerprint.CircularFingerprinter;
import org.openscience.cdk.interfaces.IAtomContainer;
import org.openscience.cdk.silent.SilentChemObjectBuilder;
import org.openscience.cdk.smiles.SmilesParser;

/**
 * CDK's ECFP4 folded to {@value #BITS} bits, as a {@link BitSet}, and its packing into floats for a bank: 16 bits per
 * float (every integer below 2^24 is exact in float32), {@value #WORDS} floats per molecule. Thread-safe: CDK's parser
 * and fingerprinter keep state, so each call makes its own.
 */
public final class Ecfp4Bits {

    public static final int BITS = 2048;
    public static final int WORDS = BITS / 16;

    private Ecfp4Bits() {}

    /** @throws IllegalArgumentException naming the SMILES when CDK cannot read or fingerprint it */
    public static BitSet of(String smiles) {
        try {
            IAtomContainer molecule = new SmilesParser(SilentChemObjectBuilder.getInstance()).parseSmiles(smiles);
            return new CircularFingerprinter(CircularFingerprinter.CLASS_ECFP4, BITS).getBitFingerprint(molecule)
                    .asBitSet();
        } catch (CDKException | RuntimeException e) {
            throw new IllegalArgumentException("CDK cannot fingerprint SMILES '" + smiles + "': " + e.getMessage(), e);
        }
    }

    /** The bits as {@value #WORDS} floats, each holding 16 bits as an exact integer 0..65535. */
    public static float[] pack(BitSet bits) {
        float[] words = new float[WORDS];
        for (int i = bits.nextSetBit(0); i >= 0 && i < BITS; i = bits.nextSetBit(i + 1)) {
            words[i / 16] += 1 << (i % 16);
        }
        return words;
    }

    /** The inverse of {@link #pack}, from {@code words[offset .. offset + WORDS)}. */
    public static BitSet unpack(float[] words, int offset) {
        BitSet bits = new BitSet(BITS);
        for (int w = 0; w < WORDS; w++) {
            int word = (int) words[offset + w];
            for (int b = 0; b < 16; b++) {
                if ((word & (1 << b)) != 0) {
                    bits.set(w * 16 + b);
                }
            }
        }
        return bits;
    }
}
