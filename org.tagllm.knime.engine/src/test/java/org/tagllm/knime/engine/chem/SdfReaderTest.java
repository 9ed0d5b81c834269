package org.tagllm.knime.engine.chem;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.tagllm.knime.engine.data.read.SdFiles.lines;

import java.io.StringReader;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openscience.cdk.interfaces.IAtomContainer;
import org.openscience.cdk.io.MDLV3000Writer;
import org.openscience.cdk.io.iterator.IteratingSDFReader;
import org.openscience.cdk.silent.SilentChemObjectBuilder;
import org.openscience.cdk.smiles.SmilesParser;
import org.tagllm.knime.engine.data.read.SdFiles;

class SdfReaderTest {

    private static final String ETHANOL = SdFiles.ETHANOL_MOLFILE + """
            >  <ID>
            M1

            > <NOTE> (1)
            two
            lines

            $$$$
            """;

    /** The atom count is not a number: the atom block cannot be placed. */
    private static final String BROKEN_COUNTS = """
            broken
              handmade

              x  1  0  0  0  0  0  0  0  0999 V2000
                0.0000    0.0000    0.0000 C   0  0  0  0  0  0  0  0  0  0  0  0
                1.2990    0.7500    0.0000 N   0  0  0  0  0  0  0  0  0  0  0  0
              1  2  1  0  0  0  0
            M  END
            > <ID>
            M2

            $$$$
            """;

    private static final String ACETIC_ACID = SdFiles.ACETIC_ACID_MOLFILE + """
            > <ID>
            M3

            $$$$
            """;

    private static List<SdfRecord> readAll(String sdf) throws Exception {
        List<SdfRecord> records = new ArrayList<>();
        try (SdfReader reader = new SdfReader(new StringReader(sdf))) {
            reader.forEachRemaining(records::add);
        }
        return records;
    }

    @Test
    void aBrokenRecordInTheMiddleIsReportedAndTheNextSurvives() throws Exception {
        List<SdfRecord> records = readAll(ETHANOL + BROKEN_COUNTS + ACETIC_ACID);
        assertEquals(3, records.size());

        SdfRecord first = records.get(0);
        assertEquals(1, first.index());
        assertEquals(1, first.firstLine());
        assertEquals("CCO", first.smiles());
        assertNull(first.error());
        assertEquals(Map.of(SdfRecord.NAME, "ethanol", "ID", "M1", "NOTE", "two\nlines"), first.properties());

        SdfRecord broken = records.get(1);
        assertEquals(2, broken.index());
        assertEquals(lines(ETHANOL) + 1, broken.firstLine());
        assertNull(broken.smiles());
        assertFalse(broken.isValid());
        assertTrue(broken.error().startsWith("bad counts line '  x  1  0") && broken.error().contains("at line "
                + (broken.firstLine() + 3)), broken.error());
        assertEquals(Map.of(SdfRecord.NAME, "broken", "ID", "M2"), broken.properties(), "the ID survives");

        SdfRecord third = records.get(2);
        assertEquals(3, third.index());
        assertEquals(lines(ETHANOL) + lines(BROKEN_COUNTS) + 1, third.firstLine());
        assertEquals("CC(=O)O", third.smiles());
        assertEquals("M3", third.properties().get("ID"));
    }

    /** Why this reader exists: CDK's own iterator, skipping errors, loses record 2 and with it the numbering. */
    @Test
    void cdksIteratingReaderSilentlyDropsTheBrokenRecord() throws Exception {
        List<Object> ids = new ArrayList<>();
        try (IteratingSDFReader cdk = new IteratingSDFReader(new StringReader(ETHANOL + BROKEN_COUNTS + ACETIC_ACID),
                SilentChemObjectBuilder.getInstance(), true)) {
            cdk.forEachRemaining(m -> ids.add(m.getProperty("ID")));
        }
        assertEquals(List.of("M1", "M3"), ids);
    }

    @Test
    void unknownElementsAreErrorsNotPseudoAtoms() throws Exception {
        List<SdfRecord> records = readAll(ETHANOL.replace(" O   0", " Xx  0") + ACETIC_ACID);
        assertEquals("CDK could not read the molfile: invalid symbol: Xx (CDK counts lines from the record's first "
                + "line, line 1 of the file)", records.get(0).error());
        assertEquals("CC(=O)O", records.get(1).smiles());
    }

    @Test
    void aRecordWithoutMEndIsBrokenButKeepsItsData() throws Exception {
        List<SdfRecord> records = readAll(ETHANOL.replace("M  END\n", "") + ACETIC_ACID);
        assertEquals("no 'M  END' line; the molfile is incomplete", records.get(0).error());
        assertEquals("M1", records.get(0).properties().get("ID"));
        assertEquals(2, records.get(1).index());
        assertEquals("CC(=O)O", records.get(1).smiles());
    }

    @Test
    void theLastRecordNeedsNoDelimiterAndTrailingBlankLinesAreNoRecord() throws Exception {
        String withoutFinalDelimiter = ETHANOL + ACETIC_ACID.replace("$$$$\n", "");
        assertEquals(List.of("CCO", "CC(=O)O"), readAll(withoutFinalDelimiter).stream().map(SdfRecord::smiles).toList());
        assertEquals(2, readAll(ETHANOL + ACETIC_ACID + "\n\n").size());
        assertEquals(List.of(), readAll(""));
    }

    @Test
    void anEmptyRecordBetweenDelimitersCounts() throws Exception {
        List<SdfRecord> records = readAll(ETHANOL + "$$$$\n" + ACETIC_ACID);
        assertEquals("empty record", records.get(1).error());
        assertEquals(3, records.get(2).index());
    }

    @Test
    void aRecordRunningPastTheLineLimitIsBrokenAndSkippedToTheNextDelimiter() throws Exception {
        String runaway = "junk\n".repeat(SdfReader.MAX_RECORD_LINES + 10) + "$$$$\n";
        List<SdfRecord> records = readAll(runaway + ACETIC_ACID);
        assertEquals("longer than 100000 lines; is a '$$$$' delimiter missing?", records.get(0).error());
        assertEquals(2, records.get(1).index());
        assertEquals(SdfReader.MAX_RECORD_LINES + 12, records.get(1).firstLine());
        assertEquals("CC(=O)O", records.get(1).smiles());
    }

    @Test
    void v3000RecordsAreRead(@TempDir Path dir) throws Exception {
        IAtomContainer molecule = new SmilesParser(SilentChemObjectBuilder.getInstance()).parseSmiles("OC(=O)c1ccccc1");
        molecule.setTitle("benzoic acid");
        StringWriter v3000 = new StringWriter();
        try (MDLV3000Writer writer = new MDLV3000Writer(v3000)) {
            writer.write(molecule);
        }
        Path file = dir.resolve("mixed.sdf");
        Files.writeString(file, ETHANOL + v3000 + "> <ID>\nV3\n\n$$$$\n", StandardCharsets.UTF_8);
        List<SdfRecord> records = new ArrayList<>();
        try (SdfReader reader = SdfReader.open(file)) {
            reader.forEachRemaining(records::add);
            assertThrows(NoSuchElementException.class, reader::next);
        }
        assertEquals(2, records.size());
        assertEquals("OC(=O)C1=CC=CC=C1", records.get(1).smiles());
        assertEquals(Map.of(SdfRecord.NAME, "benzoic acid", "ID", "V3"), records.get(1).properties());
    }

    @Test
    void explicitHydrogensAreFoldedIntoTheSmiles() throws Exception {
        String methanolWithHydrogen = """
                methanol
                  handmade

                  3  2  0  0  0  0  0  0  0  0999 V2000
                    0.0000    0.0000    0.0000 C   0  0  0  0  0  0  0  0  0  0  0  0
                    1.2990    0.7500    0.0000 O   0  0  0  0  0  0  0  0  0  0  0  0
                    2.5981    0.0000    0.0000 H   0  0  0  0  0  0  0  0  0  0  0  0
                  1  2  1  0  0  0  0
                  2  3  1  0  0  0  0
                M  END
                $$$$
                """;
        assertEquals("CO", readAll(methanolWithHydrogen).get(0).smiles());
    }

    /** Issue 12: a record missing its {@code $$$$} swallowed the next one silently (its data items overwrote). */
    @Test
    void aRecordMissingItsDelimiterIsBrokenAndTheNextIsStillRead() throws Exception {
        String undelimited = ETHANOL.replace("$$$$\n", "");
        List<SdfRecord> records = readAll(undelimited + ACETIC_ACID + ETHANOL);
        assertEquals(3, records.size(), "the swallowed record is back");

        SdfRecord first = records.get(0);
        assertEquals(1, first.firstLine());
        assertEquals("no '$$$$' line after this record: another record starts at line " + (lines(undelimited) + 1),
                first.error());
        assertEquals(Map.of(SdfRecord.NAME, "ethanol", "ID", "M1", "NOTE", "two\nlines"), first.properties(),
                "its own data items, not the next record's");

        SdfRecord acid = records.get(1);
        assertEquals(2, acid.index());
        assertEquals(lines(undelimited) + 1, acid.firstLine());
        assertEquals("CC(=O)O", acid.smiles());
        assertEquals(Map.of(SdfRecord.NAME, "acetic acid", "ID", "M3"), acid.properties());
        assertEquals("CCO", records.get(2).smiles());
        assertEquals(3, records.get(2).index());
    }

    @Test
    void aRecordMissingBothMEndAndItsDelimiterIsBrokenAndTheNextIsStillRead() throws Exception {
        String truncated = String.join("\n", ETHANOL.lines().limit(6).toList()) + "\n"; // header, counts, 2 atoms
        List<SdfRecord> records = readAll(truncated + ACETIC_ACID);
        assertEquals(2, records.size());
        assertEquals("no '$$$$' line after this record: another record starts at line 7", records.get(0).error());
        assertEquals(7, records.get(1).firstLine());
        assertEquals("CC(=O)O", records.get(1).smiles());
    }

    /** When the next record's counts line is garbage too, the two cannot be told apart: one broken record, said so. */
    @Test
    void aSecondMEndInOneRecordIsBroken() throws Exception {
        String undelimited = ETHANOL.replace("$$$$\n", "");
        String garbled = ACETIC_ACID.replace("  4  3  0  0  0  0  0  0  0  0999 V2000", "garbage");
        List<SdfRecord> records = readAll(undelimited + garbled + ETHANOL);
        assertEquals(2, records.size());
        long secondEnd = lines(undelimited) + 12;
        assertEquals("a second 'M  END' at line " + secondEnd + ": is a '$$$$' line missing before the record it "
                + "ends?", records.get(0).error());
        assertEquals("CCO", records.get(1).smiles());
    }

    /** Issue 12: garbage counts lines were read as no atoms (an empty SMILES) or as no bonds (C.C.O for ethanol). */
    @Test
    void aGarbageCountsLineIsBrokenNamingTheLine() throws Exception {
        for (String counts : List.of("garbage", "  3abc  0  0  0  0  0  0  0  0999 V2000",
                "     2  0  0  0  0  0  0  0  0999 V2000", "  3  2  0  0  0  0  0  0  0  0999 V2001", "  3  2")) {
            List<SdfRecord> records = readAll(ETHANOL.replace("  3  2  0  0  0  0  0  0  0  0999 V2000", counts)
                    + ACETIC_ACID);
            assertEquals("bad counts line '" + counts + "' at line 4: the atom and bond counts belong in columns 1-3 "
                    + "and 4-6, and 'V2000' or 'V3000' at the end", records.get(0).error());
            assertEquals("CC(=O)O", records.get(1).smiles(), "the next record survives");
        }
    }

    @Test
    void aMolfileWithoutAtomsIsBrokenNotAnEmptyMolecule() throws Exception {
        String none = """
                nothing
                  handmade

                  0  0  0  0  0  0  0  0  0  0999 V2000
                M  END
                $$$$
                """;
        List<SdfRecord> records = readAll(none + ACETIC_ACID);
        assertEquals("no atoms: the counts line at line 4 says 0", records.get(0).error());
        assertEquals("CC(=O)O", records.get(1).smiles());
    }

    @Test
    void aRecordEitherHasSmilesOrAnError() {
        assertThrows(IllegalArgumentException.class, () -> new SdfRecord(1, 1, "C", Map.of(), "broken"));
        assertThrows(IllegalArgumentException.class, () -> new SdfRecord(1, 1, null, Map.of(), null));
        assertThrows(IllegalArgumentException.class, () -> new SdfRecord(0, 1, "C", Map.of(), null));
    }
}
