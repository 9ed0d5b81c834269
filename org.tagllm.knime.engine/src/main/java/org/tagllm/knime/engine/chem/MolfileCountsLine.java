package org.tagllm.knime.engine.chem;

/**
 * The counts line, line 4 of a molfile: the atom count in columns 1-3, the bond count in 4-6 (right-aligned
 * integers), and the version stamp {@code V2000} or {@code V3000} at its end. CDK reads unparsable counts as zero
 * (so garbage became an empty molecule, or ethanol without its bonds) and reports a missing stamp as "must be read
 * with the MDLReader"; checking the line first gives the user the line itself.
 */
final class MolfileCountsLine {

    static final String RULE = "the atom and bond counts belong in columns 1-3 and 4-6, and 'V2000' or 'V3000' at "
            + "the end";

    private MolfileCountsLine() {}

    /** True for a well-formed counts line of either version. */
    static boolean isCountsLine(String line) {
        String end = line.stripTrailing();
        return line.length() >= 6 && isCount(line.substring(0, 3)) && isCount(line.substring(3, 6))
                && (end.endsWith("V2000") || end.endsWith("V3000"));
    }

    /** The atom count of a well-formed counts line. */
    static int atoms(String line) {
        return Integer.parseInt(line.substring(0, 3).strip());
    }

    /** A right-aligned integer in a 3-column field: spaces, then digits only. */
    private static boolean isCount(String field) {
        String digits = field.stripLeading();
        return !digits.isEmpty() && digits.chars().allMatch(c -> c >= '0' && c <= '9');
    }
}
