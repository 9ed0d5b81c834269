package org.tagllm.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class InspectCommandTest {

    @TempDir
    Path tmp;

    private Path csv;

    @BeforeEach
    void writeTable() throws Exception {
        csv = Files.writeString(tmp.resolve("assay.csv"), """
                smiles,logS,split
                CCO,-0.77,train
                CCN,12 mg,train
                c1ccccc1,-2.1,test
                CCO,-0.5,test
                ,1.0,train
                """);
    }

    @Test
    void printsCountsReasonsLengthsAndTargets() throws Exception {
        Path json = tmp.resolve("summary.json");
        CliRun run = CliRun.of("inspect", "--data", csv.toString(), "--input", "smiles:SMILES", "--target", "logS",
                "--split", "split", "--json", json.toString());
        assertEquals(0, run.exitCode(), run::toString);
        String out = run.out();
        assertTrue(out.startsWith(csv + ": 5 rows read: 3 used, 2 skipped, 0 kept with a problem\n"), out);
        assertTrue(out.contains("  not a number: 1\n    row 2 (line 3), column 'logS', value '12 mg': not a number"),
                out);
        assertTrue(out.contains("  empty value: 1\n    row 5 (line 6), column 'smiles', value '': empty value"), out);
        assertTrue(out.contains("duplicate inputs: 1 (rows whose inputs repeat an earlier row's)\n"
                + "conflicting inputs: 1 (inputs seen with different targets or labels)\n"), out);
        assertTrue(out.contains("  smiles               3 / 3 / 8 / 8\n"), out);
        assertTrue(out.contains("  logS                 n 3  mean -1.123"), out);
        assertTrue(out.contains("splits:\n  train                1\n  test                 2\n"), out);

        JsonNode summary = new ObjectMapper().readTree(json.toFile());
        assertEquals(5, summary.at("/report/rows_read").asLong());
        assertEquals(1, summary.at("/report/problems/0/count").asLong());
        assertEquals(-2.1, summary.at("/targets/logS/min").asDouble());
    }

    @Test
    void failPolicyStopsWithOneLineNamingTheRow() {
        CliRun run = CliRun.of("inspect", "--data", csv.toString(), "--input", "smiles", "--target", "logS",
                "--policy", "fail");
        assertEquals(1, run.exitCode(), run::toString);
        assertOneLine(run);
        assertEquals("tagllm inspect: " + csv + " row 2 (line 3), column 'logS', value '12 mg': not a number (text "
                + "after the number; units belong in the column name)", run.err().strip());
    }

    @Test
    void badInputIsOneLineWithExitOne() throws Exception {
        CliRun missing = CliRun.of("inspect", "--data", tmp.resolve("nowhere.csv").toString(), "--input", "smiles");
        assertEquals(1, missing.exitCode(), missing::toString);
        assertOneLine(missing);
        assertTrue(missing.err().contains("no such file"), missing.err());

        CliRun column = CliRun.of("inspect", "--data", csv.toString(), "--input", "smile");
        assertEquals(1, column.exitCode(), column::toString);
        assertOneLine(column);
        assertTrue(column.err().contains("has no column 'smile'; its columns are: smiles, logS, split"), column.err());

        Path open = Files.writeString(tmp.resolve("open.csv"), "smiles\n\"CCO\nCCN\n");
        CliRun quote = CliRun.of("inspect", "--data", open.toString(), "--input", "smiles");
        assertEquals(1, quote.exitCode(), quote::toString);
        assertOneLine(quote);
        assertTrue(quote.err().contains("line 2: a quoted field opened on this line is never closed"), quote.err());

        CliRun kind = CliRun.of("inspect", "--data", csv.toString(), "--input", "smiles:molecule");
        assertEquals(1, kind.exitCode(), kind::toString);
        assertTrue(kind.err().contains("unknown column kind 'molecule'; kinds are [smiles, protein, protein_iupac, text]"),
                kind.err());

        CliRun policy = CliRun.of("inspect", "--data", csv.toString(), "--input", "smiles", "--policy", "ignore");
        assertEquals(1, policy.exitCode(), policy::toString);
        assertTrue(policy.err().contains("policies are [fail, skip, keep]"), policy.err());
    }

    @Test
    void semicolonFileWithDelimiterOption() throws Exception {
        Path semi = Files.writeString(tmp.resolve("eu.csv"), "smiles;logS\nCCO;-0,77\nCCN;-1.5\n");
        CliRun run = CliRun.of("inspect", "--data", semi.toString(), "--input", "smiles", "--target", "logS",
                "--delimiter", ";");
        assertEquals(0, run.exitCode(), run::toString);
        assertTrue(run.out().contains("  decimal comma: 1\n    row 1 (line 2), column 'logS', value '-0,77': decimal "
                + "comma (write -0.77)"), run.out());
    }

    @Test
    void help() {
        CliRun run = CliRun.of("inspect", "--help");
        assertEquals(0, run.exitCode(), run::toString);
        assertTrue(run.out().contains("Usage: tagllm inspect"), run.out());
        assertTrue(run.out().contains("--input=COL[:KIND]"), run.out());
        assertTrue(CliRun.of("--help").out().contains("inspect"));
    }

    /** With a real model, lengths are also counted in its tokens. */
    @Test
    void modelTokenLengths() throws Exception {
        Path model = SharedStories.importInto(tmp.resolve("stories260K"));
        CliRun run = CliRun.of("inspect", "--data", csv.toString(), "--input", "smiles", "--model", model.toString());
        assertEquals(0, run.exitCode(), run::toString);
        assertTrue(run.out().contains("input lengths, model tokens (min / median / p95 / max):\n  smiles"), run.out());
        assertTrue(run.out().contains("(1 token of overhead included)"), run.out());
        assertTrue(run.out().contains("  over the limit       0 examples longer than 512 tokens"), run.out());
    }

    private static void assertOneLine(CliRun run) {
        assertEquals(1, run.err().strip().lines().count(), run::toString);
        assertFalse(run.err().contains("\tat "), run::toString);
        assertTrue(run.err().startsWith("tagllm inspect: "), run.err());
    }
}
