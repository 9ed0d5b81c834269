package org.tagllm.knime.engine.chem;

import org.openscience.cdk.exception.CDKException;

/**
 * Runs one CDK step on one input and turns whatever goes wrong into an {@link InvalidMoleculeException} with the
 * cause attached. A stack overflow is caught as a last resort: CDK recurses once per atom in several places
 * (connectivity, ring search, canonical labelling), so a very long chain exhausts the stack; the length limit in
 * {@link MoleculeOptions} normally stops such inputs first. Unexpected runtime exceptions from CDK are reported
 * the same way, so that one odd molecule fails its own row rather than a whole table.
 */
final class CdkGuard {

    /** One CDK call. */
    interface Step<T> {
        T run() throws CDKException;
    }

    private CdkGuard() {}

    static <T> T call(String input, String activity, Step<T> step) throws InvalidMoleculeException {
        try {
            return step.run();
        } catch (CDKException e) {
            throw new InvalidMoleculeException(input, "CDK could not " + activity + ": " + e.getMessage(), e);
        } catch (StackOverflowError e) {
            throw new InvalidMoleculeException(input, stackOverflowReason(activity, input), e);
        } catch (RuntimeException e) {
            throw new InvalidMoleculeException(input, "CDK failed to " + activity + ": " + e, e);
        }
    }

    static String stackOverflowReason(String activity, String input) {
        return "too large for CDK: the stack overflowed while trying to " + activity + " (" + input.length()
                + " characters); lower the length limit or give the thread a larger stack";
    }
}
