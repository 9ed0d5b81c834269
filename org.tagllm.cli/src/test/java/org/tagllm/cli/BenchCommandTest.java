package org.tagllm.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The bench command's table and JSON, on tiny sizes; figures are measured, never asserted. */
class BenchCommandTest {

    @TempDir
    Path tmp;

    @Test
    void printsTheTableAndWritesJson() throws Exception {
        Path stories = SharedStories.importInto(tmp.resolve("stories260K"));
        Path json = tmp.resolve("bench.json");
        CliRun run = CliRun.of("bench", "--stories", stories.toString(), "--skip-110m", "--matmul-size", "64",
                "--batch", "2", "--seq", "16", "--runs", "1", "--warmups", "0", "--service-jobs", "3", "--service-rows", "20", "--json",
                json.toString());
        assertEquals(0, run.exitCode(), run::toString);
        assertTrue(run.out().contains("fp32 matmul 64³"), run.out());
        assertTrue(run.out().matches("(?s).*stories260K\\s+260,032\\s+2×16.*"), run.out());
        JsonNode root = new ObjectMapper().readTree(json.toFile());
        assertTrue(root.get("matmul").get("gflops").asDouble() > 0);
        JsonNode row = root.get("decoder").get(0);
        assertEquals(260032, row.get("parameters").asLong());
        assertTrue(row.get("forward_tokens_per_s").asDouble() > 0);
        assertTrue(row.get("forward_backward_tokens_per_s").asDouble() > 0);
        // The service rows: one load per model, every other job a cache hit, concurrent = sequential.
        JsonNode service = root.get("service");
        assertEquals(2, service.size(), service::toString);
        for (JsonNode s : service) {
            assertEquals(1, s.get("model_loads").asLong(), s::toString);
            assertEquals(2 + 2 * 3 - 1, s.get("cache_hits").asLong(), s::toString);
            assertTrue(s.get("concurrent_equals_sequential").asBoolean(), s::toString);
        }
        assertTrue(run.out().contains("engine service"), run.out());
    }
}
