package org.tagllm.knime.engine.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tagllm.knime.engine.LocalModel;
import org.tagllm.knime.engine.config.ModelConfig;
import org.tagllm.knime.engine.runtime.DjlRuntime;
import org.tagllm.knime.engine.safetensors.DType;
import org.tagllm.knime.engine.synthetic.ModelFamily;
import org.tagllm.knime.engine.synthetic.RandomModelFolder;

/**
 * Half-precision checkpoints kept at their stored precision and widened one layer at a time compute exactly what the
 * widened-at-load path computes (the same float32 values meet the same operations), forward and backward; against the
 * float32 checkpoint they came from they differ only by the 16-bit rounding of the weights.
 */
class StoredPrecisionTest {

    @TempDir
    Path tmp;

    /** Qwen2-style (q/k/v biases, tied, GQA) and LLaMA 3-style (untied, rope scaling), small. */
    private static final List<ModelConfig> CONFIGS = List.of(
            ModelFamily.QWEN2_5_0_5B.config().toBuilder().setNumLayers(2).setHiddenSize(56).optHeadDim(8)
                    .setNumHeads(7).optNumKvHeads(1).setIntermediateSize(96).setVocabSize(400).optBosTokenId(1)
                    .optEosTokenIds(List.of(2)).build(),
            ModelFamily.LLAMA_3_8B.config().toBuilder().setNumLayers(3).setHiddenSize(64).optHeadDim(16)
                    .setNumHeads(4).optNumKvHeads(1).setIntermediateSize(128).setVocabSize(700).optBosTokenId(1)
                    .optEosTokenIds(List.of(2)).build());

    private static final long[] IDS = {5, 77, 300, 12, 12, 399, 1, 250, 3, 44, 45, 46};

    @Test
    void storedHalfPrecisionEqualsTheWidenedAtLoadPathBitForBit() throws Exception {
        for (ModelConfig c : CONFIGS) {
            for (DType dtype : new DType[] {DType.BF16, DType.F16}) {
                Path dir = tmp.resolve(c.modelType() + c.numLayers() + dtype);
                RandomModelFolder.write(c, Map.of(), dtype, 3, 20_000, dir);
                try (LocalModel wide = LocalModel.open(dir, Device.cpu(), WeightPrecision.FLOAT32);
                        LocalModel kept = LocalModel.open(dir, Device.cpu(), WeightPrecision.STORED)) {
                    assertTrue(wide.decoder().weights().allResident());
                    assertFalse(kept.decoder().weights().allResident());
                    assertThrows(IllegalStateException.class, () -> kept.decoder().weights().layer(0));
                    // Projections and embeddings at 2 bytes, norms and biases at 4: close to half the bytes.
                    double ratio = kept.decoder().weights().bytes() / (double) wide.decoder().weights().bytes();
                    assertTrue(ratio > 0.5 && ratio < 0.52, "stored/widened bytes " + ratio);
                    Result a = run(wide.decoder());
                    Result b = run(kept.decoder());
                    assertArrayEquals(a.logits, b.logits, dir + ": logits");
                    assertArrayEquals(a.gradient, b.gradient, dir + ": gradient at the input embeddings");
                }
            }
        }
    }

    /**
     * Against the float32 checkpoint of the same seed: the stated tolerance. bf16 keeps 8 significant bits (relative
     * rounding ≤ 2^-9 per weight), so logits may move by about that share of their scale: here at most 2% of the
     * largest logit; fp16 (11 bits) at most 0.3%.
     */
    @Test
    void halfCheckpointsStayWithinTheStatedToleranceOfFloat32() throws Exception {
        ModelConfig c = CONFIGS.get(1);
        RandomModelFolder.write(c, Map.of(), DType.F32, 3, 1L << 30, tmp.resolve("f32"));
        Result reference;
        try (LocalModel m = LocalModel.open(tmp.resolve("f32"))) {
            reference = run(m.decoder());
        }
        for (Object[] t : new Object[][] {{DType.BF16, 0.02}, {DType.F16, 0.003}}) {
            Path dir = tmp.resolve("half" + t[0]);
            RandomModelFolder.write(c, Map.of(), (DType) t[0], 3, 1L << 30, dir);
            try (LocalModel m = LocalModel.open(dir, Device.cpu(), WeightPrecision.STORED)) {
                float[] logits = run(m.decoder()).logits;
                double scale = 0;
                double worst = 0;
                int at = -1;
                for (int i = 0; i < logits.length; i++) {
                    scale = Math.max(scale, Math.abs(reference.logits[i]));
                    double d = Math.abs(logits[i] - reference.logits[i]);
                    if (d > worst) {
                        worst = d;
                        at = i;
                    }
                }
                double tolerance = (double) t[1];
                assertTrue(worst <= tolerance * scale, t[0] + ": logit " + at + " is " + logits[Math.max(at, 0)]
                        + ", float32 gives " + reference.logits[Math.max(at, 0)] + "; |Δ| " + worst + " > "
                        + tolerance + " × " + scale);
                assertTrue(worst > 0, t[0] + ": rounding the weights must change something");
            }
        }
    }

    private record Result(float[] logits, float[] gradient) {}

    /** Logits of a [2, 6] batch, and the gradient of their mean at the input embeddings. */
    private static Result run(LlamaDecoder d) {
        try (NDManager m = DjlRuntime.newManager()) {
            NDArray x = d.embed(m.create(IDS, new Shape(2, 6)));
            x.setRequiresGradient(true);
            float[] logits;
            try (GradientCollector collector = DjlRuntime.engine().newGradientCollector()) {
                NDArray out = d.forward(x, ForwardOptions.defaults()).logits();
                logits = out.toFloatArray();
                collector.backward(out.mean());
            }
            return new Result(logits, x.getGradient().toFloatArray());
        }
    }
}
