package org.tagllm.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tagllm.knime.engine.demo.DemoModel;

/**
 * What the command line used to accept without a word (issue 12, item 5, and item 1's negative
 * max_position_embeddings): a damaged config.json, a bank changed on disk, a field that lost its domain tag, and a
 * learning rate so large that the bank learnt nothing. Each is now refused with exit 1 or flagged.
 */
class SilentAcceptanceTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    static Path tmp;

    static Path model;
    static Path smilesBank;
    static Path bank;
    static Path data;

    private static final List<String> MOLECULES = CliFixtures.molecules(16);

    @BeforeAll
    static void trainABank() throws Exception {
        model = tmp.resolve("demo");
        DemoModel.write(model);
        Path corpus = Files.write(tmp.resolve("corpus.smi"), MOLECULES);
        smilesBank = tmp.resolve("smiles.bank");
        CliRun stage1 = CliRun.of("pretrain-domain", "--model", model.toString(), "--corpus", "<SMILES>=" + corpus,
                "--out", smilesBank.toString(), "--vectors", "2", "--max-steps", "2", "--batch", "4");
        assertEquals(0, stage1.exitCode(), stage1::toString);
        StringBuilder table = new StringBuilder("smiles,carbons\n");
        for (int i = 0; i < 3; i++) {
            for (String m : MOLECULES) {
                table.append(m).append(',').append(m.chars().filter(c -> c == 'C' || c == 'c').count()).append('\n');
            }
        }
        data = Files.writeString(tmp.resolve("carbons.csv"), table.toString());
        bank = tmp.resolve("carbons.bank");
        CliRun train = train(bank, "1e-2", null);
        assertEquals(0, train.exitCode(), train::toString);
        assertFalse(train.err().contains("warning:"), train::toString);
    }

    @Test
    void aNegativeMaxPositionEmbeddingsIsRefusedWithExitOne() throws Exception {
        Path broken = tmp.resolve("negative-positions");
        DemoModel.write(broken);
        ObjectNode config = (ObjectNode) JSON.readTree(broken.resolve("config.json").toFile());
        config.put("max_position_embeddings", -5);
        Files.writeString(broken.resolve("config.json"), config.toPrettyString());
        CliRun run = CliRun.of("generate", "--model", broken.toString(), "--prompt", "Once", "--max-tokens", "4");
        assertEquals(1, run.exitCode(), run::toString);
        assertOneLine(run, "config.json", "'max_position_embeddings'", "-5", "integer from 1");
    }

    @Test
    void aBankChangedOnDiskIsRefusedNamingTheFile() throws Exception {
        Path before = tmp.resolve("before.csv");
        CliRun first = predict(bank, before);
        assertEquals(0, first.exitCode(), first::toString);
        Path copy = copyBank(bank, tmp.resolve("mutated.bank"));
        Path tensors = copy.resolve("bank.safetensors");
        byte[] original = Files.readAllBytes(tensors);
        // Every 7th byte position, one at a time: header, padding and tensor data alike.
        for (int i = 0; i < original.length; i += 7) {
            byte[] mutated = original.clone();
            mutated[i] ^= 0x10;
            Files.write(tensors, mutated);
            CliRun run = predict(copy, tmp.resolve("mutated-" + i + ".csv"));
            assertEquals(1, run.exitCode(), () -> "byte " + run);
            assertOneLine(run, tensors.toString(), "SHA-256");
        }
        Files.write(tensors, original);
        Path after = tmp.resolve("after.csv");
        CliRun again = predict(copy, after);
        assertEquals(0, again.exitCode(), again::toString);
        assertEquals(Files.readAllLines(before), Files.readAllLines(after), "the untouched bank predicts as before");
    }

    @Test
    void aFieldWithoutItsDomainTagIsRefusedNamingTheField() throws Exception {
        Path copy = copyBank(bank, tmp.resolve("untagged.bank"));
        ObjectNode manifest = (ObjectNode) JSON.readTree(copy.resolve("bank.json").toFile());
        ((ObjectNode) manifest.get("tasks").get(0).get("fields").get(0)).remove("domain_tag");
        Files.writeString(copy.resolve("bank.json"), manifest.toPrettyString());
        CliRun run = predict(copy, tmp.resolve("untagged.csv"));
        assertEquals(1, run.exitCode(), run::toString);
        assertOneLine(run, "bank.json", "fields[0] (smiles).domain_tag", "missing");
    }

    @Test
    void aHugeLearningRateIsFlaggedInTheOutputAndTheResults() throws Exception {
        Path json = tmp.resolve("huge.json");
        CliRun run = train(tmp.resolve("huge.bank"), "1e30", json);
        assertEquals(0, run.exitCode(), run::toString);
        assertTrue(run.err().lines().anyMatch(l -> l.startsWith("warning: ") && l.contains("1.0E30")),
                run::toString);
        JsonNode warnings = JSON.readTree(json.toFile()).get("warnings");
        assertTrue(warnings.isArray() && warnings.size() > 0, () -> "warnings in " + json + ": " + warnings);
    }

    private static CliRun train(Path out, String lr, Path json) {
        List<String> args = new java.util.ArrayList<>(List.of("train", "--model", model.toString(), "--bank",
                smilesBank.toString(), "--data", data.toString(), "--function-tag", "<Carbons>", "--input",
                "smiles:smiles=<SMILES>", "--target", "carbons", "--out", out.toString(), "--vectors", "2",
                "--epochs", "3", "--batch", "8", "--valid", "0.2", "--test", "0.2", "--lr", lr));
        if (json != null) {
            args.addAll(List.of("--json", json.toString()));
        }
        return CliRun.of(args.toArray(String[]::new));
    }

    private static CliRun predict(Path bankDir, Path out) {
        return CliRun.of("predict", "--model", model.toString(), "--bank", bankDir.toString(), "--data",
                data.toString(), "--out", out.toString());
    }

    private static Path copyBank(Path from, Path to) throws Exception {
        Files.createDirectories(to);
        for (String f : List.of("bank.json", "bank.safetensors")) {
            Files.copy(from.resolve(f), to.resolve(f));
        }
        return to;
    }

    private static void assertOneLine(CliRun run, String... parts) {
        assertEquals(1, run.err().strip().lines().count(), run::toString);
        assertFalse(run.err().contains("\tat "), run::toString);
        for (String p : parts) {
            assertTrue(run.err().contains(p), () -> "mentions '" + p + "': " + run);
        }
    }
}
