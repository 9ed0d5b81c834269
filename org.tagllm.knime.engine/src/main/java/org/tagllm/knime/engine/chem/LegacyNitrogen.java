package org.tagllm.knime.engine.chem;

import org.openscience.cdk.interfaces.IAtom;
import org.openscience.cdk.interfaces.IAtomContainer;
import org.openscience.cdk.interfaces.IBond;

/**
 * The one way a neutral nitrogen may show five bonds: the charge-free legacy writing of a nitro group or N-oxide
 * ({@code CN(=O)=O}, {@code O=n1ccccc1}) or of an azide or diazo compound ({@code CN=N#N}, {@code C=N#N}). These
 * mean the charge-separated structures ({@code C[N+](=O)[O-]}, {@code CN=[N+]=[N-]}), and RDKit rewrites them so
 * when it sanitises; we accept them as written.
 *
 * <p>Anything else is refused, in particular a neutral nitrogen with four bonds. OpenSMILES gives nitrogen the normal
 * valences 3 and 5, so CDK's parser fills an organic-subset N with four bonds up to five with an invented hydrogen:
 * {@code O=N([O-])C1=C…} (a nitro group with its charge lost, one of the MoleculeNet BBBP rows RDKit refuses) would
 * otherwise pass as {@code O=[NH]([O-])…}. That is why the legacy forms must carry no hydrogen.
 */
final class LegacyNitrogen {

    private LegacyNitrogen() {}

    /** Whether {@code atom}, a neutral nitrogen of valence 5, is written in one of the legacy forms. */
    static boolean isLegacyPentavalent(IAtomContainer molecule, IAtom atom, int valence) {
        if (valence != 5 || hydrogens(molecule, atom) > 0) {
            return false;
        }
        for (IBond bond : molecule.getConnectedBondsList(atom)) {
            IAtom other = bond.getOther(atom);
            if (!isNeutral(other)) {
                continue;
            }
            boolean oxide = bond.getOrder() == IBond.Order.DOUBLE && isElement(other, 8);
            boolean azideOrDiazo = bond.getOrder() == IBond.Order.TRIPLE && isElement(other, 7);
            if (oxide || azideOrDiazo) {
                return true;
            }
        }
        return false;
    }

    /** Implicit hydrogens plus hydrogen atoms bonded to it (written as {@code [H]}). */
    static int hydrogens(IAtomContainer molecule, IAtom atom) {
        int count = atom.getImplicitHydrogenCount() == null ? 0 : atom.getImplicitHydrogenCount();
        for (IAtom neighbour : molecule.getConnectedAtomsList(atom)) {
            count += isElement(neighbour, 1) ? 1 : 0;
        }
        return count;
    }

    private static boolean isElement(IAtom atom, int atomicNumber) {
        return atom.getAtomicNumber() != null && atom.getAtomicNumber() == atomicNumber;
    }

    private static boolean isNeutral(IAtom atom) {
        return atom.getFormalCharge() == null || atom.getFormalCharge() == 0;
    }
}
