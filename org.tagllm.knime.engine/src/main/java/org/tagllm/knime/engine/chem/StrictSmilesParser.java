package org.tagllm.knime.engine.chem;

import org.openscience.cdk.exception.InvalidSmilesException;
import org.openscience.cdk.interfaces.IAtomContainer;
import org.openscience.cdk.silent.SilentChemObjectBuilder;
import org.openscience.cdk.smiles.SmilesParser;

/**
 * Parses one SMILES as strictly as CDK allows, with our own guards before and around it: a length limit (checked
 * first, so a 100,000-character string costs nothing), the {@link SmilesSyntax} checks CDK skips, and CDK's strict
 * mode (which refuses {@code [C-H]}, {@code [R]} and unknown element symbols that the lenient mode turns into pseudo
 * atoms). Thread-safe: a new CDK parser per call, because CDK's is not.
 */
final class StrictSmilesParser {

    private StrictSmilesParser() {}

    static ParsedSmiles parse(String input, int maxLength) throws InvalidMoleculeException {
        if (input.length() > maxLength) {
            throw new InvalidMoleculeException(input,
                    "too long: " + input.length() + " characters, limit " + maxLength);
        }
        String text = input.strip();
        String problem = SmilesSyntax.problem(text);
        if (problem != null) {
            throw new InvalidMoleculeException(input, problem);
        }
        SmilesParser parser = new SmilesParser(SilentChemObjectBuilder.getInstance());
        parser.setStrict(true);
        try {
            IAtomContainer molecule = parser.parseSmiles(text);
            return new ParsedSmiles(input, text, molecule);
        } catch (InvalidSmilesException e) {
            throw new InvalidMoleculeException(input, CdkSmilesErrors.reason(e, text), e);
        } catch (StackOverflowError e) {
            throw new InvalidMoleculeException(input, CdkGuard.stackOverflowReason("parse it", text), e);
        } catch (RuntimeException e) {
            throw new InvalidMoleculeException(input, "CDK failed to parse it: " + e, e);
        }
    }
}
