package org.tagllm.knime.engine.demo;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tagllm.knime.engine.chem.MoleculeOptions;
import org.tagllm.knime.engine.chem.MoleculeStandardizer;

/** The quickstart's molecules and files: deterministic, valid for CDK, split and laid out as documented. */
class DemoDataTest {

    @TempDir
    Path tmp;

    @Test
    void theSameSeedWritesTheSameBytesAnotherSeedOtherMolecules() throws Exception {
        DemoData.write(tmp.resolve("a"), 200, 300, 5);
        DemoData.write(tmp.resolve("b"), 200, 300, 5);
        DemoData.write(tmp.resolve("c"), 200, 300, 6);
        for (String file : List.of(DemoData.LABELLED, DemoData.CORPUS, DemoData.TEST)) {
            assertArrayEquals(Files.readAllBytes(tmp.resolve("a").resolve(file)),
                    Files.readAllBytes(tmp.resolve("b").resolve(file)), file);
            assertFalse(Files.readString(tmp.resolve("a").resolve(file))
                    .equals(Files.readString(tmp.resolve("c").resolve(file))), file + " should change with the seed");
        }
    }

    @Test
    void everyMoleculeIsCanonicalForCdkAndDistinct() throws Exception {
        List<DemoMolecules.Molecule> molecules = DemoMolecules.generate(1500, 0);
        MoleculeStandardizer strict = new MoleculeStandardizer(MoleculeOptions.canonical());
        Set<String> seen = new HashSet<>();
        for (DemoMolecules.Molecule m : molecules) {
            // Strict CDK parsing, and the canonical form is the text itself (a second pass changes nothing).
            assertEquals(m.smiles(), strict.standardize(m.smiles()), m.smiles());
            assertTrue(seen.add(m.smiles()), "duplicate " + m.smiles());
            assertTrue(m.heavyAtoms() >= 5 && m.heavyAtoms() <= 40, m.toString());
            assertTrue(m.heteroatomShare() >= 0 && m.heteroatomShare() <= 1, m.toString());
        }
        assertEquals(molecules, DemoMolecules.generate(1500, 0), "the same seed, the same molecules in order");
    }

    @Test
    void propertiesAreCdksForKnownMolecules() {
        DemoMolecules.Molecule phenol = DemoMolecules.properties("Oc1ccccc1");
        assertEquals(7, phenol.heavyAtoms());
        assertEquals(1.0 / 7, phenol.heteroatomShare(), 1e-12);
        assertEquals(94.11, phenol.molecularWeight(), 0.01); // C6H6O
        DemoMolecules.Molecule sulfonamide = DemoMolecules.properties("NS(=O)(=O)c1ccccc1");
        assertEquals(10, sulfonamide.heavyAtoms());
        assertEquals(0.4, sulfonamide.heteroatomShare(), 1e-12);
        assertEquals(157.19, sulfonamide.molecularWeight(), 0.01); // C6H7NO2S
        assertThrows(IllegalArgumentException.class, () -> DemoMolecules.properties("C1CC"));
    }

    @Test
    void theFilesHoldTheSplitTheTestRowsAndADisjointCorpus() throws Exception {
        DemoData.Files files = DemoData.write(tmp, 100, 150, 2);
        List<String> table = Files.readAllLines(files.labelled());
        assertEquals("smiles,heteroatom_share,heavy_atoms,mol_weight,split", table.get(0));
        assertEquals(101, table.size());
        long train = table.stream().filter(l -> l.endsWith(",train")).count();
        long valid = table.stream().filter(l -> l.endsWith(",valid")).count();
        List<String> testRows = table.stream().filter(l -> l.endsWith(",test"))
                .map(l -> l.substring(0, l.lastIndexOf(','))).toList();
        assertEquals(List.of(80L, 10L, 10), List.of(train, valid, testRows.size()));

        List<String> test = Files.readAllLines(files.test());
        assertEquals("smiles,heteroatom_share,heavy_atoms,mol_weight", test.get(0));
        assertEquals(testRows, test.subList(1, test.size()), "test.csv is the test rows of molecules.csv, in order");

        List<String> corpus = Files.readAllLines(files.corpus());
        assertEquals(150, corpus.size());
        Set<String> labelled = new HashSet<>(table.stream().skip(1).map(l -> l.substring(0, l.indexOf(','))).toList());
        assertTrue(corpus.stream().noneMatch(labelled::contains), "no corpus molecule is labelled");
        assertEquals(files.part(org.tagllm.knime.engine.split.Partition.TEST).size(), 10);
        // A value as written in the table is the value the figures use.
        DemoData.Property share = DemoData.Property.ofColumn("heteroatom_share");
        String first = table.get(1);
        assertEquals(Double.parseDouble(first.split(",")[1]), share.of(files.molecules().get(0)), 0);
        assertThrows(IllegalArgumentException.class, () -> DemoData.Property.ofColumn("logp"));
    }
}
