package org.tagllm.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code bench --like}: every figure measured on a shrunk folder, as a table and as JSON. */
class BenchLikeTest {

    @TempDir
    Path tmp;

    @Test
    void measuresLoadThroughputStageTwoStepAndMatmul() throws Exception {
        Path model = tmp.resolve("m");
        CliRun made = CliRun.of("make-model", "--like", "qwen2.5-0.5b", "--layers", "1", "--vocab", "400", "--out",
                model.toString());
        assertEquals(0, made.exitCode(), made::toString);
        Path json = tmp.resolve("bench.json");
        CliRun r = CliRun.of("bench", "--like", "qwen2.5-0.5b", "--model", model.toString(), "--shapes", "2x8,1x16",
                "--matmul-size", "128", "--runs", "1", "--warmups", "0", "--threads", "1", "--json", json.toString());
        assertEquals(0, r.exitCode(), r::toString);
        assertTrue(r.out().contains("stage-2 step (frozen prefix"), r.out());
        JsonNode root = new ObjectMapper().readTree(json.toFile());
        assertEquals("stored", root.get("weights").asText());
        assertTrue(root.get("matmul_gflops").asDouble() > 0 && root.get("load_s").asDouble() > 0, root::toString);
        assertTrue(root.get("peak_resident_bytes").asLong() > 0, root::toString);
        JsonNode figures = root.get("figures");
        // 2 shapes × (forward, forward+backward plain and recomputing), then the step plain and recomputing.
        assertEquals(8, figures.size(), figures::toString);
        for (int i = 0; i < 6; i++) {
            assertTrue(figures.get(i).get("tokens_per_s").asDouble() > 0, figures.get(i)::toString);
        }
        assertEquals("forward+backward (recompute)", figures.get(2).get("what").asText());
        assertTrue(figures.get(7).get("what").asText().endsWith("recompute)"), figures.get(7)::toString);
        assertTrue(figures.get(6).get("seconds").asDouble() > 0, figures.get(6)::toString);
        assertTrue(figures.get(7).get("seconds").asDouble() > 0, figures.get(7)::toString);
    }
}
