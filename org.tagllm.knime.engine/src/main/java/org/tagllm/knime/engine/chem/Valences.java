package org.tagllm.knime.engine.chem;

import java.util.Map;

/**
 * The largest valence (bond orders plus hydrogens) we accept for an atom, for the main-group elements where a
 * maximum is well defined. CDK has no such check without its atom-type dictionary (module {@code cdk-dict}, not a
 * dependency), so the rule is ours and deliberately permissive: it catches pentavalent carbon, trivalent oxygen,
 * divalent fluorine and the like, and nothing a sensible structure needs.
 *
 * <p>Neutral maxima follow the normal valences of the Daylight/OpenSMILES model that CDK's SMILES parser itself
 * uses (so sulfones and phosphates pass), widened for hypervalent halogens (perchlorate, hypervalent iodine): H 1, B 3,
 * C 4, N 3, O 2, F 1, Si 4, P 5, S 6, Cl 7, Ge 4, As 5, Se 6, Br 7, Te 6, I 7. Nitrogen is 3, not OpenSMILES' 5: a
 * nitrogen has no d orbitals to expand into, and a fifth bond exists only in the charge-free legacy writing of nitro
 * groups, N-oxides, azides and diazo compounds, which {@link LegacyNitrogen} recognises.
 *
 * <p>A charged atom is treated like its isoelectronic neighbour: charge q on atomic number Z uses the maximum of
 * Z − q ({@code [N+]} like C: 4; {@code [O-]} like F: 1; {@code [B-]} like C: 4; {@code [O+]} like N: 3;
 * {@code [Cl+3]} like Si: 4).
 * Not checked: metals, noble gases and any charged atom whose neighbour is not in the table ({@code [F-]},
 * {@code [H+]}).
 */
final class Valences {

    private static final Map<Integer, Integer> MAXIMUM = Map.ofEntries(
            Map.entry(1, 1), Map.entry(5, 3), Map.entry(6, 4), Map.entry(7, 3), Map.entry(8, 2), Map.entry(9, 1),
            Map.entry(14, 4), Map.entry(15, 5), Map.entry(16, 6), Map.entry(17, 7), Map.entry(32, 4),
            Map.entry(33, 5), Map.entry(34, 6), Map.entry(35, 7), Map.entry(52, 6), Map.entry(53, 7));

    private Valences() {}

    /** The largest accepted valence, or -1 when this element and charge are not checked. */
    static int maximum(int atomicNumber, int charge) {
        if (!MAXIMUM.containsKey(atomicNumber)) {
            return -1;
        }
        return MAXIMUM.getOrDefault(atomicNumber - charge, -1);
    }

    /** The element whose maximum applies, as in {@link #maximum}: the atom itself when neutral. */
    static int isoelectronicWith(int atomicNumber, int charge) {
        return atomicNumber - charge;
    }
}
