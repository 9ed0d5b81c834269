package org.tagllm.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The README's main job: generate on the embedded demo model, made on first use. */
class DemoModelGenerateTest {

    @TempDir
    Path home;

    @Test
    void generatesOnTheDemoModelMadeOnFirstUse() {
        String previous = System.setProperty("tagllm.home", home.toString());
        try {
            CliRun first = CliRun.of("generate", "--prompt", "Once upon a time", "--max-tokens", "12");
            assertEquals(0, first.exitCode(), first::toString);
            assertTrue(Files.isRegularFile(home.resolve("models/demo-tiny-llama-v1/model.safetensors")));
            assertTrue(first.out().startsWith("Once upon a time"), first.out());
            assertTrue(first.out().strip().length() > "Once upon a time".length(), "no token was generated");
            assertTrue(first.err().contains("demo model"), first.err());
            CliRun again = CliRun.of("generate", "--prompt", "Once upon a time", "--max-tokens", "12");
            assertEquals(first.out(), again.out(), "the demo model and greedy decoding are deterministic");
        } finally {
            if (previous == null) {
                System.clearProperty("tagllm.home");
            } else {
                System.setProperty("tagllm.home", previous);
            }
        }
    }
}
