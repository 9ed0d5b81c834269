package org.tagllm.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVRecord;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tagllm.knime.engine.bank.TagBank;
import org.tagllm.knime.engine.demo.DemoModel;

/**
 * Issue 19: predict used its own length limit (512 positions) whatever the bank was trained with. A bank trained with
 * 149 positions now predicts through {@code predict} without a length option exactly as with {@code --max-tokens
 * 149}; a row cut to fit is flagged in column {@code truncated} and written as it was given; an explicit other limit
 * is said in one line; a bank written before the settings were recorded keeps the old default.
 */
class PredictLengthSettingsTest {

    @TempDir
    static Path tmp;

    static Path model;
    static Path bank;
    static Path data;
    static List<String> molecules = new ArrayList<>();

    private static final String[] FRAGMENTS = {"C", "CC", "O", "N", "c1ccccc1", "C(=O)O", "CCO", "C(Cl)"};

    @BeforeAll
    static void trainWith149Positions() throws Exception {
        model = tmp.resolve("demo");
        DemoModel.write(model);
        Random r = new Random(5);
        for (int i = 0; i < 60; i++) {
            StringBuilder s = new StringBuilder("C");
            // Every sixth molecule is a long chain: past 149 positions with the tags in front.
            int n = i % 6 == 0 ? 60 + r.nextInt(40) : 1 + r.nextInt(4);
            for (int j = 0; j < n; j++) {
                s.append(FRAGMENTS[r.nextInt(FRAGMENTS.length)]);
            }
            molecules.add(s.toString());
        }
        Path corpus = Files.write(tmp.resolve("corpus.smi"), molecules.subList(1, 40));
        Path smiles = tmp.resolve("smiles.bank");
        CliRun stage1 = CliRun.of("pretrain-domain", "--model", model.toString(), "--corpus", "<SMILES>=" + corpus,
                "--out", smiles.toString(), "--vectors", "4", "--max-steps", "2", "--batch", "8");
        assertEquals(0, stage1.exitCode(), stage1::toString);
        StringBuilder table = new StringBuilder("smiles,carbons\n");
        for (String m : molecules) {
            table.append(m).append(',').append(m.chars().filter(c -> c == 'C' || c == 'c').count()).append('\n');
        }
        data = Files.writeString(tmp.resolve("carbons.csv"), table.toString());
        bank = tmp.resolve("carbons.bank");
        CliRun train = CliRun.of("train", "--model", model.toString(), "--bank", smiles.toString(), "--data",
                data.toString(), "--function-tag", "<Carbons>", "--input", "smiles:smiles=<SMILES>", "--target",
                "carbons", "--out", bank.toString(), "--vectors", "4", "--epochs", "1", "--batch", "8",
                "--max-tokens", "149");
        assertEquals(0, train.exitCode(), train::toString);
    }

    @Test
    void predictWithoutALengthOptionUsesTheBanksLimitAndFlagsCutRows() throws Exception {
        CliRun plain = predict(bank, "plain.csv");
        CliRun explicit = predict(bank, "explicit.csv", "--max-tokens", "149");
        CliRun longer = predict(bank, "longer.csv", "--max-tokens", "512");
        List<CSVRecord> a = rows(tmp.resolve("plain.csv"));
        List<CSVRecord> b = rows(tmp.resolve("explicit.csv"));
        List<CSVRecord> c = rows(tmp.resolve("longer.csv"));
        assertEquals(molecules.size(), a.size());
        int cut = 0;
        int changedByLongerLimit = 0;
        for (int i = 0; i < a.size(); i++) {
            assertEquals(b.get(i).get("Carbons"), a.get(i).get("Carbons"), "row " + (i + 1)
                    + ": without a length option predict must use the bank's 149 positions");
            assertEquals(molecules.get(i), a.get(i).get("smiles"), "row " + (i + 1) + ": the input as given");
            assertEquals("", a.get(i).get("problem"), "row " + (i + 1));
            boolean isLong = i % 6 == 0;
            assertEquals(isLong, !a.get(i).get("truncated").isEmpty(), "row " + (i + 1) + " truncated: '"
                    + a.get(i).get("truncated") + "'");
            if (isLong) {
                cut++;
                assertTrue(a.get(i).get("truncated").contains("149"), a.get(i).get("truncated"));
                if (!a.get(i).get("Carbons").equals(c.get(i).get("Carbons"))) {
                    changedByLongerLimit++;
                }
                assertEquals("", c.get(i).get("truncated"), "512 positions hold row " + (i + 1));
            } else {
                assertEquals(a.get(i).get("Carbons"), c.get(i).get("Carbons"), "row " + (i + 1));
            }
        }
        assertEquals(10, cut);
        assertTrue(changedByLongerLimit > 0, "the limit must matter for the long rows, else this test shows nothing");
        assertFalse(plain.err().contains("instead of"), plain::toString);
        assertFalse(explicit.err().contains("instead of"), "149 is the bank's own limit: " + explicit);
        assertTrue(plain.out().contains("10 cut to fit"), plain::toString);
        List<String> note = longer.err().lines().filter(l -> l.contains("instead of")).toList();
        assertEquals(1, note.size(), longer::toString);
        assertTrue(note.get(0).contains("512") && note.get(0).contains("149"), note.get(0));
    }

    @Test
    void aBankWrittenBeforeTheSettingsWereRecordedLoadsAndKeepsTheOldDefault() throws Exception {
        Path old = tmp.resolve("old.bank");
        Files.createDirectories(old);
        for (String f : List.of("bank.safetensors", "bank.json")) {
            Files.copy(bank.resolve(f), old.resolve(f));
        }
        ObjectMapper json = new ObjectMapper();
        ObjectNode manifest = (ObjectNode) json.readTree(old.resolve("bank.json").toFile());
        manifest.withArray("tasks").forEach(t -> ((ObjectNode) t).remove("input_settings"));
        Files.writeString(old.resolve("bank.json"), json.writerWithDefaultPrettyPrinter()
                .writeValueAsString(manifest));
        assertFalse(Files.readString(old.resolve("bank.json")).contains("input_settings"));
        TagBank read = TagBank.read(old);
        assertTrue(read.task("<Carbons>").isPresent());
        assertTrue(read.task("<Carbons>").get().inputSettings() == null);
        assertTrue(Files.readString(bank.resolve("bank.json")).contains("input_settings"));

        CliRun run = predict(old, "old.csv");
        predict(bank, "longer-again.csv", "--max-tokens", "512");
        List<CSVRecord> o = rows(tmp.resolve("old.csv"));
        List<CSVRecord> c = rows(tmp.resolve("longer-again.csv"));
        for (int i = 0; i < o.size(); i++) {
            assertEquals(c.get(i).get("Carbons"), o.get(i).get("Carbons"), "row " + (i + 1)
                    + ": an old bank predicts as before (512 positions)");
        }
        assertNotEquals(-1, run.err().indexOf("records no input settings"), run::toString);
    }

    @Test
    void aPerFieldCapIsRecordedInTheBankAndHeldAtPrediction() throws Exception {
        Path capped = tmp.resolve("capped.bank");
        CliRun train = CliRun.of("train", "--model", model.toString(), "--bank", tmp.resolve("smiles.bank")
                .toString(), "--data", data.toString(), "--function-tag", "<Carbons>", "--input",
                "smiles:smiles=<SMILES>", "--target", "carbons", "--out", capped.toString(), "--vectors", "4",
                "--epochs", "1", "--batch", "8", "--max-tokens-per-field", "smiles=20");
        assertEquals(0, train.exitCode(), train::toString);
        var settings = new ObjectMapper().readTree(capped.resolve("bank.json").toFile()).path("tasks").get(0)
                .path("input_settings");
        assertEquals(20, settings.path("field_max_tokens").path("smiles").asInt(), settings.toString());
        assertEquals("truncate", settings.path("length_policy").asText());
        predict(capped, "capped.csv");
        List<CSVRecord> rows = rows(tmp.resolve("capped.csv"));
        for (int i = 0; i < rows.size(); i++) {
            boolean over = molecules.get(i).length() > 20; // one token per character for SMILES
            assertEquals(over, !rows.get(i).get("truncated").isEmpty(), "row " + (i + 1) + ": "
                    + rows.get(i).get("truncated"));
        }
        CliRun unknown = CliRun.of("train", "--model", model.toString(), "--bank", tmp.resolve("smiles.bank")
                .toString(), "--data", data.toString(), "--function-tag", "<Carbons>", "--input",
                "smiles:smiles=<SMILES>", "--target", "carbons", "--out", tmp.resolve("x.bank").toString(),
                "--max-tokens-per-field", "sequence=20");
        assertEquals(1, unknown.exitCode(), unknown::toString);
        assertTrue(unknown.err().contains("sequence"), unknown::toString);
    }

    private static CliRun predict(Path bankDir, String out, String... extra) {
        List<String> args = new ArrayList<>(List.of("predict", "--model", model.toString(), "--bank",
                bankDir.toString(), "--data", data.toString(), "--out", tmp.resolve(out).toString()));
        args.addAll(List.of(extra));
        CliRun run = CliRun.of(args.toArray(String[]::new));
        assertEquals(0, run.exitCode(), run::toString);
        return run;
    }

    private static List<CSVRecord> rows(Path csv) throws Exception {
        try (Reader r = Files.newBufferedReader(csv)) {
            return CSVFormat.DEFAULT.builder().setHeader().setSkipHeaderRecord(true).get().parse(r).getRecords();
        }
    }
}
