package org.tagllm.knime.nodes.port;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tagllm.knime.engine.bank.TagBank;
import org.tagllm.knime.nodes.TestBanks;

class TagModelPortContentTest {

    @TempDir
    Path tmp;

    private static TagModelPortContent content() {
        TagBank bank = TestBanks.function(TestBanks.fingerprint('a'), "<SMILES>", "<QED>", "smiles", 3);
        Map<String, Double> metrics = new LinkedHashMap<>();
        metrics.put("test.rmse", 0.1 + 0.2); // not a short decimal: must survive the round trip bit for bit
        metrics.put("steps", 12.0);
        metrics.put("valid.r2", Double.NaN); // R² of constant targets: stored and read back as NaN
        return new TagModelPortContent(bank, "/models/demo", List.of(new TrainingCurve("stage 2 <QED>",
                List.of(1.0 / 3, 0.25), List.of(0.2916666666666667), List.of(Math.PI))), metrics);
    }

    @Test
    void writeThenReadGivesTheSameContentBitForBit() throws Exception {
        TagModelPortContent original = content();
        Path dir = tmp.resolve("port");
        original.write(dir);
        TagModelPortContent read = TagModelPortContent.read(dir);
        assertEquals(original.bank().contentSha256(), read.bank().contentSha256());
        assertEquals(original.bank(), read.bank());
        assertEquals(original.curves(), read.curves());
        assertEquals(original.metrics(), read.metrics());
        assertEquals(List.copyOf(original.metrics().keySet()), List.copyOf(read.metrics().keySet()));
        assertEquals(original, read);
        assertEquals(original.spec(), read.spec());
    }

    @Test
    void writingAgainReplacesTheFolderAndLeavesNoStagingBehind() throws Exception {
        Path dir = tmp.resolve("port");
        content().write(dir);
        TagModelPortContent other = new TagModelPortContent(TestBanks.domain(TestBanks.fingerprint('a'), "<P>", 9),
                "/m", List.of(), Map.of());
        other.write(dir);
        assertEquals(other, TagModelPortContent.read(dir));
        try (var entries = Files.list(tmp)) {
            assertEquals(List.of(dir), entries.toList());
        }
    }

    @Test
    void theSpecJsonRoundTripsAndDescribesTagsAndHeads() throws Exception {
        TagModelSpec spec = content().spec();
        assertEquals(spec, TagModelSpec.fromJson(spec.toJson()));
        TagModelSpec unknown = spec.withBaseModel(null);
        assertEquals(unknown, TagModelSpec.fromJson(unknown.toJson()));
        assertNotEquals(spec, unknown);
        assertEquals(List.of("<SMILES>"), spec.domainTags());
        assertEquals(List.of("<QED>"), spec.task("<QED>").orElseThrow().outputNames());
        List<String> lines = spec.describe();
        assertTrue(lines.get(0).startsWith("base model: llama (hidden 8"), lines.get(0));
        assertTrue(lines.contains("domain tag <SMILES> (2 vectors)"), lines.toString());
        assertTrue(lines.contains("task <QED>: regression head, outputs [<QED>], inputs smiles behind <SMILES>"),
                lines.toString());
    }
}
