package org.tagllm.knime.engine.chem;

import java.util.Objects;
import java.util.SplittableRandom;
import java.util.random.RandomGenerator;
import org.openscience.cdk.interfaces.IAtom;
import org.openscience.cdk.interfaces.IAtomContainer;
import org.openscience.cdk.interfaces.IBond;
import org.openscience.cdk.smiles.SmiFlavor;
import org.openscience.cdk.smiles.SmilesGenerator;

/**
 * Other writings of the same molecule, for experiments that change a molecule's notation but not the molecule.
 *
 * <pre>
 * SmilesNotations.randomized("CC(=O)Oc1ccccc1C(=O)O", 0); // "c1cc(C(=O)O)c(cc1)OC(=O)C"
 * SmilesNotations.randomized("CC(=O)Oc1ccccc1C(=O)O", 7); // "O=C(C)Oc1ccccc1C(O)=O", every time
 * </pre>
 *
 * <p>A <b>randomised SMILES</b> is CDK's non-canonical output after the atoms and the bonds of the parsed molecule
 * were shuffled by the seed: the atom a SMILES starts from, the traversal and the order of branches and ring closures
 * all change, the molecule does not. Kept exactly: elements, charges, isotopes, hydrogen counts, atom-map numbers,
 * tetrahedral and double-bond stereo (CDK's stereo elements name atoms, not positions), and aromaticity as written
 * (aromatic input stays aromatic, Kekulé input stays Kekulé). The result parses back to the same canonical SMILES.
 * CDK's writing conventions come with it: ring-closure digits are not reused (a third ring opens with 3), and
 * written texts may therefore differ from RDKit's non-canonical output in more than the order.
 *
 * <p>The input is parsed as strictly as {@link MoleculeStandardizer} does (same syntax checks, same length limit);
 * valences and pseudo atoms are not checked here. Not supported: CXSMILES extensions, reaction SMILES.
 *
 * <p>Thread-safe: every call builds its own CDK parser and generator.
 */
public final class SmilesNotations {

    /** Non-canonical output that keeps stereo, isotopes, atom maps and aromatic symbols. */
    private static final int FLAVOR = SmiFlavor.Isomeric | SmiFlavor.AtomAtomMap | SmiFlavor.UseAromaticSymbols;

    private SmilesNotations() {}

    /**
     * A randomised SMILES of {@code smiles}; the same input and seed always give the same text.
     *
     * @throws InvalidMoleculeException naming the input when CDK cannot parse or write it
     */
    public static String randomized(String smiles, long seed) throws InvalidMoleculeException {
        return randomized(smiles, new SplittableRandom(seed));
    }

    /**
     * A randomised SMILES drawn with {@code random}, e.g. one generator for a whole file. Deterministic for a given
     * generator state.
     *
     * @throws InvalidMoleculeException naming the input when CDK cannot parse or write it
     */
    public static String randomized(String smiles, RandomGenerator random) throws InvalidMoleculeException {
        Objects.requireNonNull(smiles, "smiles");
        Objects.requireNonNull(random, "random");
        IAtomContainer molecule = StrictSmilesParser.parse(smiles, MoleculeOptions.DEFAULT_MAX_LENGTH).molecule();
        return CdkGuard.call(smiles, "write a randomised SMILES", () -> {
            // The generator writes atoms from the first one on and visits neighbours in bond order, so shuffling
            // both changes the start, the traversal and the branch order.
            IAtom[] atoms = new IAtom[molecule.getAtomCount()];
            for (int i = 0; i < atoms.length; i++) {
                atoms[i] = molecule.getAtom(i);
            }
            IBond[] bonds = new IBond[molecule.getBondCount()];
            for (int i = 0; i < bonds.length; i++) {
                bonds[i] = molecule.getBond(i);
            }
            shuffle(atoms, random);
            shuffle(bonds, random);
            molecule.setAtoms(atoms);
            molecule.setBonds(bonds);
            return new SmilesGenerator(FLAVOR).create(molecule);
        });
    }

    /** Fisher–Yates. */
    private static <T> void shuffle(T[] items, RandomGenerator random) {
        for (int i = items.length - 1; i > 0; i--) {
            int j = random.nextInt(i + 1);
            T t = items[i];
            items[i] = items[j];
            items[j] = t;
        }
    }
}
