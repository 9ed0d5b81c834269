package org.tagllm.knime.engine.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tagllm.knime.engine.data.normalize.SmilesNormalizer;
import org.tagllm.knime.engine.data.read.SdFiles;

/**
 * The acceptance for broken input, end to end through {@link DatasetLoader} with its default checks: each
 * fault costs its own row with a message naming row, line, column, value and reason, and the other rows survive.
 */
class BrokenInputsAcceptanceTest {

    private static final ColumnMapping SOLUBILITY = ColumnMapping.builder().input("smiles", ColumnKind.SMILES)
            .numericTarget("logS").build();

    @TempDir
    Path tmp;

    private static Dataset load(Path file, ColumnMapping mapping) throws IOException {
        return DatasetLoader.builder().badRows(BadRowPolicy.SKIP).build().load(TableSpec.of(file, mapping));
    }

    private static String failure(Path file, ColumnMapping mapping) {
        return assertThrows(BadRowException.class, () -> DatasetLoader.builder().badRows(BadRowPolicy.FAIL).build()
                .load(TableSpec.of(file, mapping))).getMessage();
    }

    @Test
    void aMalformedCsvCostsOnlyItsBrokenRecords() throws IOException {
        Path file = Files.writeString(tmp.resolve("malformed.csv"), """
                smiles,logS
                CCO,-0.77
                CC(C)O,1,5
                c1ccccc1,"-2"x
                C1CC,-1.0
                CCN,-0.5
                """);
        Dataset d = load(file, SOLUBILITY);
        assertEquals(List.of(1L, 5L), d.examples().stream().map(Example::row).toList());
        assertEquals(List.of("wrong number of fields", "bad quoting", SmilesNormalizer.INVALID),
                d.report().reasons().stream().map(DataReport.ReasonGroup::reason).toList());
        assertEquals(file + " row 2 (line 3), value 'CC(C)O,1,5': wrong number of fields (3 fields where the header "
                + "has 2; quote values that contain ',')", failure(file, SOLUBILITY));
        Problem ring = d.report().reasons().get(2).examples().get(0);
        assertEquals("row 4 (line 5), column 'smiles', value 'C1CC': invalid SMILES (Unclosed ring detected, SMILES "
                + "may be truncated (at character 4))", ring.describe());
    }

    @Test
    void anSdFileWithABrokenRecordInTheMiddleKeepsTheRecordsAroundIt() throws IOException {
        Path file = Files.writeString(tmp.resolve("mols.sdf"), SdFiles.ETHANOL + SdFiles.BROKEN_BOND
                + SdFiles.ACETIC_ACID);
        Dataset d = load(file, SOLUBILITY);
        assertEquals(List.of("CCO", "CC(=O)O"), d.examples().stream().map(e -> e.inputs().get("smiles")).toList());
        String message = failure(file, SOLUBILITY);
        long line = SdFiles.lines(SdFiles.ETHANOL) + 1;
        assertTrue(message.startsWith(file + " row 2 (line " + line + "), value 'broken': unreadable SD record (CDK "
                + "could not read the molfile: "), message);
        assertTrue(message.endsWith("line " + line + " of the file))"), message);
    }

    @Test
    void aFastaRecordWithADigitIsRefusedNamingThePosition() throws IOException {
        Path file = Files.writeString(tmp.resolve("chains.fasta"), """
                >good1 first chain
                MKTAYIAKQR
                >typo a digit in the second line
                MKTAYIAKQR
                QISF1VKSHF
                >good2
                MKV
                """);
        ColumnMapping sequences = ColumnMapping.builder().input("sequence", ColumnKind.PROTEIN).build();
        Dataset d = load(file, sequences);
        assertEquals(List.of("MKTAYIAKQR", "MKV"), d.examples().stream().map(e -> e.inputs().get("sequence"))
                .toList());
        assertEquals(file + " row 2 (line 3), column 'sequence', value 'MKTAYIAKQRQISF1VKSHF': invalid protein "
                + "sequence ('1' at position 15 is not one of ACDEFGHIKLMNPQRSTVWY)", failure(file, sequences));
    }

    @Test
    void aHundredThousandCharacterSmilesCostsItsRowAndAShortMessage() throws IOException {
        String huge = "C".repeat(100_000);
        Path file = Files.writeString(tmp.resolve("huge.csv"), "smiles,logS\nCCO,-0.77\n" + huge + ",1.0\nCCN,-0.5\n");
        long start = System.nanoTime();
        Dataset d = load(file, SOLUBILITY);
        long millis = (System.nanoTime() - start) / 1_000_000;
        assertEquals(List.of(1L, 3L), d.examples().stream().map(Example::row).toList());
        assertTrue(millis < 5_000, "took " + millis + " ms");
        String message = failure(file, SOLUBILITY);
        assertEquals(file + " row 2 (line 3), column 'smiles', value '" + "C".repeat(59) + "… (100000 characters)': "
                + "invalid SMILES (too long: 100000 characters, limit 2000)", message);
    }
}
