package org.tagllm.knime.engine.domain;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.BitSet;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.openscience.cdk.fingerprint.CircularFingerprinter;
import org.openscience.cdk.interfaces.IAtomContainer;
import org.openscience.cdk.silent.SilentChemObjectBuilder;
import org.openscience.cdk.smiles.SmilesParser;

class TanimotoTest {

    private static final List<String> MOLECULES = List.of("CCO", "OCC", "c1ccccc1O", "CC(=O)Nc1ccc(O)cc1",
            "CC(=O)Oc1ccccc1C(=O)O", "CN1C=NC2=C1C(=O)N(C(=O)N2C)C", "C1CCCCC1", "Clc1ccccc1Cl");

    /** Every pair of a small set, against CDK's own Tanimoto of CDK's own ECFP4 (2048 bits). */
    @Test
    void agreesWithCdkOnEcfp4() throws Exception {
        SmilesParser parser = new SmilesParser(SilentChemObjectBuilder.getInstance());
        for (String a : MOLECULES) {
            for (String b : MOLECULES) {
                BitSet ours = Ecfp4Bits.of(a);
                BitSet theirs = cdkBits(parser.parseSmiles(a));
                assertEquals(theirs, ours, a);
                double expected = org.openscience.cdk.similarity.Tanimoto.calculate(theirs,
                        cdkBits(parser.parseSmiles(b)));
                assertEquals(expected, Tanimoto.similarity(ours, Ecfp4Bits.of(b)), 1e-6, a + " vs " + b);
            }
        }
        assertEquals(1.0, Tanimoto.similarity(Ecfp4Bits.of("CCO"), Ecfp4Bits.of("OCC")));
    }

    /** Hand-computed: {1,2,3} and {2,3,4} share 2 of 4 bits. */
    @Test
    void sharedOverEither() {
        BitSet a = new BitSet();
        a.set(1, 4);
        BitSet b = new BitSet();
        b.set(2, 5);
        assertEquals(0.5, Tanimoto.similarity(a, b));
        assertEquals(0.0, Tanimoto.similarity(new BitSet(), new BitSet()));
    }

    /** Packing into floats for a bank loses no bit. */
    @Test
    void packingRoundTrips() {
        for (String smiles : MOLECULES) {
            BitSet bits = Ecfp4Bits.of(smiles);
            float[] words = Ecfp4Bits.pack(bits);
            assertEquals(Ecfp4Bits.WORDS, words.length);
            assertEquals(bits, Ecfp4Bits.unpack(words, 0), smiles);
        }
    }

    private static BitSet cdkBits(IAtomContainer m) throws Exception {
        return new CircularFingerprinter(CircularFingerprinter.CLASS_ECFP4, 2048).getBitFingerprint(m).asBitSet();
    }
}
