package org.tagllm.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code tagllm inspect} with the chemistry and protein options and {@code --split-by}. */
class InspectSplitAndChemistryTest {

    @TempDir
    Path tmp;

    private Path pairs() throws Exception {
        StringBuilder csv = new StringBuilder("drug,smiles,target,sequence,y,fold\n");
        String[] smiles = {"c1ccccc1C", "C1CCCCC1O", "c1ccncc1", "CCO"};
        String[] folds = {"train0", "train4", "test"};
        for (int d = 0; d < 4; d++) {
            for (int t = 0; t < 3; t++) {
                csv.append("D").append(d).append(',').append(smiles[d]).append(",T").append(t).append(",MKT")
                        .append("AYW".charAt(t)).append(',').append(d + t).append(',').append(folds[(d + t) % 3])
                        .append('\n');
            }
        }
        return Files.writeString(tmp.resolve("pairs.csv"), csv);
    }

    @Test
    void coldSplitByAColumnShowsRowsAndGroupsPerPartitionAndWhatIsShared() throws Exception {
        Path json = tmp.resolve("split.json");
        CliRun run = CliRun.of("inspect", "--data", pairs().toString(), "--input", "smiles:smiles", "--input",
                "sequence:protein", "--target", "y", "--group", "target", "--split-by", "group:drug",
                "--split-fractions", "0.5,0.25,0.25", "--seed", "3", "--json", json.toString());
        assertEquals(0, run.exitCode(), run::toString);
        String out = run.out();
        assertTrue(out.contains("split: cold by 'drug', fractions 0.5 / 0.25 / 0.25, seed 3\n"
                + "  train                6 rows (50.0%), 2 groups\n"
                + "  valid                3 rows (25.0%), 1 groups\n"
                + "  test                 3 rows (25.0%), 1 groups\n"
                + "  shared               0 groups in more than one partition\n"
                + "  'target'             3 of 3 values in more than one partition\n"
                + "  'drug'               0 of 4 values in more than one partition\n"
                + "  not split            0 rows\n"), out);
        JsonNode root = new ObjectMapper().readTree(json.toFile());
        assertEquals(12, root.at("/report/rows_used").asInt());
        assertEquals(6, root.at("/split/partitions/train/rows").asInt());
        assertEquals(0, root.at("/split/shared_groups").asInt());
        assertEquals(3, root.at("/split/shared_by_column/target").asInt());
    }

    @Test
    void theSameSeedGivesTheSameSplit() throws Exception {
        String[] args = {"inspect", "--data", pairs().toString(), "--input", "smiles:smiles", "--split-by",
            "scaffold:smiles", "--split-fractions", "0.5,0.25,0.25", "--seed", "11"};
        CliRun first = CliRun.of(args);
        assertEquals(0, first.exitCode(), first::toString);
        assertTrue(first.out().contains("scaffolds in more than one partition"), first.out());
        assertTrue(first.out().contains("  shared               0 scaffolds"), first.out());
        assertEquals(first.out(), CliRun.of(args).out());
    }

    @Test
    void givenFoldsUseTheDefaultMapping() throws Exception {
        CliRun run = CliRun.of("inspect", "--data", pairs().toString(), "--input", "smiles:smiles", "--group", "drug",
                "--split-by", "column:fold");
        assertEquals(0, run.exitCode(), run::toString);
        assertTrue(run.out().contains("split: given by column 'fold'\n  train                4 rows (33.3%)\n"
                + "  valid                4 rows (33.3%)\n  test                 4 rows (33.3%)\n"
                + "  'drug'               4 of 4 values in more than one partition\n"), run.out());
        assertTrue(run.out().contains("splits:\n  train0               4\n"), "the raw values are counted too");
    }

    @Test
    void splitOptionsThatMakeNoSenseAreOneLineErrors() throws Exception {
        Path data = pairs();
        CliRun method = CliRun.of("inspect", "--data", data.toString(), "--input", "smiles", "--split-by", "folds");
        assertEquals(1, method.exitCode(), method::toString);
        assertEquals("tagllm inspect: unknown split 'folds'; splits are random, scaffold:COLUMN, "
                    + "scaffold-exchangeable:COLUMN, group:COLUMN and "
                + "column:COLUMN", method.err().strip());

        CliRun fractions = CliRun.of("inspect", "--data", data.toString(), "--input", "smiles", "--split-by",
                "random", "--split-fractions", "0.8,0.3");
        assertEquals(1, fractions.exitCode(), fractions::toString);
        assertTrue(fractions.err().startsWith("tagllm inspect: --split-fractions needs three numbers"),
                fractions.err());

        CliRun scaffold = CliRun.of("inspect", "--data", data.toString(), "--input", "smiles:smiles", "--split-by",
                "scaffold:drug");
        assertEquals(1, scaffold.exitCode(), scaffold::toString);
        assertTrue(scaffold.err().contains("a scaffold split needs the molecules of an input column, and 'drug' is "
                + "not one"), scaffold.err());
        assertEquals(1, scaffold.err().strip().lines().count(), scaffold::toString);
    }

    @Test
    void chemistryAndProteinOptionsChangeWhatIsAcceptedAndHowItIsWritten() throws Exception {
        Path file = Files.writeString(tmp.resolve("salts.csv"), """
                smiles,sequence
                CC(=O)[O-].[Na+],MKTX
                OC(C)=O,MKT
                CC(O)=O,MKT
                C[N](C)(C)C,MKT
                """);
        CliRun strict = CliRun.of("inspect", "--data", file.toString(), "--input", "smiles:smiles", "--input",
                "sequence:protein");
        assertEquals(0, strict.exitCode(), strict::toString);
        assertTrue(strict.out().contains("4 rows read: 2 used, 2 skipped"), strict.out());
        assertTrue(strict.out().contains("'MKTX': invalid protein sequence ('X' at position 4 is not one of "
                + "ACDEFGHIKLMNPQRSTVWY (an IUPAC ambiguity code: read the column as kind protein_iupac"), strict.out());
        assertTrue(strict.out().contains("value 'C[N](C)(C)C': invalid SMILES (atom 2 (N) has valence 4; a neutral "
                + "N allows 3"), strict.out());
        assertTrue(strict.out().contains("duplicate inputs: 0"), "two writings of acetic acid: " + strict.out());

        CliRun wide = CliRun.of("inspect", "--data", file.toString(), "--input", "smiles:smiles", "--input",
                "sequence:protein", "--ambiguous-residues", "--canonical", "--strip-salts");
        assertEquals(0, wide.exitCode(), wide::toString);
        assertTrue(wide.out().contains("4 rows read: 3 used, 1 skipped"), wide.out());
        assertTrue(wide.out().contains("duplicate inputs: 1"), "one canonical acetic acid: " + wide.out());
        assertTrue(wide.out().contains("  smiles               7 / 7 / 10 / 10\n"),
                "CC(=O)O twice, acetate CC(=O)[O-] without its sodium: " + wide.out());
        assertFalse(wide.out().contains("'MKTX'"), wide.out());
    }

    @Test
    void sdFilesAreInspectedWithTheMoleculeInSmiles() throws Exception {
        Path sdf = Files.writeString(tmp.resolve("one.sdf"), """
                water
                  handmade

                  1  0  0  0  0  0  0  0  0  0999 V2000
                    0.0000    0.0000    0.0000 O   0  0  0  0  0  0  0  0  0  0  0  0
                M  END
                > <logS>
                1.5

                $$$$
                """);
        CliRun run = CliRun.of("inspect", "--data", sdf.toString(), "--input", "smiles:smiles", "--target", "logS");
        assertEquals(0, run.exitCode(), run::toString);
        assertTrue(run.out().startsWith(sdf + ": 1 row read: 1 used"), run.out());
        assertTrue(run.out().contains("  logS                 n 1  mean 1.5"), run.out());
    }
}
