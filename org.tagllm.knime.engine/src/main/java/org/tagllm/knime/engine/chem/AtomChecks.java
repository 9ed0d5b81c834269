package org.tagllm.knime.engine.chem;

import org.openscience.cdk.config.Elements;
import org.openscience.cdk.interfaces.IAtom;
import org.openscience.cdk.interfaces.IAtomContainer;
import org.openscience.cdk.interfaces.IBond;
import org.openscience.cdk.interfaces.IPseudoAtom;

/**
 * Element, isotope, charge and valence sanity on a parsed molecule. Atoms are named by their 1-based position in the
 * SMILES (CDK keeps input order) and their symbol.
 */
final class AtomChecks {

    /** Larger formal charges on one atom are almost always a mistake or a metal complex drawn with charges. */
    static final int MAX_ABSOLUTE_CHARGE = 4;

    private AtomChecks() {}

    static void check(ParsedSmiles parsed, boolean pseudoAtomsAllowed) throws InvalidMoleculeException {
        IAtomContainer molecule = parsed.molecule();
        if (molecule.isEmpty()) {
            throw new InvalidMoleculeException(parsed.input(), "no atoms");
        }
        for (int i = 0; i < molecule.getAtomCount(); i++) {
            String problem = problem(molecule, molecule.getAtom(i), pseudoAtomsAllowed);
            if (problem != null) {
                throw new InvalidMoleculeException(parsed.input(), "atom " + (i + 1) + " " + problem);
            }
        }
    }

    private static String problem(IAtomContainer molecule, IAtom atom, boolean pseudoAtomsAllowed) {
        Integer atomicNumber = atom.getAtomicNumber();
        if (atom instanceof IPseudoAtom || atomicNumber == null || atomicNumber == 0) {
            // CDK gives '*' the symbol "R"; its label is what the user wrote.
            String label = atom instanceof IPseudoAtom pseudo ? pseudo.getLabel() : atom.getSymbol();
            return pseudoAtomsAllowed ? null
                    : "(" + label + ") is a pseudo atom (wildcard or R group), not allowed by the options";
        }
        Integer massNumber = atom.getMassNumber();
        if (massNumber != null && massNumber < atomicNumber) {
            // A nucleus holds at least its protons ([2C], [0N]); the upper bound is checked in the text.
            return "(" + atom.getSymbol() + ") has mass number " + massNumber + ", fewer nucleons than its "
                    + atomicNumber + " protons";
        }
        int charge = atom.getFormalCharge() == null ? 0 : atom.getFormalCharge();
        if (Math.abs(charge) > MAX_ABSOLUTE_CHARGE) {
            return "(" + atom.getSymbol() + ") has formal charge " + signed(charge) + "; charges beyond ±"
                    + MAX_ABSOLUTE_CHARGE + " are rejected as implausible";
        }
        int maximum = Valences.maximum(atomicNumber, charge);
        int valence = valence(molecule, atom);
        if (maximum >= 0 && valence > maximum && atomicNumber == 7 && charge == 0) {
            return LegacyNitrogen.isLegacyPentavalent(molecule, atom, valence) ? null
                    : neutralNitrogen(valence, implicitHydrogens(atom));
        }
        if (maximum >= 0 && valence > maximum) {
            String like = charge == 0 ? "neutral " + atom.getSymbol()
                    : atom.getSymbol() + signed(charge) + " (treated like "
                            + Elements.ofNumber(Valences.isoelectronicWith(atomicNumber, charge)).symbol() + ")";
            return "(" + atom.getSymbol() + ") has valence " + valence + "; at most " + maximum + " is allowed for "
                    + like;
        }
        return null;
    }

    /**
     * Says where the hydrogens come from: CDK gives an organic-subset N with four bonds a fifth, implicit, hydrogen
     * (OpenSMILES' valence 5), so a user who wrote four bonds would otherwise not recognise "valence 5".
     */
    private static String neutralNitrogen(int valence, int implicitHydrogens) {
        int inBonds = valence - implicitHydrogens;
        String hydrogens = implicitHydrogens + (implicitHydrogens == 1 ? " implicit hydrogen" : " implicit hydrogens");
        String parts = implicitHydrogens == 0 ? "" : inBonds == 0 ? " (" + hydrogens + ")"
                : " (" + inBonds + " in bonds, " + hydrogens + ")";
        return "(N) has valence " + valence + parts + "; a neutral N allows 3, or 5 only as a legacy nitro, "
                + "N-oxide (N=O), azide or diazo (N#N) group without hydrogen; a nitrogen with four bonds is charged "
                + "([N+])";
    }

    /** Bond orders plus implicit hydrogens; explicit hydrogens are atoms and so already bonds. */
    private static int valence(IAtomContainer molecule, IAtom atom) {
        int valence = implicitHydrogens(atom);
        for (IBond bond : molecule.getConnectedBondsList(atom)) {
            IBond.Order order = bond.getOrder();
            // Every bond has an order after kekulisation; count an unset one as single rather than fail.
            valence += order == null || order == IBond.Order.UNSET ? 1 : order.numeric();
        }
        return valence;
    }

    private static int implicitHydrogens(IAtom atom) {
        return atom.getImplicitHydrogenCount() == null ? 0 : atom.getImplicitHydrogenCount();
    }

    private static String signed(int charge) {
        return charge > 0 ? "+" + charge : Integer.toString(charge);
    }
}
