package org.tagllm.knime.engine.chem;

import java.util.Objects;

/**
 * Bemis–Murcko scaffolds for scaffold splits.
 *
 * <pre>
 * Scaffolds.murcko("CC(C)Cc1ccc(cc1)C(C)C(=O)O"); // ibuprofen: "c1ccccc1"
 * Scaffolds.murcko("CCO");                        // acyclic: ""
 * </pre>
 *
 * <p>The scaffold is the standard, element- and bond-preserving Bemis–Murcko framework (ring systems plus the
 * linkers between them), not the generic one (all atoms carbon, all bonds single). It follows RDKit's
 * {@code MurckoScaffoldSmiles(mol, includeChirality=False)} as chemprop uses it: atoms double-bonded to the framework
 * stay ({@code O=C1CCCCC1}), removed substituents leave hydrogens ({@code [nH]}), stereo and isotopes are dropped,
 * and every ring-bearing fragment of a multi-fragment input is kept. The text is CDK's canonical SMILES with aromatic
 * symbols (see {@link MoleculeStandardizer}), so equal scaffolds give equal strings; it is not RDKit's text.
 *
 * <p>Input rules are those of {@link MoleculeStandardizer} with {@link MoleculeOptions#canonical()} defaults (length,
 * syntax, strict parse, no pseudo atoms, charges, valences). Thread-safe.
 */
public final class Scaffolds {

    private Scaffolds() {}

    /**
     * @param smiles one molecule
     * @return canonical SMILES of its Murcko scaffold, or {@code ""} when it has no ring
     * @throws InvalidMoleculeException naming the input and the reason
     */
    public static String murcko(String smiles) throws InvalidMoleculeException {
        Objects.requireNonNull(smiles, "smiles");
        ParsedSmiles parsed = StrictSmilesParser.parse(smiles, MoleculeOptions.DEFAULT_MAX_LENGTH);
        AtomChecks.check(parsed, false);
        return CdkGuard.call(smiles, "derive the scaffold", () -> {
            MurckoFramework.reduce(parsed.molecule());
            return parsed.molecule().isEmpty() ? "" : SmilesOutput.canonical(parsed.molecule(), false);
        });
    }
}
