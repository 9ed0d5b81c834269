package org.tagllm.knime.engine.demo;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import org.openscience.cdk.exception.CDKException;
import org.openscience.cdk.interfaces.IAtom;
import org.openscience.cdk.interfaces.IAtomContainer;
import org.openscience.cdk.silent.SilentChemObjectBuilder;
import org.openscience.cdk.smiles.SmilesParser;
import org.openscience.cdk.tools.manipulator.AtomContainerManipulator;
import org.tagllm.knime.engine.chem.InvalidMoleculeException;
import org.tagllm.knime.engine.chem.MoleculeOptions;
import org.tagllm.knime.engine.chem.MoleculeStandardizer;

/**
 * Small drug-like molecules made by the project itself, so that a fresh machine can run the whole Tag-LLM protocol
 * without downloading data. A seeded grammar picks a ring (benzene, pyridine, pyrimidine, furan, thiophene,
 * cyclohexane, cyclopentane, piperidine, morpholine), decorates one to three of its atoms with substituents (methyl,
 * hydroxy, amino, halogens, carbonyl groups, nitrile, nitro, sulfonamide, …) and sometimes links a second ring. Every
 * molecule is checked and written as canonical SMILES by CDK ({@link MoleculeStandardizer}); duplicates are dropped.
 * The same seed gives the same molecules in the same order.
 *
 * <pre>{@code
 * List<DemoMolecules.Molecule> set = DemoMolecules.generate(600, 7);
 * set.get(0).smiles();           // e.g. "Nc1ccc(Cl)cc1"
 * set.get(0).heteroatomShare();  // 2 of 8 heavy atoms: 0.25
 * }</pre>
 *
 * The properties are computed by CDK from the parsed molecule: heavy atoms (every atom but hydrogen), the heteroatom
 * share (heavy atoms other than carbon, over all heavy atoms; a molecule's polar fraction) and the molecular weight
 * (average isotopic masses, implicit hydrogens included).
 */
public final class DemoMolecules {

    /** One molecule: canonical SMILES and what CDK computes from it. */
    public record Molecule(String smiles, int heavyAtoms, double heteroatomShare, double molecularWeight) {}

    /** A ring as its atoms in SMILES order; {@code sites} are the atoms that may carry a substituent. */
    private record Ring(String name, String[] atoms, int[] sites) {}

    private static final List<Ring> RINGS = List.of(
            new Ring("benzene", split("c c c c c c"), new int[] {0, 1, 2, 3, 4, 5}),
            new Ring("pyridine", split("c c c c c n"), new int[] {0, 1, 2, 3, 4}),
            new Ring("pyrimidine", split("c c n c n c"), new int[] {0, 1, 3, 5}),
            new Ring("furan", split("c c c o c"), new int[] {0, 1, 2, 4}),
            new Ring("thiophene", split("c c c s c"), new int[] {0, 1, 2, 4}),
            new Ring("cyclohexane", split("C C C C C C"), new int[] {0, 1, 2, 3, 4, 5}),
            new Ring("cyclopentane", split("C C C C C"), new int[] {0, 1, 2, 3, 4}),
            new Ring("piperidine", split("C C C C C N"), new int[] {0, 1, 2, 3, 4, 5}),
            new Ring("morpholine", split("C C O C C N"), new int[] {0, 1, 3, 4, 5}));

    /** Substituents, each bonded to its ring atom through its first atom. */
    private static final List<String> SUBSTITUENTS = List.of("C", "CC", "CCC", "C(C)C", "O", "OC", "OCC", "N",
            "NC", "N(C)C", "F", "Cl", "Br", "C(F)(F)F", "C#N", "C=O", "C(=O)O", "C(=O)OC", "C(=O)N", "C(=O)NC",
            "NC(=O)C", "[N+](=O)[O-]", "S(=O)(=O)N", "SC", "CO", "CN", "CCO", "CC(=O)O");

    /** Links from a ring atom to a second ring. */
    private static final List<String> LINKERS = List.of("", "C", "CC", "O", "N", "C(=O)N", "NC(=O)", "C(=O)", "OC",
            "S(=O)(=O)N");

    private DemoMolecules() {}

    /**
     * {@code count} distinct molecules from the grammar, in the order the seed draws them.
     *
     * @throws IllegalStateException if the grammar cannot make that many distinct molecules (it makes thousands)
     */
    public static List<Molecule> generate(int count, long seed) {
        if (count < 1) {
            throw new IllegalArgumentException("count must be positive, got " + count);
        }
        SplittableRandom random = new SplittableRandom(seed);
        MoleculeStandardizer canonical = new MoleculeStandardizer(MoleculeOptions.canonical());
        Set<String> seen = new LinkedHashSet<>();
        List<Molecule> out = new ArrayList<>(count);
        for (int attempt = 0; out.size() < count; attempt++) {
            if (attempt > 50L * count + 1000) {
                throw new IllegalStateException("the demo grammar made only " + out.size() + " distinct molecules in "
                        + attempt + " attempts, " + count + " were asked for");
            }
            String smiles;
            try {
                smiles = canonical.standardize(draw(random));
            } catch (InvalidMoleculeException e) {
                throw new IllegalStateException("the demo grammar made a molecule CDK refuses: " + e.getMessage(), e);
            }
            if (seen.add(smiles)) {
                out.add(properties(smiles));
            }
        }
        return out;
    }

    /** CDK's heavy-atom count, heteroatom share and molecular weight of a SMILES. */
    public static Molecule properties(String smiles) {
        IAtomContainer molecule;
        try {
            molecule = new SmilesParser(SilentChemObjectBuilder.getInstance()).parseSmiles(smiles);
        } catch (CDKException e) {
            throw new IllegalArgumentException("not a SMILES CDK can parse: " + smiles, e);
        }
        int heavy = 0;
        int hetero = 0;
        for (IAtom atom : molecule.atoms()) {
            int z = atom.getAtomicNumber();
            if (z != 1) {
                heavy++;
                hetero += z == 6 ? 0 : 1;
            }
        }
        double weight = AtomContainerManipulator.getMass(molecule, AtomContainerManipulator.MolWeight);
        return new Molecule(smiles, heavy, heavy == 0 ? 0 : (double) hetero / heavy, weight);
    }

    /** One molecule from the grammar: a decorated ring, sometimes with a second ring on a linker. */
    private static String draw(SplittableRandom random) {
        Ring ring = RINGS.get(random.nextInt(RINGS.size()));
        String[] decorations = new String[ring.atoms().length];
        int[] sites = ring.sites().clone();
        shuffle(sites, random);
        int substituents = 1 + random.nextInt(Math.min(3, sites.length));
        for (int i = 0; i < substituents; i++) {
            decorations[sites[i]] = SUBSTITUENTS.get(random.nextInt(SUBSTITUENTS.size()));
        }
        if (random.nextInt(4) == 0) { // a quarter carry a second ring instead of their first substituent
            Ring second = RINGS.get(random.nextInt(RINGS.size()));
            decorations[sites[0]] = LINKERS.get(random.nextInt(LINKERS.size())) + ring(second, 2, new String[0]);
        }
        return ring(ring, 1, decorations);
    }

    /**
     * A ring in SMILES: its atoms in order, the closure digit on the first and last, each decoration as a branch
     * (the last atom's without parentheses, as it ends the string).
     */
    private static String ring(Ring ring, int digit, String[] decorations) {
        StringBuilder b = new StringBuilder();
        String[] atoms = ring.atoms();
        for (int i = 0; i < atoms.length; i++) {
            b.append(atoms[i]);
            boolean last = i == atoms.length - 1;
            if (i == 0 || last) {
                b.append(digit);
            }
            String d = i < decorations.length ? decorations[i] : null;
            if (d != null) {
                b.append(last ? d : "(" + d + ")");
            }
        }
        return b.toString();
    }

    private static void shuffle(int[] values, SplittableRandom random) {
        for (int i = values.length - 1; i > 0; i--) {
            int j = random.nextInt(i + 1);
            int t = values[i];
            values[i] = values[j];
            values[j] = t;
        }
    }

    private static String[] split(String atoms) {
        return atoms.split(" ");
    }
}
