package org.tagllm.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.RandomAccessFile;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tagllm.knime.engine.demo.DemoModel;

/**
 * Issue 12, item 1: no user input reaches exit 3. Banks that do not fit together or with the model, settings that
 * contradict each other and a model with NaN embeddings are bad input: exit 1, one line, no stack trace.
 */
class UserInputExitCodesTest {

    @TempDir
    static Path tmp;

    static Path model;
    static Path otherModel;
    static Path smilesBank;
    static Path reseededBank;
    static Path otherModelBank;
    static Path functionBank;
    static Path data;

    private static final List<String> MOLECULES = CliFixtures.molecules(12);

    @BeforeAll
    static void banks() throws Exception {
        model = tmp.resolve("demo");
        DemoModel.write(model);
        otherModel = tmp.resolve("other");
        DemoModel.write(otherModel);
        Path config = otherModel.resolve("config.json");
        ObjectNode json = (ObjectNode) new ObjectMapper().readTree(config.toFile());
        json.put("rms_norm_eps", 1e-6); // same weights, another model: the fingerprint's configuration differs
        Files.writeString(config, json.toPrettyString());

        Path corpus = Files.write(tmp.resolve("corpus.smi"), MOLECULES);
        smilesBank = pretrain(model, corpus, "0", "smiles.bank");
        reseededBank = pretrain(model, corpus, "1", "reseeded.bank");
        otherModelBank = pretrain(otherModel, corpus, "0", "other.bank");

        StringBuilder table = new StringBuilder("smiles,y\n");
        MOLECULES.forEach(m -> table.append(m).append(',').append(m.length()).append('\n'));
        data = Files.writeString(tmp.resolve("y.csv"), table.toString());
        functionBank = tmp.resolve("y.bank");
        CliRun run = CliRun.of(train(model, functionBank, "--bank", smilesBank.toString()));
        assertEquals(0, run.exitCode(), run::toString);
    }

    private static Path pretrain(Path base, Path corpus, String seed, String name) {
        Path out = tmp.resolve(name);
        CliRun run = CliRun.of("pretrain-domain", "--model", base.toString(), "--corpus", "<SMILES>=" + corpus,
                "--out", out.toString(), "--vectors", "2", "--max-steps", "1", "--batch", "4", "--seed", seed);
        assertEquals(0, run.exitCode(), run::toString);
        return out;
    }

    private static String[] train(Path base, Path out, String... more) {
        return Stream.concat(Stream.of("train", "--model", base.toString(), "--data", data.toString(),
                "--function-tag", "<Y>", "--input", "smiles:smiles=<SMILES>", "--target", "y", "--out",
                out.toString(), "--vectors", "2", "--max-steps", "1", "--batch", "4"), Stream.of(more))
                .toArray(String[]::new);
    }

    @Test
    void trainOnABankOfAnotherModel() {
        CliRun run = CliRun.of(train(model, tmp.resolve("t1.bank"), "--bank", otherModelBank.toString()));
        assertBadInput(run, "other.bank", "configurations differ", "Tags only work with the model they were trained on");
    }

    @Test
    void predictWithAnotherModel() {
        CliRun run = CliRun.of("predict", "--model", otherModel.toString(), "--bank", functionBank.toString(),
                "--data", data.toString(), "--out", tmp.resolve("p1.csv").toString());
        assertBadInput(run, "y.bank", "Tags only work with the model they were trained on");
    }

    @Test
    void composeBanksOfTwoModels() {
        CliRun run = CliRun.of("compose", "--domain-bank", otherModelBank.toString(), "--function-bank",
                functionBank.toString(), "--function-tag", "<Y>", "--out", tmp.resolve("c1.bank").toString());
        assertBadInput(run, "other.bank", "different base models");
    }

    @Test
    void predictWithAnEditedFingerprint() throws Exception {
        Path edited = tmp.resolve("edited.bank");
        Files.createDirectories(edited);
        try (Stream<Path> files = Files.list(functionBank)) {
            for (Path f : files.toList()) {
                Files.copy(f, edited.resolve(f.getFileName()));
            }
        }
        Path manifest = edited.resolve("bank.json");
        ObjectNode json = (ObjectNode) new ObjectMapper().readTree(manifest.toFile());
        ((ObjectNode) json.get("base_model")).put("embedding_sha256", "ab".repeat(32));
        Files.writeString(manifest, json.toPrettyString());
        CliRun run = CliRun.of("predict", "--model", model.toString(), "--bank", edited.toString(), "--data",
                data.toString(), "--out", tmp.resolve("p2.csv").toString());
        assertBadInput(run, "edited.bank", "embeddings differ");
    }

    @Test
    void twoBanksHoldingTheSameTag() {
        CliRun run = CliRun.of(train(model, tmp.resolve("t2.bank"), "--bank", smilesBank.toString(), "--bank",
                reseededBank.toString()));
        assertBadInput(run, "<SMILES> is defined in both", "reseeded.bank");
    }

    @Test
    void composeWithAFunctionTagTheBankLacks() {
        CliRun run = CliRun.of("compose", "--domain-bank", smilesBank.toString(), "--function-bank",
                functionBank.toString(), "--function-tag", "<Z>", "--out", tmp.resolve("c2.bank").toString());
        assertBadInput(run, "<Z>", "<Y>");
    }

    @Test
    void microBatchLargerThanTheBatch() {
        CliRun run = CliRun.of(train(model, tmp.resolve("t3.bank"), "--bank", smilesBank.toString(),
                "--micro-batch", "8"));
        assertBadInput(run, "--micro-batch 8", "--batch 4");
    }

    @Test
    void earlyStoppingWithoutValidationRows() {
        CliRun run = CliRun.of(train(model, tmp.resolve("t4.bank"), "--bank", smilesBank.toString(), "--patience",
                "2", "--valid", "0"));
        assertBadInput(run, "y.csv", "early stopping (patience 2) needs validation rows");
    }

    @Test
    void aModelWithNanEmbeddings() throws Exception {
        Path nan = tmp.resolve("nan-model");
        DemoModel.write(nan);
        poisonEmbedding(nan.resolve("model.safetensors"));
        CliRun run = CliRun.of("pretrain-domain", "--model", nan.toString(), "--corpus", "<SMILES>="
                + tmp.resolve("corpus.smi"), "--out", tmp.resolve("nan.bank").toString(), "--max-steps", "1");
        assertBadInput(run, "NaN", nan.toString());
        assertFalse(run.err().contains("zero"), run.err());
    }

    /** Writes a NaN into the first value of the token embedding, in place. */
    private static void poisonEmbedding(Path safetensors) throws Exception {
        try (RandomAccessFile f = new RandomAccessFile(safetensors.toFile(), "rw")) {
            byte[] length = new byte[8];
            f.readFully(length);
            int headerLength = (int) ByteBuffer.wrap(length).order(ByteOrder.LITTLE_ENDIAN).getLong();
            byte[] header = new byte[headerLength];
            f.readFully(header);
            JsonNode tensor = new ObjectMapper().readTree(new String(header, StandardCharsets.UTF_8))
                    .get("model.embed_tokens.weight");
            assertEquals("F32", tensor.get("dtype").asText());
            f.seek(8 + headerLength + tensor.get("data_offsets").get(0).asLong());
            f.write(ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN).putFloat(Float.NaN).array());
        }
    }

    static void assertBadInput(CliRun run, String... mentions) {
        assertEquals(1, run.exitCode(), run::toString);
        assertEquals(1, run.err().strip().lines().count(), run::toString);
        assertFalse(run.err().contains("at org."), run::toString);
        for (String m : mentions) {
            assertTrue(run.err().contains(m), "'" + m + "' missing: " + run);
        }
    }
}
