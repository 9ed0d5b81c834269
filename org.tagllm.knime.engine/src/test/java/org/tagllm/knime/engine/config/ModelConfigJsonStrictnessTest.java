package org.tagllm.knime.engine.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.tagllm.knime.engine.ModelFormatException;
import org.tagllm.knime.engine.demo.DemoModel;

/**
 * A config.json value of the wrong type or out of range is refused naming the key, the value and the rule; nothing
 * becomes a default or zero without a word (issue 12, item 5; the negative max_position_embeddings of item 1).
 */
class ModelConfigJsonStrictnessTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path tmp;

    /** key, the JSON value put there, and a fragment of the rule the message must state. */
    static Stream<Arguments> badValues() {
        return Stream.of(
                Arguments.of("max_position_embeddings", "1099511627776", "integer from 1"),
                Arguments.of("max_position_embeddings", "0", "integer from 1"),
                Arguments.of("max_position_embeddings", "-5", "integer from 1"),
                Arguments.of("max_position_embeddings", "true", "integer"),
                Arguments.of("max_position_embeddings", "512.5", "integer"),
                Arguments.of("max_position_embeddings", "\"512\"", "integer"),
                // 300,000,000 positions × head_dim 8 floats do not fit in one Java array (the rotary table).
                Arguments.of("max_position_embeddings", "300000000", "× head_dim"),
                Arguments.of("hidden_size", "64.5", "integer"),
                Arguments.of("hidden_size", "0", "integer from 1"),
                Arguments.of("num_hidden_layers", "true", "integer"),
                Arguments.of("num_attention_heads", "-8", "integer from 1"),
                Arguments.of("num_key_value_heads", "4.0", "integer"),
                Arguments.of("intermediate_size", "\"172\"", "integer"),
                Arguments.of("vocab_size", "512.0", "integer"),
                Arguments.of("head_dim", "0", "integer from 1"),
                Arguments.of("rope_theta", "\"fast\"", "number"),
                Arguments.of("rope_theta", "-10000", "greater than 0"),
                Arguments.of("rope_theta", "0", "greater than 0"),
                Arguments.of("rms_norm_eps", "-1", "greater than 0"),
                Arguments.of("rms_norm_eps", "0", "greater than 0"),
                Arguments.of("rms_norm_eps", "\"1e-5\"", "number"),
                Arguments.of("rms_norm_eps", "true", "number"),
                Arguments.of("tie_word_embeddings", "\"yes\"", "true or false"),
                Arguments.of("tie_word_embeddings", "1", "true or false"),
                Arguments.of("attention_bias", "\"false\"", "true or false"),
                Arguments.of("mlp_bias", "0", "true or false"),
                Arguments.of("hidden_act", "7", "text"),
                Arguments.of("bos_token_id", "354", "[0, 354)"),
                Arguments.of("bos_token_id", "-3", "[0, 354)"),
                Arguments.of("bos_token_id", "1.5", "integer"),
                Arguments.of("eos_token_id", "9999", "[0, 354)"),
                Arguments.of("eos_token_id", "[2,700]", "[0, 354)"),
                Arguments.of("eos_token_id", "\"</s>\"", "integer"),
                Arguments.of("pad_token_id", "512", "[0, 354)"),
                Arguments.of("pad_token_id", "false", "integer"));
    }

    @ParameterizedTest(name = "{0} = {1}")
    @MethodSource("badValues")
    void aBadValueIsRefusedNamingKeyValueAndRule(String key, String value, String rule) throws Exception {
        ObjectNode config = demoConfig();
        config.set(key, JSON.readTree(value));
        assertRefused(config, key, value, rule);
    }

    /** Mistral's window is per family; a negative or fractional one is refused, as is a wrong-typed switch. */
    @Test
    void slidingWindowMustBeAPositiveIntegerOrNull() throws Exception {
        for (String value : List.of("-4096", "0", "4096.5", "\"4096\"", "true")) {
            ObjectNode config = mistral();
            config.set("sliding_window", JSON.readTree(value));
            assertRefused(config, "sliding_window", value, "integer");
        }
        ObjectNode qwen = qwen2();
        qwen.put("use_sliding_window", "no");
        assertRefused(qwen, "use_sliding_window", "\"no\"", "true or false");
    }

    @Test
    void ropeScalingValuesAreChecked() throws Exception {
        ObjectNode linear = demoConfig();
        linear.putObject("rope_scaling").put("rope_type", "linear").put("factor", -2.0);
        assertRefused(linear, "factor", "-2.0", "greater than 0");
        ObjectNode llama3 = demoConfig();
        llama3.putObject("rope_scaling").put("rope_type", "llama3").put("factor", 8.0).put("low_freq_factor", 1.0)
                .put("high_freq_factor", 4.0).put("original_max_position_embeddings", 8192.5);
        assertRefused(llama3, "original_max_position_embeddings", "8192.5", "integer");
    }

    @Test
    void goodConfigsStillLoad() throws Exception {
        assertEquals(DemoModel.config(), read(demoConfig()));
        ModelConfig mistral = read(mistral());
        assertEquals(4096, mistral.slidingWindow());
        assertEquals(List.of(2), mistral.eosTokenIds());
        ModelConfig qwen = read(qwen2());
        assertEquals(32, qwen.slidingWindow());
        assertEquals(new RopeScaling.Linear(2.0), qwen.ropeScaling());
        // Null ids and windows are HF's way of saying "none".
        ObjectNode nulls = mistral();
        nulls.putNull("sliding_window");
        nulls.putNull("bos_token_id");
        nulls.putNull("pad_token_id");
        ModelConfig none = read(nulls);
        assertEquals(0, none.slidingWindow());
        assertEquals(-1, none.bosTokenId());
        // Older LLaMA conversions write pad_token_id -1 for "no padding token".
        ObjectNode legacyPad = demoConfig();
        legacyPad.put("pad_token_id", -1);
        assertEquals(DemoModel.config(), read(legacyPad));
        // Qwen2 ships a window it does not use unless use_sliding_window is set; that window is still an integer.
        ObjectNode unused = qwen2();
        unused.put("use_sliding_window", false);
        assertEquals(0, read(unused).slidingWindow());
    }

    @Test
    void everyConfigTheWriterProducesReadsBack() throws Exception {
        ModelConfig llama3 = ModelConfig.builder().setModelType("llama").setHiddenSize(64).setIntermediateSize(128)
                .setNumLayers(2).setNumHeads(8).optNumKvHeads(2).setVocabSize(300).optMaxPositions(1024)
                .optRmsNormEps(1e-5).optRopeTheta(500000.0).optRopeScaling(new RopeScaling.Llama3(8.0, 1.0, 4.0, 8192))
                .optQkvBias(true).optOutputBias(true).optBosTokenId(1).optEosTokenIds(List.of(2, 3)).build();
        assertEquals(llama3, read((ObjectNode) JSON.readTree(ModelConfigJson.toJson(llama3))));
    }

    private ModelConfig read(ObjectNode config) throws Exception {
        Path file = tmp.resolve("config-" + System.nanoTime() + ".json");
        Files.writeString(file, config.toPrettyString());
        return ModelConfigJson.read(file);
    }

    private void assertRefused(ObjectNode config, String key, String value, String rule) throws Exception {
        Path file = tmp.resolve("config.json");
        Files.writeString(file, config.toPrettyString());
        ModelFormatException e = assertThrows(ModelFormatException.class, () -> ModelConfigJson.read(file),
                key + " = " + value);
        String m = e.getMessage();
        assertTrue(m.contains(file.toString()), () -> "names the file: " + m);
        assertTrue(m.contains("'" + key + "'"), () -> "names the key " + key + ": " + m);
        assertTrue(m.contains(value), () -> "names the value " + value + ": " + m);
        assertTrue(m.contains(rule), () -> "states the rule '" + rule + "': " + m);
    }

    private static ObjectNode demoConfig() throws Exception {
        return (ObjectNode) JSON.readTree(ModelConfigJson.toJson(DemoModel.config()));
    }

    private static ObjectNode mistral() throws Exception {
        return (ObjectNode) JSON.readTree("""
                {"model_type": "mistral", "hidden_size": 64, "intermediate_size": 128, "num_hidden_layers": 2,
                 "num_attention_heads": 8, "num_key_value_heads": 2, "vocab_size": 300,
                 "max_position_embeddings": 32768, "rms_norm_eps": 1e-5, "rope_theta": 1000000.0,
                 "sliding_window": 4096, "bos_token_id": 1, "eos_token_id": 2, "tie_word_embeddings": false,
                 "hidden_act": "silu", "torch_dtype": "bfloat16"}""");
    }

    private static ObjectNode qwen2() throws Exception {
        return (ObjectNode) JSON.readTree("""
                {"model_type": "qwen2", "hidden_size": 64, "intermediate_size": 128, "num_hidden_layers": 2,
                 "num_attention_heads": 8, "num_key_value_heads": 2, "vocab_size": 300,
                 "max_position_embeddings": 4096, "rms_norm_eps": 1e-6, "rope_theta": 1000000.0,
                 "sliding_window": 32, "use_sliding_window": true, "max_window_layers": 2,
                 "rope_scaling": {"type": "linear", "factor": 2.0},
                 "bos_token_id": null, "eos_token_id": [0, 1], "tie_word_embeddings": true, "hidden_act": "silu"}""");
    }
}
