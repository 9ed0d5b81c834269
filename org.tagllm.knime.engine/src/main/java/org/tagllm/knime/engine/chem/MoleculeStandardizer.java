package org.tagllm.knime.engine.chem;

import java.util.Objects;
import org.openscience.cdk.interfaces.IAtomContainer;

/**
 * Validates a SMILES string with CDK and writes it in the form the options ask for.
 *
 * <pre>
 * MoleculeStandardizer standardizer = new MoleculeStandardizer(MoleculeOptions.canonical().withSaltStripping(true));
 * String smiles = standardizer.standardize("CC(=O)[O-].[Na+]"); // "O=C([O-])C"
 * </pre>
 *
 * <p>Steps, each of which can refuse the input with an {@link InvalidMoleculeException} that names it and says why:
 * <ol>
 * <li>length: longer than {@link MoleculeOptions#maxLength()} characters is refused before anything else;
 * <li>syntax: surrounding whitespace is ignored; inner whitespace, dangling bonds, empty branches and stray dots
 * are refused (CDK would accept them silently);
 * <li>CDK's strict parse, including Kekulé assignment of aromatic input ({@code c1cccc1}, {@code n1cccc1} without
 * {@code [nH]} fail); the reason is CDK's own, with the character position;
 * <li>atoms: pseudo atoms (unless allowed), formal charges beyond ±4, valences above {@link Valences}' maxima (a
 * neutral nitrogen has 3 bonds, or 5 only in the legacy forms {@link LegacyNitrogen} recognises);
 * <li>optionally the largest fragment only (see {@link LargestFragment} for ties);
 * <li>output: canonical (aromatic symbols; isomeric only with {@code cdk-inchi}, see {@link MoleculeOptions}), or
 * the input itself. With
 * {@link MoleculeOptions#asGiven()} the stripped input comes back unchanged unless a fragment was removed or
 * non-isomeric output was asked for; then it is rewritten in input atom order.
 * </ol>
 *
 * <p>Not supported: CXSMILES extensions and titles (anything after whitespace), reaction SMILES, R-group labels such
 * as {@code [R1]} (write {@code *} or {@code [*:1]} and allow pseudo atoms), charge neutralisation, tautomer or
 * functional-group normalisation. Canonical SMILES are CDK's: the same text for the same molecule with a given CDK
 * version, but not RDKit's text.
 *
 * <p>Thread-safe: CDK's parser and generator are not, so every call builds its own (tens of microseconds).
 */
public final class MoleculeStandardizer {

    private final MoleculeOptions options;

    /**
     * @throws IllegalStateException when the options ask for canonical isomeric SMILES and CDK's InChI module
     *                               ({@code cdk-inchi}), which CDK needs for that, is not on the classpath
     */
    public MoleculeStandardizer(MoleculeOptions options) {
        this.options = Objects.requireNonNull(options, "options");
        if (options.canonicalOutput() && options.isomeric() && !SmilesOutput.canonicalIsomericAvailable()) {
            throw new IllegalStateException("canonical isomeric SMILES need CDK's InChI module (cdk-inchi), which is "
                    + "not on the classpath; use MoleculeOptions.canonical() (non-isomeric) or asGiven() instead");
        }
    }

    public MoleculeOptions options() {
        return options;
    }

    /**
     * @param smiles one SMILES string; not null
     * @return the SMILES in the form the options ask for
     * @throws InvalidMoleculeException naming the input and the reason
     */
    public String standardize(String smiles) throws InvalidMoleculeException {
        Objects.requireNonNull(smiles, "smiles");
        ParsedSmiles parsed = StrictSmilesParser.parse(smiles, options.maxLength());
        AtomChecks.check(parsed, options.pseudoAtomsAllowed());
        IAtomContainer molecule = parsed.molecule();
        boolean stripped = false;
        if (options.saltStripping()) {
            IAtomContainer largest = CdkGuard.call(smiles, "split it into fragments",
                    () -> LargestFragment.of(parsed.molecule()));
            stripped = largest != molecule;
            molecule = largest;
        }
        IAtomContainer result = molecule;
        boolean isomeric = options.isomeric();
        if (options.canonicalOutput()) {
            return CdkGuard.call(smiles, "write canonical SMILES", () -> SmilesOutput.canonical(result, isomeric));
        }
        if (!stripped && isomeric) {
            return parsed.text();
        }
        return CdkGuard.call(smiles, "write SMILES", () -> SmilesOutput.inputOrder(result, isomeric));
    }
}
