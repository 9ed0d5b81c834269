package org.tagllm.knime.engine.evaluate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The typed results records hold everything {@code results.json} says: the results files in {@code docs/results},
 * written by {@code evaluate} before the records existed, read with the reader and written back with the writer come
 * out byte for byte the same (same keys, order, number formatting, nulls).
 */
class ComparisonResultsJsonTest {

    private static final Path RESULTS = Path.of("..", "docs", "results");

    @Test
    void theResultsFilesInDocsReadAndWriteBackByteForByte() throws IOException {
        List<Path> files;
        try (var list = Files.list(RESULTS)) {
            // zero-shot.json is the zero-shot experiment's own format, not a comparison.
            files = list.filter(f -> f.toString().endsWith(".json") && !f.endsWith("zero-shot.json")).sorted()
                    .toList();
        }
        assertTrue(files.size() >= 5, "results files found: " + files);
        for (Path f : files) {
            String text = Files.readString(f);
            assertEquals(text, ComparisonResultsJson.toJson(ComparisonResultsJson.fromJson(text)), f.toString());
        }
    }

    /** Issue 12, item 7's rule for bank.json holds here too: the file and the field, not Jackson's text. */
    @Test
    void aFigureOfTheWrongTypeIsRefusedNamingTheFileAndTheField(@TempDir Path tmp) throws IOException {
        Path bad = tmp.resolve("results.json");
        Files.writeString(bad, Files.readString(RESULTS.resolve("qed.json"))
                .replaceFirst("\"max_epochs\" : \\d+", "\"max_epochs\" : \"many\""));
        IOException e = assertThrows(IOException.class, () -> ComparisonResultsJson.read(bad));
        assertEquals(bad + ": protocol.max_epochs: expected a whole number, got \"many\"", e.getMessage());
    }

    @Test
    void undefinedFiguresReadAsNullAndStayNull() throws IOException {
        ComparisonResults qed = ComparisonResultsJson.read(RESULTS.resolve("qed.json"));
        assertFalse(qed.tasks().isEmpty());
        ComparisonResults.TaskResults task = qed.tasks().values().iterator().next();
        ComparisonResults.Run mean = task.runs().stream().filter(r -> r.method().equals(Method.MEAN.id()))
                .findFirst().orElseThrow();
        assertNull(mean.learningRate(), "the mean predictor has no learning rate");
    }

    /** The stage-1 note is typed too: its figures read as such, and the engine writes it as the file has it. */
    @Test
    void theStageOneNoteReadsAsFiguresAndStageOneBanksWritesItAsTheFileHasIt() throws IOException {
        Path file = RESULTS.resolve("qed-reference-protocol-tag-llm.json");
        ComparisonResults read = ComparisonResultsJson.read(file);
        ComparisonResults.StageOne note = read.stage1();
        assertFalse(note.evaluationRowsIncluded());
        assertEquals(2000, note.examples());
        assertEquals(0.01, note.learningRate());
        assertEquals(Map.of("<SMILES>", new ComparisonResults.StageOneTag(96, 1999)), note.tags());

        StageOneBanks stage1 = new StageOneBanks(2000, 125, 1e-2, 4, 8, Map.of("<SMILES>", 96), 128, 0, false);
        assertNull(stage1.note(Map.of()), "no note when stage 1 did not run");
        assertEquals(Files.readString(file),
                ComparisonResultsJson.toJson(read.withStage1(stage1.note(Map.of("<SMILES>", 1999)))));
    }
}
