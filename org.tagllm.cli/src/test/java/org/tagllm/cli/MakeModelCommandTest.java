package org.tagllm.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code make-model}: a shrunk real configuration, sharded bf16, that the other commands load. */
class MakeModelCommandTest {

    @TempDir
    Path tmp;

    @Test
    void writesAShardedBf16FolderThatInfoReads() {
        Path out = tmp.resolve("qwen");
        CliRun made = CliRun.of("make-model", "--like", "qwen2.5-0.5b", "--layers", "1", "--vocab", "400",
                "--shard-size", "10000000", "--out", out.toString());
        assertEquals(0, made.exitCode(), made::toString);
        assertTrue(Files.isRegularFile(out.resolve("model.safetensors.index.json")), made::toString);
        CliRun info = CliRun.of("info", "--model", out.toString());
        assertEquals(0, info.exitCode(), info::toString);
        assertTrue(info.out().contains("BF16"), info.out());
        assertTrue(info.out().matches("(?s).*q/k/v bias\\s+true.*"), info.out());
        assertTrue(info.out().matches("(?s).*kv heads\\s+2 .*"), info.out());
    }

    @Test
    void refusesAFolderInUseAndUnknownNames() throws Exception {
        Path used = Files.createDirectories(tmp.resolve("used"));
        Files.writeString(used.resolve("keep.txt"), "mine");
        CliRun refused = CliRun.of("make-model", "--like", "llama-3.2-1b", "--out", used.toString());
        assertEquals(1, refused.exitCode(), refused::toString);
        assertTrue(refused.err().contains("not an empty folder"), refused.err());
        assertEquals("mine", Files.readString(used.resolve("keep.txt")));
        CliRun unknown = CliRun.of("make-model", "--like", "llama-9b", "--out", tmp.resolve("x").toString());
        assertTrue(unknown.exitCode() != 0 && unknown.err().contains("llama-9b"), unknown::toString);
        assertTrue(unknown.err().contains("mistral-7b"), unknown::toString);
    }
}
