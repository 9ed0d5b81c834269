package org.tagllm.knime.engine.model;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tagllm.knime.engine.ModelFormatException;
import org.tagllm.knime.engine.config.ModelConfig;
import org.tagllm.knime.engine.config.ModelConfigJson;
import org.tagllm.knime.engine.safetensors.RawSafetensors;
import org.tagllm.knime.engine.safetensors.SafetensorsFile;
import org.tagllm.knime.engine.safetensors.SafetensorsWriter;
import org.tagllm.knime.engine.safetensors.ShardedSafetensors;

class ModelDirectoryTest {

    @TempDir
    Path tmp;

    @Test
    void opensACompleteFolder() throws Exception {
        ModelConfig config = TestModelFolders.llamaGqa();
        Path dir = TestModelFolders.folder(tmp.resolve("llama"), config, 7);
        try (ModelDirectory model = ModelDirectory.open(dir)) {
            assertEquals(dir, model.dir());
            assertEquals(config, model.config());
            assertEquals(dir.resolve("model.safetensors"), model.weightsFile());
            assertInstanceOf(SafetensorsFile.class, model.weights());
            assertEquals(Optional.of(dir.resolve("tokenizer.json")), model.tokenizerJson());
            assertEquals("F32", model.dtypeOnDisk());
            assertDoesNotThrow(model::checkWeights);
            FloatBuffer embed = model.weights().readFloats(WeightNames.embedTokens());
            assertEquals(50 * 32, embed.remaining());
        }
    }

    @Test
    void tokenizerIsOptional() throws Exception {
        Path dir = TestModelFolders.folder(tmp.resolve("m"), TestModelFolders.llamaGqa(), 1);
        Files.delete(dir.resolve("tokenizer.json"));
        try (ModelDirectory model = ModelDirectory.open(dir)) {
            assertEquals(Optional.empty(), model.tokenizerJson());
        }
    }

    @Test
    void opensAShardedFolder() throws Exception {
        ModelConfig config = TestModelFolders.qwen2();
        Path dir = Files.createDirectories(tmp.resolve("qwen"));
        ModelConfigJson.write(config, dir.resolve("config.json"));
        String first = "model-00001-of-00002.safetensors";
        String second = "model-00002-of-00002.safetensors";
        StringBuilder map = new StringBuilder();
        SafetensorsWriter a = new SafetensorsWriter();
        SafetensorsWriter b = new SafetensorsWriter();
        int i = 0;
        for (var e : WeightNames.expectedShapes(config).entrySet()) {
            long n = 1;
            for (long d : e.getValue()) {
                n *= d;
            }
            boolean inFirst = i++ % 2 == 0;
            (inFirst ? a : b).put(e.getKey(), e.getValue(), new float[(int) n]);
            map.append(map.length() == 0 ? "" : ",").append('"').append(e.getKey()).append("\":\"")
                    .append(inFirst ? first : second).append('"');
        }
        a.write(dir.resolve(first));
        b.write(dir.resolve(second));
        Files.writeString(dir.resolve(ShardedSafetensors.INDEX_FILE_NAME), "{\"weight_map\":{" + map + "}}");

        try (ModelDirectory model = ModelDirectory.open(dir)) {
            assertInstanceOf(ShardedSafetensors.class, model.weights());
            assertEquals(dir.resolve(ShardedSafetensors.INDEX_FILE_NAME), model.weightsFile());
            assertDoesNotThrow(model::checkWeights);
            assertFalse(model.tokenizerJson().isPresent());
        }
    }

    /** config.json is garbage here: the pickle refusal must come before anything is read. */
    @Test
    void refusesAFolderWithOnlyAPickleCheckpoint() throws Exception {
        Path dir = Files.createDirectories(tmp.resolve("pickled"));
        Files.write(dir.resolve("pytorch_model.bin"), new byte[] {(byte) 0x80, 0x02, 'c', 'o', 's'});
        Files.writeString(dir.resolve("config.json"), "this is not json");
        ModelFormatException e = assertThrows(ModelFormatException.class, () -> ModelDirectory.open(dir));
        assertPickleRefusal(e, "pytorch_model.bin");
        assertTrue(e.getMessage().startsWith(dir.toString()), e.getMessage());
    }

    @Test
    void namesEveryPickleFileInTheFolder() throws Exception {
        Path dir = Files.createDirectories(tmp.resolve("several"));
        Files.write(dir.resolve("weights.pt"), new byte[1]);
        Files.write(dir.resolve("last.CKPT"), new byte[1]);
        Files.writeString(dir.resolve("notes.txt"), "not a checkpoint");
        ModelFormatException e = assertThrows(ModelFormatException.class, () -> ModelDirectory.open(dir));
        assertPickleRefusal(e, "last.CKPT, weights.pt");
        assertFalse(e.getMessage().contains("notes.txt"), e.getMessage());
    }

    @Test
    void refusesAPathToAPickleFile() throws Exception {
        Path pth = Files.write(tmp.resolve("consolidated.pth"), new byte[1]);
        ModelFormatException e = assertThrows(ModelFormatException.class, () -> ModelDirectory.open(pth));
        assertPickleRefusal(e, "consolidated.pth");
    }

    /** Safetensors weights win; a leftover pickle beside them is never opened. */
    @Test
    void safetensorsBesideAPickleIsFine() throws Exception {
        Path dir = TestModelFolders.folder(tmp.resolve("both"), TestModelFolders.llamaGqa(), 3);
        Files.write(dir.resolve("pytorch_model.bin"), new byte[1]);
        try (ModelDirectory model = ModelDirectory.open(dir)) {
            assertDoesNotThrow(model::checkWeights);
        }
    }

    @Test
    void missingFolder() {
        Path dir = tmp.resolve("nowhere");
        ModelFormatException e = assertThrows(ModelFormatException.class, () -> ModelDirectory.open(dir));
        assertMentions(e, dir.toString(), "does not exist");
    }

    @Test
    void aFileThatIsNotAPickle() throws Exception {
        Path file = TestModelFolders.folder(tmp.resolve("m"), TestModelFolders.llamaGqa(), 1).resolve("model.safetensors");
        ModelFormatException e = assertThrows(ModelFormatException.class, () -> ModelDirectory.open(file));
        assertMentions(e, file.toString(), "model folder");
    }

    @Test
    void missingConfig() throws Exception {
        Path dir = TestModelFolders.folder(tmp.resolve("noconfig"), TestModelFolders.llamaGqa(), 1);
        Files.delete(dir.resolve("config.json"));
        ModelFormatException e = assertThrows(ModelFormatException.class, () -> ModelDirectory.open(dir));
        assertMentions(e, dir.toString(), "config.json");
    }

    @Test
    void unsupportedConfigIsRefusedByTheConfigReader() throws Exception {
        Path dir = TestModelFolders.folder(tmp.resolve("gpt2"), TestModelFolders.llamaGqa(), 1);
        Files.writeString(dir.resolve("config.json"), "{\"model_type\": \"gpt2\"}");
        ModelFormatException e = assertThrows(ModelFormatException.class, () -> ModelDirectory.open(dir));
        assertMentions(e, "config.json", "gpt2");
    }

    @Test
    void missingWeights() throws Exception {
        Path dir = Files.createDirectories(tmp.resolve("noweights"));
        ModelConfigJson.write(TestModelFolders.llamaGqa(), dir.resolve("config.json"));
        ModelFormatException e = assertThrows(ModelFormatException.class, () -> ModelDirectory.open(dir));
        assertMentions(e, dir.toString(), "model.safetensors", "model.safetensors.index.json");
    }

    @Test
    void shardsWithoutTheirIndexGetAHint() throws Exception {
        Path dir = Files.createDirectories(tmp.resolve("noindex"));
        ModelConfigJson.write(TestModelFolders.llamaGqa(), dir.resolve("config.json"));
        TestModelFolders.weights(TestModelFolders.llamaGqa(), 1).write(dir.resolve("model-00001-of-00001.safetensors"));
        ModelFormatException e = assertThrows(ModelFormatException.class, () -> ModelDirectory.open(dir));
        assertMentions(e, "model-00001-of-00001.safetensors", "index");
    }

    @Test
    void checkWeightsNamesAMissingTensorAndItsShape() throws Exception {
        ModelFormatException e = checkWeightsRefuses("missing", TestModelFolders.llamaGqa(), 5,
                shapes -> shapes.remove(WeightNames.upProj(1)));
        assertMentions(e, "model.safetensors", "'model.layers.1.mlp.up_proj.weight'", "missing", "[64, 32]");
    }

    @Test
    void checkWeightsNamesAMisShapedTensor() throws Exception {
        // As if the file had been written for 4 kv heads instead of 2.
        ModelFormatException e = checkWeightsRefuses("misshaped", TestModelFolders.llamaGqa(), 5,
                shapes -> shapes.put(WeightNames.kProj(0), new long[] {32, 32}));
        assertMentions(e, "'model.layers.0.self_attn.k_proj.weight'", "[32, 32]", "[16, 32]");
    }

    /** Weights that hold more decoder blocks than config.json names: the extra blocks would be ignored silently. */
    @Test
    void checkWeightsRefusesLayersTheConfigDoesNotName() throws Exception {
        ModelConfig config = TestModelFolders.llamaGqa();
        Path dir = TestModelFolders.folder(tmp.resolve("fewer"), config, 3);
        String text = Files.readString(dir.resolve("config.json"));
        Files.writeString(dir.resolve("config.json"), text.replace("\"num_hidden_layers\" : 2",
                "\"num_hidden_layers\" : 1"));
        try (ModelDirectory model = ModelDirectory.open(dir)) {
            assertEquals(1, model.config().numLayers());
            ModelFormatException e = assertThrows(ModelFormatException.class, model::checkWeights);
            assertMentions(e, "model.safetensors", "model.layers.1.", "'num_hidden_layers'", "1", "2 decoder layers");
        }
        // And the other way round: a config naming more layers than the weights hold.
        Files.writeString(dir.resolve("config.json"), text.replace("\"num_hidden_layers\" : 2",
                "\"num_hidden_layers\" : 3"));
        try (ModelDirectory model = ModelDirectory.open(dir)) {
            ModelFormatException e = assertThrows(ModelFormatException.class, model::checkWeights);
            assertMentions(e, "model.layers.2.", "is missing");
        }
    }

    @Test
    void checkWeightsWantsQwen2Biases() throws Exception {
        ModelFormatException e = checkWeightsRefuses("qwen-nobias", TestModelFolders.qwen2(), 9,
                shapes -> shapes.remove(WeightNames.vProjBias(0)));
        assertMentions(e, "'model.layers.0.self_attn.v_proj.bias'", "[16]");
    }

    /** What {@link ModelDirectory#checkWeights()} says of a folder whose weights file has the shapes edited. */
    private ModelFormatException checkWeightsRefuses(String name, ModelConfig config, long seed,
            Consumer<Map<String, long[]>> edit) throws Exception {
        Path dir = TestModelFolders.folder(tmp.resolve(name), config, seed);
        TestModelFolders.weights(config, seed, shapes -> {
            edit.accept(shapes);
            return shapes;
        }).write(dir.resolve("model.safetensors"));
        try (ModelDirectory model = ModelDirectory.open(dir)) {
            return assertThrows(ModelFormatException.class, model::checkWeights);
        }
    }

    /** An embedding of 2^29 floats (2 GiB) cannot be one Java buffer: refused up front, not half-way through a load. */
    @Test
    void checkWeightsRefusesATensorTooLargeToRead() throws Exception {
        ModelConfig config = ModelConfig.llama(1024, 64, 1, 8, 8, 1 << 19, 128, true);
        Path dir = Files.createDirectories(tmp.resolve("huge"));
        ModelConfigJson.write(config, dir.resolve("config.json"));
        Path weights = dir.resolve("model.safetensors");
        long bytes = (1L << 29) * 2;
        byte[] header = ("{\"model.embed_tokens.weight\":{\"dtype\":\"F16\",\"shape\":[524288,1024],"
                + "\"data_offsets\":[0," + bytes + "]}}").getBytes(StandardCharsets.UTF_8);
        try (RandomAccessFile raf = new RandomAccessFile(weights.toFile(), "rw")) {
            raf.write(ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putLong(header.length).array());
            raf.write(header);
            raf.setLength(8 + header.length + bytes); // sparse: no disk used
        }
        try (ModelDirectory model = ModelDirectory.open(dir)) {
            assertEquals("F16", model.dtypeOnDisk());
            ModelFormatException e = assertThrows(ModelFormatException.class, model::checkWeights);
            assertMentions(e, "'model.embed_tokens.weight'", "too large");
        } finally {
            Files.deleteIfExists(weights);
        }
    }

    @Test
    void dtypeOnDiskReportsMixedAndSixteenBitWeights() throws Exception {
        Path dir = Files.createDirectories(tmp.resolve("mixed"));
        ModelConfigJson.write(TestModelFolders.llamaGqa(), dir.resolve("config.json"));
        Path weights = dir.resolve("model.safetensors");
        RawSafetensors.tensors()
                .tensor("model.norm.weight", "F32", new long[] {1}, RawSafetensors.floats(1f))
                .tensor("model.embed_tokens.weight", "F16", new long[] {1}, RawSafetensors.shorts(0x3C00))
                .write(weights);
        try (ModelDirectory model = ModelDirectory.open(dir)) {
            assertEquals("mixed F16/F32", model.dtypeOnDisk());
        }
        RawSafetensors.tensors()
                .tensor("model.norm.weight", "BF16", new long[] {1}, RawSafetensors.shorts(0x3F80))
                .tensor("model.embed_tokens.weight", "BF16", new long[] {1}, RawSafetensors.shorts(0x3F80))
                .write(weights);
        try (ModelDirectory model = ModelDirectory.open(dir)) {
            assertEquals("BF16", model.dtypeOnDisk());
        }
    }

    @Test
    void closingTheFolderClosesItsWeights() throws Exception {
        Path dir = TestModelFolders.folder(tmp.resolve("close"), TestModelFolders.llamaGqa(), 2);
        ModelDirectory model = ModelDirectory.open(dir);
        model.close();
        assertThrows(IOException.class, () -> model.weights().readFloats(WeightNames.finalNorm()));
    }

    private static void assertPickleRefusal(ModelFormatException e, String files) {
        assertMentions(e, files, "pickle", "arbitrary code", "safetensors", "safe_serialization=True",
                "tagllm import-llama2c");
        assertFalse(e.getMessage().contains("JSON"), () -> "config.json must not have been read: " + e.getMessage());
    }

    private static void assertMentions(Exception e, String... parts) {
        for (String p : parts) {
            assertTrue(e.getMessage().contains(p), () -> "mentions '" + p + "': " + e.getMessage());
        }
    }
}
