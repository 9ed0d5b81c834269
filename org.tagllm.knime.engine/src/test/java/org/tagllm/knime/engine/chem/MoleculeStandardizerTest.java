package org.tagllm.knime.engine.chem;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class MoleculeStandardizerTest {

    private static final MoleculeStandardizer AS_GIVEN = new MoleculeStandardizer(MoleculeOptions.asGiven());
    private static final MoleculeStandardizer CANONICAL = new MoleculeStandardizer(MoleculeOptions.canonical());
    private static final MoleculeStandardizer STRIPPING =
            new MoleculeStandardizer(MoleculeOptions.canonical().withSaltStripping(true));

    private static InvalidMoleculeException rejected(MoleculeStandardizer standardizer, String smiles) {
        return assertThrows(InvalidMoleculeException.class, () -> standardizer.standardize(smiles), smiles);
    }

    @Test
    void validSmilesComeBackAsWrittenWhenOnlyValidating() throws Exception {
        for (String smiles : List.of("CCO", "C(O)C", "c1ccccc1", "C1=CC=CC=C1", "F/C=C/F", "C[C@H](N)O", "[13CH4]",
                "CC(=O)[O-].[Na+]", "O=N(=O)c1ccccc1", "[O-][Cl+3]([O-])([O-])[O-]")) {
            assertEquals(smiles, AS_GIVEN.standardize(smiles));
        }
        assertEquals("CCO", AS_GIVEN.standardize("  CCO\t"), "surrounding whitespace is dropped");
    }

    @Test
    void canonicalFormIsTheSameForDifferentWritingsOfOneMolecule() throws Exception {
        assertEquals(CANONICAL.standardize("OCC"), CANONICAL.standardize("C(O)C"));
        assertEquals(CANONICAL.standardize("OCC"), CANONICAL.standardize("[H]OCC"));
        assertEquals("c1ccccc1", CANONICAL.standardize("C1=CC=CC=C1"));
        assertEquals(CANONICAL.standardize("Cc1ccccc1"), CANONICAL.standardize("C1=CC=CC(C)=C1"));
        assertEquals(CANONICAL.standardize("CC(=O)Oc1ccccc1C(=O)O"), CANONICAL.standardize("OC(=O)c1ccccc1OC(C)=O"));
        assertTrue(!CANONICAL.standardize("OCC").equals(CANONICAL.standardize("COC")), "isomers must differ");
    }

    @Test
    void canonicalOutputIsStableWhenFedBackIn() throws Exception {
        for (String smiles : List.of("CC(=O)Oc1ccccc1C(=O)O", "Cn1cnc2c1c(=O)n(C)c(=O)n2C", "[O-][n+]1ccccc1")) {
            String once = CANONICAL.standardize(smiles);
            assertEquals(once, CANONICAL.standardize(once), smiles);
        }
    }

    @Test
    void nonIsomericOutputDropsStereoAndIsotopes() throws Exception {
        MoleculeStandardizer flat = new MoleculeStandardizer(MoleculeOptions.asGiven().withIsomeric(false));
        assertEquals("CC(N)O", flat.standardize("C[C@H](N)O"));
        assertEquals("FC=CF", flat.standardize("F/C=C/F"));
        assertEquals("C", flat.standardize("[13CH4]"));
        assertEquals(CANONICAL.standardize("C[C@@H](N)O"), CANONICAL.standardize("C[C@H](N)O"));
    }

    @Test
    void saltStrippingKeepsTheLargestFragment() throws Exception {
        assertEquals(CANONICAL.standardize("CC(=O)[O-]"), STRIPPING.standardize("CC(=O)[O-].[Na+]"));
        assertEquals("c1ccccc1", STRIPPING.standardize("c1ccccc1.O"));
        assertEquals("c1ccccc1", STRIPPING.standardize("O.c1ccccc1"), "input order must not matter");
        assertEquals(CANONICAL.standardize("CC(C)NCC(O)COc1cccc2ccccc12"),
                STRIPPING.standardize("[Cl].CC(C)NCC(O)COc1cccc2ccccc12"), "a bbbp row: HCl written as [Cl]");
        assertEquals("O.c1ccccc1", CANONICAL.standardize("c1ccccc1.O"), "no stripping unless asked");
    }

    @Test
    void saltStrippingBreaksTiesByCanonicalSmilesWhateverTheOrder() throws Exception {
        assertEquals("[Cl-]", STRIPPING.standardize("[Na+].[Cl-]"));
        assertEquals("[Cl-]", STRIPPING.standardize("[Cl-].[Na+]"));
        // Ethanol and dimethyl ether both have 3 heavy atoms; CDK writes the ether "O(C)C", which sorts first.
        assertEquals("O(C)C", STRIPPING.standardize("COC.OCC"));
        assertEquals("O(C)C", STRIPPING.standardize("OCC.COC"));
    }

    @Test
    void saltStrippingWithoutCanonicalisationKeepsInputOrderAndStereo() throws Exception {
        MoleculeStandardizer strip = new MoleculeStandardizer(MoleculeOptions.asGiven().withSaltStripping(true));
        assertEquals("C[C@H](N)O", strip.standardize("[Na+].C[C@H](N)O"));
        assertEquals("CC(=O)[O-]", strip.standardize("CC(=O)[O-].[Na+]"));
        assertEquals("C(O)C", strip.standardize("C(O)C"), "nothing removed: returned as written");
    }

    @Test
    void unparseableSmilesAreRejectedWithCdksReason() {
        InvalidMoleculeException ring = rejected(AS_GIVEN, "C1CC");
        assertEquals("C1CC", ring.input());
        assertEquals("Unclosed ring detected, SMILES may be truncated (at character 4)", ring.reason());
        assertEquals("invalid molecule 'C1CC': Unclosed ring detected, SMILES may be truncated (at character 4)",
                ring.getMessage());
        assertEquals("Unclosed branch detected, SMILES may be truncated (at character 3)",
                rejected(AS_GIVEN, "C(C").reason());
        assertEquals("unexpected character (at character 1)", rejected(AS_GIVEN, "Xx").reason());
        assertEquals("a valid kekulé structure could not be assigned", rejected(AS_GIVEN, "c1cccc1").reason());
        assertEquals("a valid kekulé structure could not be assigned", rejected(AS_GIVEN, "n1cccc1").reason());
        assertTrue(ring.getCause() instanceof org.openscience.cdk.exception.InvalidSmilesException, "cause chained");
    }

    /** CDK's lenient mode reads these as pseudo atoms; strict parsing refuses them. */
    @Test
    void malformedBracketAtomsAndUnknownElementsAreRejected() {
        assertTrue(rejected(AS_GIVEN, "[C-H]").reason().startsWith("Invalid bracket atom"));
        assertEquals("unrecognised element symbol, SMILES may be truncated (at character 3)",
                rejected(AS_GIVEN, "[Xx]").reason());
        assertEquals("unrecognised element symbol, SMILES may be truncated (at character 2)",
                rejected(AS_GIVEN, "[R]CC").reason());
    }

    /** CDK accepts these silently (it drops the dangling bond, the empty branch, the title). */
    @Test
    void truncatedOrMangledSmilesThatCdkAcceptsAreRejected() {
        assertEquals("bond '=' at character 3 is not followed by an atom", rejected(AS_GIVEN, "CC=").reason());
        assertEquals("bond '-' at character 9 is not followed by an atom", rejected(AS_GIVEN, "c1ccccc1-").reason());
        assertEquals("bond '=' at character 4 is not followed by an atom", rejected(AS_GIVEN, "CC(=)O").reason());
        assertEquals("empty branch at character 2", rejected(AS_GIVEN, "C()C").reason());
        assertEquals("'.' at character 1 does not separate two molecules", rejected(AS_GIVEN, ".C").reason());
        assertEquals("'.' at character 2 does not separate two molecules", rejected(AS_GIVEN, "C.").reason());
        assertEquals("whitespace at character 4 (CDK would read the rest as a title)",
                rejected(AS_GIVEN, "CCO ethanol").reason());
        assertEquals("empty SMILES", rejected(AS_GIVEN, "").reason());
        assertEquals("empty SMILES", rejected(AS_GIVEN, "   ").reason());
    }

    /** Issue 12: CDK accepts these too, in strict mode; each is a bond, branch, ring bond or atom of nothing. */
    @Test
    void bondsBranchesAndRingBondsWithoutAnAtomBeforeThemAreRejected() {
        assertEquals("bond '=' at character 1 has no atom before it", rejected(AS_GIVEN, "=CC").reason());
        for (String bond : List.of("-", "#", "$", ":", "/", "\\")) {
            assertEquals("bond '" + bond + "' at character 1 has no atom before it",
                    rejected(AS_GIVEN, bond + "CC").reason());
        }
        assertEquals("branch at character 3 does not follow an atom", rejected(AS_GIVEN, "C((C))C").reason());
        assertEquals("branch at character 3 does not follow an atom", rejected(AS_GIVEN, "C((C))").reason());
        assertEquals("branch at character 3 does not follow an atom", rejected(AS_GIVEN, "C.(C)").reason());
        assertEquals("ring bond '1' at character 3 does not follow an atom", rejected(AS_GIVEN, "C(1)CC1").reason());
        assertEquals("ring bond '%12' at character 3 does not follow an atom",
                rejected(AS_GIVEN, "C(%12)CC%12").reason());
    }

    /**
     * Issue 12: CDK keeps any isotope it can read ([999999C] has mass number 999999; [2147483648C] silently none).
     * No nucleus has a mass number above 300 (the heaviest known, oganesson-294, has 294), nor one below its own
     * proton count.
     */
    @Test
    void impossibleIsotopesAreRejected() throws Exception {
        assertEquals("isotope 999999 at character 2: no nucleus is that heavy (mass numbers end near 300; the "
                + "heaviest known, oganesson-294, has 294)", rejected(AS_GIVEN, "[999999C]").reason());
        assertEquals("isotope 301 at character 3: no nucleus is that heavy (mass numbers end near 300; the heaviest "
                + "known, oganesson-294, has 294)", rejected(AS_GIVEN, "C[301CH2]O").reason());
        assertTrue(rejected(AS_GIVEN, "[2147483648C]").reason().startsWith("isotope 2147483648 at character 2"));
        assertTrue(rejected(AS_GIVEN, "[9999999999C]").reason().startsWith("isotope 9999999999 at character 2"));
        assertEquals("atom 1 (C) has mass number 2, fewer nucleons than its 6 protons",
                rejected(AS_GIVEN, "[2C]").reason());
        assertEquals("atom 2 (N) has mass number 0, fewer nucleons than its 7 protons",
                rejected(AS_GIVEN, "C[0NH2]").reason());
        for (String fine : List.of("[2H]O[2H]", "[1H]", "[3He]", "[13CH4]", "[235U]", "[294Og]", "[0013CH4]")) {
            assertEquals(fine, AS_GIVEN.standardize(fine));
        }
    }

    /** Issue 12 family: CDK sums a charge of mixed signs ([C+-] is neutral, [C--+] is -1). */
    @Test
    void chargesOfMixedSignsAreRejected() throws Exception {
        assertEquals("charge '+-' at character 3 mixes signs", rejected(AS_GIVEN, "[C+-]").reason());
        assertEquals("charge '--+' at character 4 mixes signs", rejected(AS_GIVEN, "C[C--+]").reason());
        assertEquals("charge '+-2' at character 3 mixes signs", rejected(AS_GIVEN, "[C+-2]").reason());
        for (String fine : List.of("[NH4+]", "[O-]C", "[Fe++]", "[O--]", "[N+0](C)(C)C", "[Cu+2]", "C[CH2-:7]")) {
            assertEquals(fine, AS_GIVEN.standardize(fine));
        }
    }

    @Test
    void ordinaryBranchesBondsAndRingBondsStillPass() throws Exception {
        for (String fine : List.of("C(C)(=C)C", "C=1CC=1", "C(=O)O", "CC(C)(C)C", "C1CC%12CC1CC%12", "C1.C1",
                "C(/F)=C/F", "[13C@H](F)(Cl)Br", "c1ccccc1-c1ccccc1", "C(C)1CC1")) {
            assertEquals(fine, AS_GIVEN.standardize(fine), fine);
        }
    }

    @Test
    void bracketContentsAreNotMistakenForBonds() throws Exception {
        assertEquals("[O-]C(=O)C", AS_GIVEN.standardize("[O-]C(=O)C"));
        assertEquals("C[CH2:7]O", AS_GIVEN.standardize("C[CH2:7]O"));
    }

    @Test
    void pseudoAtomsAreRejectedUnlessAllowed() throws Exception {
        assertEquals("atom 1 (*) is a pseudo atom (wildcard or R group), not allowed by the options",
                rejected(AS_GIVEN, "*CC").reason());
        assertTrue(rejected(AS_GIVEN, "CC[*:1]").reason().startsWith("atom 3 "));
        MoleculeStandardizer lenient = new MoleculeStandardizer(MoleculeOptions.canonical().withPseudoAtoms(true));
        assertEquals("*CC", lenient.standardize("CC*"));
    }

    @Test
    void absurdChargesAreRejected() throws Exception {
        assertEquals("atom 1 (Cu) has formal charge -5; charges beyond ±4 are rejected as implausible",
                rejected(AS_GIVEN, "[Cu-5]").reason());
        assertEquals("atom 2 (Fe) has formal charge +9; charges beyond ±4 are rejected as implausible",
                rejected(AS_GIVEN, "C[Fe+9]").reason());
        assertEquals("[Fe+3]", AS_GIVEN.standardize("[Fe+3]"));
        assertEquals("[O-][Cl+3]([O-])([O-])[O-]", AS_GIVEN.standardize("[O-][Cl+3]([O-])([O-])[O-]"));
    }

    @Test
    void valencesAboveTheElementsMaximumAreRejected() throws Exception {
        assertEquals("atom 4 (C) has valence 5; at most 4 is allowed for neutral C",
                rejected(AS_GIVEN, "CCCC(=O)=O").reason());
        assertEquals("atom 1 (C) has valence 5; at most 4 is allowed for neutral C", rejected(AS_GIVEN, "[CH5]").reason());
        assertEquals("atom 2 (N) has valence 5; at most 4 is allowed for N+1 (treated like C)",
                rejected(AS_GIVEN, "C[N+](C)(C)(C)C").reason());
        assertEquals("atom 2 (O) has valence 3; at most 2 is allowed for neutral O", rejected(AS_GIVEN, "CO(C)C").reason());
        assertEquals("atom 2 (F) has valence 2; at most 1 is allowed for neutral F", rejected(AS_GIVEN, "CFC").reason());
        // Accepted forms of the same elements: charge-separated and hypervalent writings, hexafluorosilicate.
        for (String fine : List.of("C[N+](C)(C)C", "C[O+](C)C", "CS(=O)(=O)C", "O=N(=O)C", "F[Si-2](F)(F)(F)(F)F",
                "[B-](F)(F)(F)F", "OP(=O)(O)O")) {
            assertEquals(fine, AS_GIVEN.standardize(fine));
        }
    }

    @Test
    void aTooLongSmilesIsRejectedBeforeParsing() {
        String huge = "C".repeat(100_000);
        long start = System.nanoTime();
        InvalidMoleculeException e = rejected(CANONICAL, huge);
        long millis = (System.nanoTime() - start) / 1_000_000;
        assertEquals("too long: 100000 characters, limit 2000", e.reason());
        assertTrue(millis < 1_000, "took " + millis + " ms");
        assertEquals(100_000, e.input().length(), "the whole input is kept");
        assertEquals(80 + "invalid molecule '".length() + "': ".length() + e.reason().length(),
                e.getMessage().length(), "quoted input cut to 80 characters");
        assertTrue(e.getMessage().startsWith("invalid molecule '" + "C".repeat(77) + "...': "));
    }

    /**
     * With the limit lifted, CDK's recursion overflows on a long chain. Whatever the stack size, the outcome must be
     * a result or an InvalidMoleculeException within seconds, never an Error.
     */
    @Test
    void aVeryLongChainWithTheLimitLiftedFailsCleanlyOrSucceeds() {
        MoleculeStandardizer unlimited = new MoleculeStandardizer(
                MoleculeOptions.asGiven().withSaltStripping(true).withIsomeric(false).withMaxLength(200_000));
        String chain = "C".repeat(30_000) + ".O";
        long start = System.nanoTime();
        try {
            String result = unlimited.standardize(chain);
            assertEquals(30_000, result.length());
        } catch (InvalidMoleculeException e) {
            assertTrue(e.reason().startsWith("too large for CDK: the stack overflowed"), e.reason());
            assertTrue(e.getCause() instanceof StackOverflowError);
        }
        long millis = (System.nanoTime() - start) / 1_000_000;
        assertTrue(millis < 10_000, "took " + millis + " ms");
    }

    @Test
    void canonicalIsomericOutputNeedsCdkInchi() {
        MoleculeOptions isomeric = MoleculeOptions.canonical().withIsomeric(true);
        if (SmilesOutput.canonicalIsomericAvailable()) {
            MoleculeStandardizer standardizer = new MoleculeStandardizer(isomeric);
            String lactate = standardized(standardizer, "C[C@H](N)O");
            assertEquals(lactate, standardized(standardizer, "N[C@@H](C)O"));
            assertTrue(!lactate.equals(standardized(standardizer, "C[C@@H](N)O")), "enantiomers must differ");
        } else {
            IllegalStateException e = assertThrows(IllegalStateException.class, () -> new MoleculeStandardizer(isomeric));
            assertTrue(e.getMessage().contains("cdk-inchi"), e.getMessage());
        }
    }

    @Test
    void optionsAreImmutableValues() {
        MoleculeOptions base = MoleculeOptions.canonical();
        MoleculeOptions stripped = base.withSaltStripping(true);
        assertTrue(!base.saltStripping() && stripped.saltStripping());
        assertEquals(stripped, MoleculeOptions.canonical().withSaltStripping(true));
        assertTrue(MoleculeOptions.asGiven().isomeric() && !MoleculeOptions.asGiven().canonicalOutput());
        assertEquals(MoleculeOptions.DEFAULT_MAX_LENGTH, base.maxLength());
        assertThrows(IllegalArgumentException.class, () -> base.withMaxLength(0));
    }

    /** Documented as thread-safe: the same standardiser from many threads gives the sequential results. */
    @Test
    void oneStandardizerServesManyThreads() throws Exception {
        List<String> inputs = List.of("CC(=O)Oc1ccccc1C(=O)O", "c1ccccc1.O", "CC(C)Cc1ccc(cc1)C(C)C(=O)O",
                "Cn1cnc2c1c(=O)n(C)c(=O)n2C", "CC(=O)[O-].[Na+]", "OCC");
        List<String> expected = new ArrayList<>();
        for (String s : inputs) {
            expected.add(STRIPPING.standardize(s));
        }
        List<String> parallel = IntStream.range(0, 600).parallel()
                .mapToObj(i -> standardized(STRIPPING, inputs.get(i % inputs.size()))).toList();
        for (int i = 0; i < parallel.size(); i++) {
            assertEquals(expected.get(i % inputs.size()), parallel.get(i));
        }
    }

    private static String standardized(MoleculeStandardizer standardizer, String smiles) {
        try {
            return standardizer.standardize(smiles);
        } catch (InvalidMoleculeException e) {
            throw new AssertionError(e);
        }
    }
}
