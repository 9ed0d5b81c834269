package org.tagllm.knime.engine.bank;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tagllm.knime.engine.ModelFormatException;
import org.tagllm.knime.engine.config.ModelConfig;
import org.tagllm.knime.engine.config.ModelConfigJson;
import org.tagllm.knime.engine.model.ModelDirectory;
import org.tagllm.knime.engine.model.WeightNames;
import org.tagllm.knime.engine.safetensors.RawSafetensors;
import org.tagllm.knime.engine.safetensors.SafetensorsWriter;

class BaseModelFingerprintTest {

    private static final ModelConfig CONFIG = ModelConfig.llama(16, 32, 1, 2, 2, 40, 64, true);
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path tmp;

    @Test
    void describesTheModel() throws Exception {
        BaseModelFingerprint f = fingerprint(f32Folder("m", weights(), ModelConfigJson.toJson(CONFIG)));
        assertEquals(new BaseModelFingerprint("llama", 16, 40, 1, f.configSha256(), f.embeddingSha256()), f);
        assertEquals(Sha256.hex(ModelConfigJson.toJson(CONFIG)), f.configSha256());
    }

    @Test
    void stableAcrossAReformattedConfig() throws Exception {
        Map<String, float[]> weights = weights();
        Path original = f32Folder("original", weights, ModelConfigJson.toJson(CONFIG));
        Path reformatted = f32Folder("reformatted", weights, reorderedCompact(ModelConfigJson.toJson(CONFIG)));
        assertNotEquals(Files.readString(original.resolve(ModelDirectory.CONFIG_FILE_NAME)),
                Files.readString(reformatted.resolve(ModelDirectory.CONFIG_FILE_NAME)));
        assertEquals(fingerprint(original), fingerprint(reformatted));
    }

    @Test
    void oneUlpInTheEmbeddingChangesIt() throws Exception {
        Map<String, float[]> weights = weights();
        BaseModelFingerprint before = fingerprint(f32Folder("before", weights, ModelConfigJson.toJson(CONFIG)));
        float[] embedding = weights.get(WeightNames.embedTokens());
        embedding[123] = Math.nextUp(embedding[123]);
        BaseModelFingerprint after = fingerprint(f32Folder("after", weights, ModelConfigJson.toJson(CONFIG)));
        assertEquals(before.configSha256(), after.configSha256());
        assertNotEquals(before.embeddingSha256(), after.embeddingSha256());
    }

    @Test
    void otherWeightsDoNotMatter() throws Exception {
        Map<String, float[]> weights = weights();
        BaseModelFingerprint before = fingerprint(f32Folder("before", weights, ModelConfigJson.toJson(CONFIG)));
        weights.get(WeightNames.finalNorm())[0] += 1;
        assertEquals(before, fingerprint(f32Folder("after", weights, ModelConfigJson.toJson(CONFIG))));
    }

    @Test
    void sixteenBitFileHashesLikeItsFloat32Widening() throws Exception {
        Map<String, float[]> weights = weights();
        Path f32 = f32Folder("f32", weights, ModelConfigJson.toJson(CONFIG));
        Path f16 = f16EmbeddingFolder("f16", weights);
        try (ModelDirectory model = ModelDirectory.open(f16)) {
            assertEquals("mixed F16/F32", model.dtypeOnDisk(), "the embedding really is stored as F16");
        }
        assertEquals(fingerprint(f32), fingerprint(f16));
    }

    @Test
    void refusesAnEmbeddingThatDisagreesWithTheConfig() throws Exception {
        Map<String, float[]> weights = weights();
        Path dir = f32Folder("m", weights, ModelConfigJson.toJson(CONFIG));
        new SafetensorsWriter().put(WeightNames.embedTokens(), new long[] {41, 16}, new float[41 * 16])
                .write(dir.resolve(ModelDirectory.WEIGHTS_FILE_NAME));
        ModelFormatException e = assertThrows(ModelFormatException.class, () -> fingerprint(dir));
        assertTrue(e.getMessage().contains("'model.embed_tokens.weight' has shape [41, 16]")
                && e.getMessage().contains("[40, 16]"), e.getMessage());
    }

    @Test
    void checkCompatibleNamesTheBankAndBothModels() throws Exception {
        Map<String, float[]> weights = weights();
        BaseModelFingerprint trainedOn = fingerprint(f32Folder("a", weights, ModelConfigJson.toJson(CONFIG)));
        weights.get(WeightNames.embedTokens())[0] += 0.5f;
        BaseModelFingerprint other = fingerprint(f32Folder("b", weights, ModelConfigJson.toJson(CONFIG)));

        Path bankDir = tmp.resolve("smiles-bank");
        TestBanks.domain(trainedOn, "<SMILES>", 1).write(bankDir);
        TagBank bank = TagBank.read(bankDir);
        assertDoesNotThrow(() -> bank.checkCompatible(trainedOn));
        BankConflictException e = assertThrows(BankConflictException.class, () -> bank.checkCompatible(other));
        String m = e.getMessage();
        for (String expected : List.of(bankDir.toString(), "<SMILES>", "llama (hidden 16, vocab 40, layers 1",
                trainedOn.embeddingSha256().substring(0, 12), other.embeddingSha256().substring(0, 12),
                "embeddings differ (same configuration)")) {
            assertTrue(m.contains(expected), "expected '" + expected + "' in: " + m);
        }
    }

    private static BaseModelFingerprint fingerprint(Path dir) throws IOException, ModelFormatException {
        try (ModelDirectory model = ModelDirectory.open(dir)) {
            return BaseModelFingerprint.of(model);
        }
    }

    /** Seeded weights; the embedding holds multiples of 1/8 in [-2, 2], which F16 represents exactly. */
    private static Map<String, float[]> weights() {
        Random random = new Random(42);
        Map<String, float[]> weights = new LinkedHashMap<>();
        WeightNames.expectedShapes(CONFIG).forEach((name, shape) -> {
            float[] values = new float[Math.toIntExact(shape[0] * (shape.length > 1 ? shape[1] : 1))];
            for (int i = 0; i < values.length; i++) {
                values[i] = name.equals(WeightNames.embedTokens()) ? (random.nextInt(33) - 16) / 8f
                        : (float) random.nextGaussian() * 0.02f;
            }
            weights.put(name, values);
        });
        return weights;
    }

    private Path f32Folder(String name, Map<String, float[]> weights, String configJson) throws IOException {
        Path dir = Files.createDirectories(tmp.resolve(name));
        Files.writeString(dir.resolve(ModelDirectory.CONFIG_FILE_NAME), configJson);
        SafetensorsWriter writer = new SafetensorsWriter();
        WeightNames.expectedShapes(CONFIG).forEach((n, shape) -> writer.put(n, shape, weights.get(n)));
        writer.write(dir.resolve(ModelDirectory.WEIGHTS_FILE_NAME));
        return dir;
    }

    /** The embedding as F16 bytes encoded here by hand; every other tensor F32. */
    private Path f16EmbeddingFolder(String name, Map<String, float[]> weights) throws IOException {
        Path dir = Files.createDirectories(tmp.resolve(name));
        ModelConfigJson.write(CONFIG, dir.resolve(ModelDirectory.CONFIG_FILE_NAME));
        RawSafetensors file = RawSafetensors.tensors();
        WeightNames.expectedShapes(CONFIG).forEach((n, shape) -> {
            float[] values = weights.get(n);
            if (n.equals(WeightNames.embedTokens())) {
                int[] halves = new int[values.length];
                for (int i = 0; i < values.length; i++) {
                    halves[i] = f16Bits(values[i]);
                }
                file.tensor(n, "F16", shape, RawSafetensors.shorts(halves));
            } else {
                file.tensor(n, "F32", shape, RawSafetensors.floats(values));
            }
        });
        file.write(dir.resolve(ModelDirectory.WEIGHTS_FILE_NAME));
        return dir;
    }

    /** IEEE binary16 bits of a float that F16 holds exactly (zero or normal); anything else fails the test. */
    private static int f16Bits(float v) {
        int bits = Float.floatToRawIntBits(v);
        int sign = (bits >>> 16) & 0x8000;
        if ((bits & 0x7FFF_FFFF) == 0) {
            return sign;
        }
        int exponent = ((bits >>> 23) & 0xFF) - 127 + 15;
        int mantissa = bits & 0x7F_FFFF;
        if (exponent < 1 || exponent > 30 || (mantissa & 0x1FFF) != 0) {
            throw new IllegalArgumentException(v + " is not exactly representable as a normal F16 value");
        }
        return sign | exponent << 10 | mantissa >>> 13;
    }

    /** The same JSON with keys in reverse order, no indentation, and a key Tag-LLM ignores. */
    private static String reorderedCompact(String json) throws IOException {
        JsonNode original = JSON.readTree(json);
        List<String> keys = new ArrayList<>();
        original.fieldNames().forEachRemaining(keys::add);
        Collections.reverse(keys);
        ObjectNode reordered = JSON.createObjectNode();
        reordered.put("transformers_version", "4.40.0");
        keys.forEach(k -> reordered.set(k, original.get(k)));
        return reordered.toString();
    }
}
