package org.tagllm.knime.engine.chem;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import org.openscience.cdk.interfaces.IAtom;
import org.openscience.cdk.interfaces.IAtomContainer;
import org.openscience.cdk.interfaces.IBond;

/**
 * Cuts a molecule down to its Bemis–Murcko framework in place, with RDKit's conventions so that scaffold groups
 * match chemprop's: ring atoms and the linker atoms on paths between rings are kept, and so is any other atom joined
 * to one of those by a double bond (the {@code =O} of a lactam or a ketone linker). Every removed bond becomes an
 * implicit hydrogen on the atom that stays, so valences are unchanged ({@code n-CH3} becomes {@code [nH]}).
 */
final class MurckoFramework {

    private MurckoFramework() {}

    /** Removes side chains and isolated atoms from {@code molecule}; it is empty afterwards if there was no ring. */
    static void reduce(IAtomContainer molecule) {
        int n = molecule.getAtomCount();
        boolean[] core = ringsAndLinkers(molecule);
        boolean[] keep = core.clone();
        for (IBond bond : molecule.bonds()) {
            if (bond.getOrder() != IBond.Order.DOUBLE) {
                continue;
            }
            int a = bond.getBegin().getIndex();
            int b = bond.getEnd().getIndex();
            // Decided on the core only, so a kept =N does not pull in what hangs off it.
            if (core[a] && !core[b]) {
                keep[b] = true;
            } else if (core[b] && !core[a]) {
                keep[a] = true;
            }
        }
        for (IBond bond : molecule.bonds()) {
            int a = bond.getBegin().getIndex();
            int b = bond.getEnd().getIndex();
            if (keep[a] != keep[b]) {
                IAtom stays = keep[a] ? bond.getBegin() : bond.getEnd();
                addHydrogens(stays, bond.getOrder().numeric());
            }
        }
        // Stereo is not part of the framework (chemprop uses includeChirality=False); drop it before atoms go.
        molecule.setStereoElements(new ArrayList<>());
        for (int i = n - 1; i >= 0; i--) {
            if (!keep[i]) {
                molecule.removeAtom(i);
            }
        }
    }

    /**
     * Atoms left after repeatedly removing atoms with a single neighbour: exactly the rings and the paths between
     * them. Atoms without neighbours (ions, water written as O) never qualify.
     */
    private static boolean[] ringsAndLinkers(IAtomContainer molecule) {
        int n = molecule.getAtomCount();
        int[] degree = new int[n];
        Deque<Integer> terminal = new ArrayDeque<>();
        for (int i = 0; i < n; i++) {
            degree[i] = molecule.getAtom(i).getBondCount();
            if (degree[i] == 1) {
                terminal.add(i);
            }
        }
        while (!terminal.isEmpty()) {
            int atom = terminal.poll();
            degree[atom] = 0;
            for (IAtom neighbour : molecule.getAtom(atom).neighbors()) {
                int j = neighbour.getIndex();
                if (degree[j] > 0 && --degree[j] == 1) {
                    terminal.add(j);
                }
            }
        }
        boolean[] kept = new boolean[n];
        for (int i = 0; i < n; i++) {
            kept[i] = degree[i] > 0;
        }
        return kept;
    }

    private static void addHydrogens(IAtom atom, int count) {
        Integer present = atom.getImplicitHydrogenCount();
        atom.setImplicitHydrogenCount((present == null ? 0 : present) + count);
    }
}
