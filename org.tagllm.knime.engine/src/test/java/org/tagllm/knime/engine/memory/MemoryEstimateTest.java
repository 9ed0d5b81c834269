package org.tagllm.knime.engine.memory;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tagllm.knime.engine.config.ModelConfig;
import org.tagllm.knime.engine.model.WeightPrecision;
import org.tagllm.knime.engine.safetensors.DType;
import org.tagllm.knime.engine.synthetic.ModelFamily;
import org.tagllm.knime.engine.synthetic.RandomModelFolder;

/** The estimate before loading: weights at their living precision plus the working set, and the refusal's words. */
class MemoryEstimateTest {

    private static final long GIB = 1L << 30;
    private static final ModelConfig MISTRAL = ModelFamily.MISTRAL_7B.config();

    @TempDir
    Path tmp;

    @Test
    void aBf16SevenBillionModelTakesTwoBytesPerParameterKeptAndFourWidened() {
        long n = MISTRAL.parameterCount();
        Workload smiles = Workload.prediction(8, 64);
        MemoryEstimate kept = MemoryEstimate.of(MISTRAL, n, 0, WeightPrecision.STORED, smiles);
        MemoryEstimate wide = MemoryEstimate.of(MISTRAL, n, 0, WeightPrecision.FLOAT32, smiles);
        assertEquals(2 * n, kept.weightBytes());
        assertEquals(4 * n, wide.weightBytes());
        // Kept: one widened layer (218M parameters × 4) and the widened head, small activations, the runtime.
        assertTrue(kept.totalBytes() < 18 * GIB && kept.totalBytes() > 15 * GIB, kept.describe());
        assertTrue(wide.totalBytes() > 27 * GIB, wide.describe());
        // Training keeps every layer's activations and widened projections for backward.
        MemoryEstimate training = MemoryEstimate.of(MISTRAL, n, 0, WeightPrecision.STORED, Workload.training(8, 64));
        assertTrue(training.workingBytes() > 4L * (n - 2L * 32000 * 4096), training.describe());
    }

    @Test
    void theRefusalNamesTheNumbersAndTheRemedies() throws Exception {
        long n = MISTRAL.parameterCount();
        Workload w = Workload.prediction(8, 64);
        MemoryEstimate wide = MemoryEstimate.of(MISTRAL, n, 0, WeightPrecision.FLOAT32, w);
        MemoryEstimate kept = MemoryEstimate.of(MISTRAL, n, 0, WeightPrecision.STORED, w);
        ModelTooLargeException e = assertThrows(ModelTooLargeException.class,
                () -> wide.check("cpu", 20 * GIB, kept));
        String m = e.getMessage();
        assertTrue(m.contains("cpu has 20.0 GiB available"), m);
        assertTrue(m.contains(MemoryEstimate.format(wide.totalBytes())), m);
        assertTrue(m.contains("weights 27.0 GiB (as float32)"), m);
        assertTrue(m.contains("--weights stored: " + MemoryEstimate.format(kept.totalBytes())), m);
        assertTrue(m.contains("a smaller batch (now 8)") && m.contains("shorter inputs (now 64 tokens)"), m);
        assertTrue(m.contains("--device cuda:N"), m);
        assertEquals(null, kept.check("cpu", 20 * GIB, null)); // fits: no exception, no warning
        // Kept as stored, only the mapped weights do not fit in 14 GiB: it runs, with a warning about re-reading.
        String warning = kept.check("cpu", 14 * GIB, null);
        assertTrue(warning.contains("read part of the 13.5 GiB of mapped weights from disk again"), warning);
        assertThrows(ModelTooLargeException.class, () -> kept.check("cpu", kept.requiredBytes() - 1, null));
    }

    @Test
    void theFolderEstimateReadsDtypesFromTheHeadersOnly() throws Exception {
        ModelConfig c = ModelFamily.QWEN2_5_0_5B.config().toBuilder().setNumLayers(1).setVocabSize(400).optBosTokenId(1)
                .optEosTokenIds(java.util.List.of(2)).build();
        Path dir = tmp.resolve("q");
        RandomModelFolder.write(c, Map.of(), DType.BF16, 1, 1L << 30, dir);
        Workload w = Workload.prediction(1, 8);
        assertEquals(2 * c.parameterCount(), MemoryEstimate.of(dir, WeightPrecision.STORED, w).weightBytes());
        assertEquals(4 * c.parameterCount(), MemoryEstimate.of(dir, WeightPrecision.FLOAT32, w).weightBytes());
    }

    /**
     * Recompute-in-backward, by hand for d = 64, I = 128, L = 2, H = 4, K = 2 (hd = 16), V = 100, untied, all bf16,
     * batch 2 × 8 tokens: one block's activations 4·(16·(6·64 + 2·(4 + 2·2)·16 + 4·128) + 2·2·4·8²) = 77,824 bytes;
     * the saved block inputs (L + 1)·B·T·d·4 = 12,288; one widened block 4 × 36,992 parameters = 147,968; the
     * widened LM head 4·100·64 = 25,600.
     */
    @Test
    void theRecomputeTrainingFigureIsWeightsAsStoredOneWidenedBlockSavedInputsAndOneBlocksActivations() {
        ModelConfig c = ModelConfig.llama(64, 128, 2, 4, 2, 100, 64, false);
        long n = c.parameterCount();
        assertEquals(2 * 100 * 64 + 2 * 36_992 + 64, n);
        Workload recompute = Workload.recomputing(2, 8);
        MemoryEstimate kept = MemoryEstimate.of(c, n, 0, WeightPrecision.STORED, recompute);
        assertEquals(2 * n, kept.weightBytes());
        // saved inputs + one block's activations and their gradients in backward + one widened block + the head.
        assertEquals(12_288 + 2 * 77_824 + 147_968 + 25_600 + MemoryEstimate.RUNTIME_BYTES, kept.workingBytes());
        MemoryEstimate wide = MemoryEstimate.of(c, n, 0, WeightPrecision.FLOAT32, recompute);
        assertEquals(4 * n, wide.weightBytes());
        assertEquals(12_288 + 2 * 77_824 + MemoryEstimate.RUNTIME_BYTES, wide.workingBytes());
        // The plain path keeps every block's activations and widened weights: (L + 1) and L of them.
        MemoryEstimate plain = MemoryEstimate.of(c, n, 0, WeightPrecision.STORED, Workload.training(2, 8));
        assertEquals(3 * 77_824 + 2 * 147_968 + 25_600 + MemoryEstimate.RUNTIME_BYTES, plain.workingBytes());
        assertTrue(kept.describe().contains("training, recomputing blocks in backward, batch 2 × 8 tokens"),
                kept.describe());
    }

    @Test
    void aSevenBillionStageTwoStepFitsWithRecomputeAndWeightsKeptAsStored() {
        long n = MISTRAL.parameterCount();
        MemoryEstimate plain = MemoryEstimate.of(MISTRAL, n, 0, WeightPrecision.STORED, Workload.training(2, 32));
        MemoryEstimate recompute = MemoryEstimate.of(MISTRAL, n, 0, WeightPrecision.STORED,
                Workload.recomputing(2, 32));
        assertTrue(plain.totalBytes() > 40 * GIB, plain.describe());
        // 13.5 GiB of mapped weights, one widened block (0.8 GiB), the widened head (0.5 GiB), the runtime.
        assertTrue(recompute.totalBytes() < 16 * GIB, recompute.describe());
        assertTrue(recompute.requiredBytes() < 3 * GIB, recompute.describe());
    }
}
