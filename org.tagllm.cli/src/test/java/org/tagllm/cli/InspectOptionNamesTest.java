package org.tagllm.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** inspect names its options as train does; the old names still work, unlisted. */
class InspectOptionNamesTest {

    @TempDir
    Path tmp;

    private Path csv;

    @BeforeEach
    void writeTable() throws Exception {
        csv = Files.writeString(tmp.resolve("assay.csv"), """
                smiles,logS,part
                CCO,-0.77,train
                CCN,12 mg,train
                c1ccccc1,-2.1,test
                """);
    }

    @Test
    void badRowsAndSplitColumnAsInTrain() {
        CliRun fail = CliRun.of("inspect", "--data", csv.toString(), "--input", "smiles:smiles", "--target", "logS",
                "--bad-rows", "fail");
        assertEquals(1, fail.exitCode(), fail::toString);
        assertTrue(fail.err().contains("row 2 (line 3), column 'logS', value '12 mg'"), fail.err());

        CliRun split = CliRun.of("inspect", "--data", csv.toString(), "--input", "smiles:smiles", "--target", "logS",
                "--split-column", "part");
        assertEquals(0, split.exitCode(), split::toString);
        assertTrue(split.out().contains("splits:\n  train                1\n  test                 1\n"), split.out());
    }

    @Test
    void theOldNamesStillWorkButAreNotListed() {
        CliRun fail = CliRun.of("inspect", "--data", csv.toString(), "--input", "smiles:smiles", "--target", "logS",
                "--policy", "fail");
        assertEquals(1, fail.exitCode(), fail::toString);
        CliRun split = CliRun.of("inspect", "--data", csv.toString(), "--input", "smiles:smiles", "--target", "logS",
                "--split", "part");
        assertEquals(0, split.exitCode(), split::toString);
        assertTrue(split.out().contains("splits:\n  train                1\n"), split.out());

        String help = CliRun.of("inspect", "--help").out();
        assertTrue(help.contains("--bad-rows") && help.contains("--split-column"), help);
        assertFalse(help.contains("--policy") || help.contains("--split=") || help.contains("--ambiguous-residues"),
                help);
    }

    @Test
    void proteinIupacKindAcceptsAnUnknownResidue() throws Exception {
        Path fasta = Files.writeString(tmp.resolve("kinases.csv"), "sequence\nMKTAYIAKQR\nMKXAYIAKQR\n");
        CliRun standard = CliRun.of("inspect", "--data", fasta.toString(), "--input", "sequence:protein");
        assertEquals(0, standard.exitCode(), standard::toString);
        assertTrue(standard.out().contains("2 rows read: 1 used, 1 skipped"), standard.out());

        CliRun iupac = CliRun.of("inspect", "--data", fasta.toString(), "--input", "sequence:protein_iupac");
        assertEquals(0, iupac.exitCode(), iupac::toString);
        assertTrue(iupac.out().contains("2 rows read: 2 used, 0 skipped"), iupac.out());

        // The old switch, kept unlisted for scripts, means the same.
        CliRun old = CliRun.of("inspect", "--data", fasta.toString(), "--input", "sequence:protein",
                "--ambiguous-residues");
        assertEquals(0, old.exitCode(), old::toString);
        assertTrue(old.out().contains("2 rows read: 2 used, 0 skipped"), old.out());
    }
}
