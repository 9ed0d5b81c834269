package org.tagllm.knime.engine.chem;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

/** Expected scaffolds are written by hand (RDKit's conventions) and compared in CDK's canonical form. */
class ScaffoldsTest {

    private static final MoleculeStandardizer CANONICAL = new MoleculeStandardizer(MoleculeOptions.canonical());

    private static void assertScaffold(String expected, String molecule) throws InvalidMoleculeException {
        assertEquals(CANONICAL.standardize(expected), Scaffolds.murcko(molecule), molecule);
    }

    @Test
    void ibuprofenHasTheBenzeneScaffold() throws Exception {
        assertEquals("c1ccccc1", Scaffolds.murcko("CC(C)Cc1ccc(cc1)C(C)C(=O)O"));
        assertEquals("c1ccccc1", Scaffolds.murcko("OC(=O)C(C)c1ccc(CC(C)C)cc1"), "another writing");
    }

    @Test
    void acyclicMoleculesHaveTheEmptyScaffold() throws Exception {
        assertEquals("", Scaffolds.murcko("CCO"));
        assertEquals("", Scaffolds.murcko("CC(=O)OCC(N)C(=O)O"));
        assertEquals("", Scaffolds.murcko("[Na+].[Cl-]"));
    }

    @Test
    void linkersBetweenRingsAreKept() throws Exception {
        assertScaffold("c1ccc(Cc2ccccc2)cc1", "Cc1ccc(Cc2ccccc2)cc1");
        assertScaffold("c1ccc(OCCOc2ccccc2)cc1", "Clc1ccc(OCC(C)Oc2ccccc2F)cc1");
        assertScaffold("c1ccc(-c2ccccc2)cc1", "Cc1ccccc1-c1ccc(O)cc1");
    }

    @Test
    void fusedRingSystemsStayWhole() throws Exception {
        assertScaffold("c1ccc2ccccc2c1", "NCCc1cccc2ccccc12");
        assertScaffold("c1ccc2[nH]ccc2c1", "CN(C)CCc1c[nH]c2ccc(O)cc12"); // bufotenine → indole
    }

    /** RDKit (and so chemprop) keeps atoms double-bonded to ring or linker atoms. */
    @Test
    void exocyclicDoubleBondsStay() throws Exception {
        assertScaffold("O=C1CCCCC1", "CC1CCCCC1=O");
        assertScaffold("O=C(Nc1ccccc1)c1ccccc1", "Cc1ccc(cc1)C(=O)Nc1ccccc1Cl");
        assertScaffold("C=C1CC1", "CC=C1CC1");
        // Caffeine: the N-methyls go, their nitrogens get hydrogens, the ring carbonyls stay.
        assertScaffold("O=c1[nH]c(=O)c2[nH]cnc2[nH]1", "Cn1cnc2c1c(=O)n(C)c(=O)n2C");
    }

    @Test
    void triplyBondedAndSinglyBondedSubstituentsGo() throws Exception {
        assertEquals("c1ccccc1", Scaffolds.murcko("N#Cc1ccccc1"));
        assertScaffold("c1cc[nH+]cc1", "[O-][n+]1ccccc1C"); // N-oxide oxygen removed, as RDKit does
    }

    @Test
    void stereoIsotopesAndCounterIonsAreDropped() throws Exception {
        assertEquals("C1CCCCC1", Scaffolds.murcko("C[C@H]1CC[C@@H](C)CC1"));
        assertEquals("c1ccccc1", Scaffolds.murcko("[13CH3]c1ccccc1"));
        assertEquals("c1ccccc1", Scaffolds.murcko("OC(=O)Cc1ccccc1.[Na+]"));
        assertScaffold("C1CC1.c1ccccc1", "Cc1ccccc1.CC1CC1"); // every ring-bearing fragment is kept
    }

    @Test
    void invalidInputIsReportedNotGuessed() {
        InvalidMoleculeException e = assertThrows(InvalidMoleculeException.class, () -> Scaffolds.murcko("c1cccc1"));
        assertEquals("a valid kekulé structure could not be assigned", e.reason());
        assertThrows(InvalidMoleculeException.class, () -> Scaffolds.murcko("c1ccccc1*"));
    }
}
