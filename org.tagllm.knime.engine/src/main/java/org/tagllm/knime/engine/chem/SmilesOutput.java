package org.tagllm.knime.engine.chem;

import org.openscience.cdk.aromaticity.Aromaticity;
import org.openscience.cdk.aromaticity.ElectronDonation;
import org.openscience.cdk.exception.CDKException;
import org.openscience.cdk.graph.Cycles;
import org.openscience.cdk.interfaces.IAtom;
import org.openscience.cdk.interfaces.IAtomContainer;
import org.openscience.cdk.silent.SilentChemObjectBuilder;
import org.openscience.cdk.smiles.SmiFlavor;
import org.openscience.cdk.smiles.SmilesGenerator;
import org.openscience.cdk.tools.manipulator.AtomContainerManipulator;

/** Writes SMILES with CDK's SmilesGenerator; a new generator per call, because CDK's is not thread-safe. */
final class SmilesOutput {

    /** Probed once: CDK canonicalises stereo and isotopes only through its InChI module. */
    private static final class InchiProbe {
        static final boolean AVAILABLE = probe();

        private static boolean probe() {
            IAtomContainer methanol = SilentChemObjectBuilder.getInstance().newAtomContainer();
            methanol.addAtom(SilentChemObjectBuilder.getInstance().newInstance(IAtom.class, "C"));
            methanol.getAtom(0).setImplicitHydrogenCount(4);
            try {
                new SmilesGenerator(SmiFlavor.Absolute).create(methanol);
                return true;
            } catch (CDKException e) {
                return false; // "The cdk-inchi module is not loaded"
            }
        }
    }

    private SmilesOutput() {}

    /**
     * Whether {@link #canonical} can write isomeric output: CDK needs its module {@code cdk-inchi} for canonical
     * SMILES with stereo or isotopes, and it is not a dependency of the engine.
     */
    static boolean canonicalIsomericAvailable() {
        return InchiProbe.AVAILABLE;
    }

    /**
     * CDK's canonical SMILES. Aromaticity is perceived afresh with the Daylight model (rings of any size, as CDK
     * recommends), so Kekulé and aromatic writings of a molecule give the same text; non-essential explicit
     * hydrogens are folded into their heavy atoms. Non-isomeric output drops stereo and isotopes; isomeric output
     * needs {@link #canonicalIsomericAvailable()}.
     */
    static String canonical(IAtomContainer molecule, boolean isomeric) throws CDKException {
        IAtomContainer suppressed = AtomContainerManipulator.suppressHydrogens(molecule);
        Aromaticity.clear(suppressed);
        new Aromaticity(ElectronDonation.daylight(), Cycles.or(Cycles.all(), Cycles.all(6))).apply(suppressed);
        int flavor = SmiFlavor.Canonical | SmiFlavor.UseAromaticSymbols | (isomeric ? SmiFlavor.Isomeric : 0);
        return new SmilesGenerator(flavor).create(suppressed);
    }

    /**
     * SMILES in the input's atom order, aromatic atoms written as they were flagged in the input; used when the
     * caller asked for no canonicalisation but something had to be rewritten (a fragment removed, stereo dropped).
     */
    static String inputOrder(IAtomContainer molecule, boolean isomeric) throws CDKException {
        int flavor = SmiFlavor.UseAromaticSymbols | (isomeric ? SmiFlavor.Isomeric : 0);
        return new SmilesGenerator(flavor).create(molecule);
    }
}
