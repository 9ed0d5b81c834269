package org.tagllm.knime.engine.chem;

import org.openscience.cdk.exception.CDKException;
import org.openscience.cdk.graph.ConnectivityChecker;
import org.openscience.cdk.interfaces.IAtom;
import org.openscience.cdk.interfaces.IAtomContainer;
import org.openscience.cdk.interfaces.IAtomContainerSet;
import org.openscience.cdk.smiles.SmiFlavor;
import org.openscience.cdk.smiles.SmilesGenerator;

/**
 * Salt and solvent stripping: keeps the connected fragment with the most heavy atoms (atomic number above 1).
 * Ties go to the fragment whose canonical non-isomeric SMILES sorts first ({@link String#compareTo}), so the choice
 * does not depend on the order in which the fragments were written; among fragments that differ only in stereo or
 * isotopes, the first written wins. No neutralisation: acetate stays {@code [O-]}.
 */
final class LargestFragment {

    private LargestFragment() {}

    /** The largest fragment, or {@code molecule} itself when it is connected. */
    static IAtomContainer of(IAtomContainer molecule) throws CDKException {
        if (ConnectivityChecker.isConnected(molecule)) {
            return molecule;
        }
        IAtomContainerSet fragments = ConnectivityChecker.partitionIntoMolecules(molecule);
        IAtomContainer best = null;
        int bestHeavy = -1;
        String bestSmiles = null; // only computed when there is a tie
        for (IAtomContainer fragment : fragments.atomContainers()) {
            int heavy = heavyAtoms(fragment);
            if (heavy > bestHeavy) {
                best = fragment;
                bestHeavy = heavy;
                bestSmiles = null;
            } else if (heavy == bestHeavy) {
                if (bestSmiles == null) {
                    bestSmiles = canonical(best);
                }
                String smiles = canonical(fragment);
                if (smiles.compareTo(bestSmiles) < 0) {
                    best = fragment;
                    bestSmiles = smiles;
                }
            }
        }
        return best;
    }

    static int heavyAtoms(IAtomContainer fragment) {
        int heavy = 0;
        for (IAtom atom : fragment.atoms()) {
            Integer z = atom.getAtomicNumber();
            if (z != null && z > 1) {
                heavy++;
            }
        }
        return heavy;
    }

    private static String canonical(IAtomContainer fragment) throws CDKException {
        return new SmilesGenerator(SmiFlavor.Unique).create(fragment);
    }
}
