package org.tagllm.knime.engine.bank;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tagllm.knime.engine.tensor.FloatTensor;

class TagBankRoundTripTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path tmp;

    /** Every kind of tag, head and task, with values that a lossy path would change: -0, subnormals, extremes. */
    static TagBank everything() {
        BaseModelFingerprint model = TestBanks.model("base");
        float[] awkward = TestBanks.tagValues(5).values();
        awkward[0] = -0.0f;
        awkward[1] = Float.MIN_VALUE;
        awkward[2] = Float.MAX_VALUE;
        awkward[3] = -Float.MAX_VALUE;
        awkward[4] = 1f / 3f;
        awkward[5] = Float.MIN_NORMAL;
        TaskEntry binding = new TaskEntry("<BindingAffinity>", "regression", List.of(
                new FieldEntry("protein", "<Protein>", FieldEntry.Tokenization.CHARACTER),
                new FieldEntry("ligand", "<SMILES>", FieldEntry.Tokenization.MODEL)), true);
        return TagBank.builder(model)
                .addTag("<SMILES>", TagEntry.Kind.DOMAIN, FloatTensor.matrix(2, TestBanks.HIDDEN, awkward))
                .addTag("<Protein>", TagEntry.Kind.DOMAIN, TestBanks.random(6, 3, TestBanks.HIDDEN))
                .addTag("<QED>", TagEntry.Kind.FUNCTION, TestBanks.tagValues(7))
                .addTag("<Active>", TagEntry.Kind.FUNCTION, TestBanks.random(8, 1, TestBanks.HIDDEN))
                .addTag("<Describe>", TagEntry.Kind.FUNCTION, TestBanks.tagValues(9))
                .addTag("<BindingAffinity>", TagEntry.Kind.FUNCTION, TestBanks.tagValues(10))
                .addHead(TestBanks.qedHead(11))
                .addHead(Head.linear(HeadEntry.classification("<Active>", TestBanks.HIDDEN, false,
                        List.of("inactive", "active"), 1.5), TestBanks.random(12, 2, TestBanks.HIDDEN)))
                .addHead(Head.generation(HeadEntry.generation("<Describe>", TestBanks.HIDDEN, TestBanks.VOCAB)))
                .addHead(Head.linear(HeadEntry.regression("<BindingAffinity>", TestBanks.HIDDEN, true,
                        List.of(6.5, -1.0), List.of(1.25, 0.1)), TestBanks.random(13, 2, TestBanks.HIDDEN),
                        FloatTensor.vector(0.1f, -0.0f)))
                .addTask(TestBanks.qedTask())
                .addTask(binding)
                .addProvenance(TestBanks.stage(Provenance.Stage.STAGE_1, "zinc.txt"))
                .addProvenance(TestBanks.stage(Provenance.Stage.STAGE_3, "bindingdb.csv")
                        .withSourceBanks(List.of(Sha256.hex("a"), Sha256.hex("b"))))
                .addProvenance(Provenance.now(Provenance.Stage.COMPOSE).withPairings(List.of(
                        new Provenance.Pairing("<SMILES>", Sha256.hex("a"), false))))
                .build();
    }

    @Test
    void roundTripIsBitExact() throws Exception {
        TagBank bank = everything();
        Path dir = tmp.resolve("bank");
        bank.write(dir);
        TagBank read = TagBank.read(dir);

        assertEquals(bank.manifest(), read.manifest());
        assertEquals(bank.tensors().keySet(), read.tensors().keySet());
        for (Map.Entry<String, FloatTensor> e : bank.tensors().entrySet()) {
            float[] expected = e.getValue().values();
            float[] actual = read.tensors().get(e.getKey()).values();
            assertArrayEquals(e.getValue().shape(), read.tensors().get(e.getKey()).shape(), e.getKey());
            for (int i = 0; i < expected.length; i++) {
                assertEquals(Float.floatToRawIntBits(expected[i]), Float.floatToRawIntBits(actual[i]),
                        e.getKey() + " element " + i + ": " + expected[i] + " vs " + actual[i]);
            }
        }
        assertEquals(bank, read);
        assertEquals(bank.contentSha256(), read.contentSha256());
        assertEquals(Optional.of(dir), read.origin());
        assertEquals(Set.of(BankFiles.MANIFEST, BankFiles.TENSORS), names(dir));
    }

    @Test
    void writingIsDeterministic() throws Exception {
        TagBank bank = everything();
        bank.write(tmp.resolve("a"));
        TagBank.read(tmp.resolve("a")).write(tmp.resolve("b"));
        for (String file : List.of(BankFiles.MANIFEST, BankFiles.TENSORS)) {
            assertArrayEquals(Files.readAllBytes(tmp.resolve("a").resolve(file)),
                    Files.readAllBytes(tmp.resolve("b").resolve(file)), file);
        }
    }

    @Test
    void helpersReturnWhatWasBuilt() {
        TagBank bank = everything();
        assertEquals(TestBanks.tagValues(7), bank.tag("<QED>"));
        assertEquals(List.of("<SMILES>", "<Protein>"), bank.tagNames(TagEntry.Kind.DOMAIN));
        assertEquals(TestBanks.qedHead(11), bank.head("<QED>").orElseThrow());
        assertEquals(Optional.empty(), bank.head("<Describe>").orElseThrow().weight());
        assertEquals(Optional.empty(), bank.head("<SMILES>"));
        assertEquals(TestBanks.qedTask(), bank.task("<QED>").orElseThrow());
        assertEquals(List.of("<Protein>", "<SMILES>"),
                List.copyOf(bank.task("<BindingAffinity>").orElseThrow().domainTags()));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> bank.tag("<LogP>"));
        assertTrue(e.getMessage().contains("no tag <LogP>") && e.getMessage().contains("<QED>"), e.getMessage());
    }

    @Test
    void manifestUsesTheDocumentedSnakeCaseNames() throws Exception {
        Path dir = tmp.resolve("bank");
        everything().write(dir);
        JsonNode root = JSON.readTree(dir.resolve(BankFiles.MANIFEST).toFile());
        assertEquals(Set.of("format", "format_version", "tags", "heads", "tasks", "base_model", "provenance",
                "file_sha256"), keys(root));
        assertEquals("tagllm-bank", root.get("format").asText());
        assertEquals(1, root.get("format_version").asInt());
        assertEquals(Set.of("name", "kind", "vectors", "hidden"), keys(root.get("tags").get(0)));
        assertEquals("domain", root.get("tags").get(0).get("kind").asText());
        assertEquals(Set.of("function_tag", "type", "input_dim", "output_dim", "bias", "target_mean", "target_std"),
                keys(root.get("heads").get(0)));
        assertEquals(Set.of("function_tag", "type", "input_dim", "output_dim", "bias", "class_labels",
                "temperature"), keys(root.get("heads").get(1)));
        assertEquals(Set.of("function_tag", "task_type", "fields", "segment_isolation"),
                keys(root.get("tasks").get(0)));
        assertEquals(Set.of("name", "domain_tag", "tokenization"), keys(root.get("tasks").get(0).get("fields")
                .get(0)));
        assertEquals(Set.of("model_type", "hidden_size", "vocab_size", "num_layers", "config_sha256",
                "embedding_sha256"), keys(root.get("base_model")));
        JsonNode first = root.get("provenance").get(0);
        assertEquals(Set.of("stage", "created", "tool_version", "data_files", "hyperparameters", "metrics",
                "source_banks"), keys(first));
        assertTrue(first.get("stage").isInt(), "training stages are numbers");
        assertEquals("2024-05-01T12:00:00Z", first.get("created").asText());
        assertEquals(Set.of("path", "sha256", "rows"), keys(first.get("data_files").get(0)));
        assertEquals("1.0E-4", first.get("hyperparameters").get("learning_rate").asText(), "1e-4f as typed");
        assertTrue(first.get("hyperparameters").get("epochs").isIntegralNumber());
        assertEquals("compose", root.get("provenance").get(2).get("stage").asText());
        assertEquals(Set.of("domain_tag", "source_bank", "trained_together"),
                keys(root.get("provenance").get(2).get("pairings").get(0)));
    }

    @Test
    void unknownFieldsFromANewerWriterAreIgnored() throws Exception {
        TagBank bank = everything();
        Path dir = tmp.resolve("bank");
        bank.write(dir);
        ObjectNode root = (ObjectNode) JSON.readTree(dir.resolve(BankFiles.MANIFEST).toFile());
        root.put("license", "CC-BY-4.0");
        ((ObjectNode) root.get("tags").get(0)).put("description", "SMILES strings");
        ((ObjectNode) root.get("provenance").get(0)).putObject("hardware").put("gpu", "none");
        Files.writeString(dir.resolve(BankFiles.MANIFEST), root.toPrettyString());
        assertEquals(bank, TagBank.read(dir));
    }

    @Test
    void aFailedWriteLeavesTheOldBankIntact() throws Exception {
        TagBank old = TestBanks.domain(TestBanks.model("base"), "<SMILES>", 1);
        Path dir = tmp.resolve("bank");
        old.write(dir);
        byte[] oldManifest = Files.readAllBytes(dir.resolve(BankFiles.MANIFEST));

        TagBank replacement = everything();
        BankFiles.TensorFileWriter failsHalfWay = (tensors, file) -> {
            Files.write(file, new byte[] {1, 2, 3, 4});
            throw new IOException("disk full (simulated)");
        };
        IOException e = assertThrows(IOException.class, () -> BankFiles.write(replacement, dir, failsHalfWay));
        assertEquals("disk full (simulated)", e.getMessage());

        assertEquals(old, TagBank.read(dir));
        assertArrayEquals(oldManifest, Files.readAllBytes(dir.resolve(BankFiles.MANIFEST)));
        assertEquals(Set.of("bank"), names(tmp), "the staging folder is removed");
    }

    @Test
    void aWriteReplacesAnExistingBank() throws Exception {
        Path dir = tmp.resolve("bank");
        TestBanks.domain(TestBanks.model("base"), "<SMILES>", 1).write(dir);
        TagBank replacement = everything();
        replacement.write(dir);
        assertEquals(replacement, TagBank.read(dir));
        assertEquals(Set.of("bank"), names(tmp));
    }

    @Test
    void refusesToReplaceWhatIsNotABank() throws Exception {
        TagBank bank = TestBanks.domain(TestBanks.model("base"), "<SMILES>", 1);
        Path folder = Files.createDirectory(tmp.resolve("results"));
        Files.writeString(folder.resolve("notes.txt"), "keep me");
        FileAlreadyExistsException e = assertThrows(FileAlreadyExistsException.class, () -> bank.write(folder));
        assertTrue(e.getMessage().contains(folder.toString()) && e.getMessage().contains("notes.txt"),
                e.getMessage());
        assertEquals("keep me", Files.readString(folder.resolve("notes.txt")));

        Path file = Files.writeString(tmp.resolve("file"), "x");
        assertThrows(FileAlreadyExistsException.class, () -> bank.write(file));
        assertEquals("x", Files.readString(file));

        Path empty = Files.createDirectory(tmp.resolve("empty"));
        bank.write(empty);
        assertEquals(bank, TagBank.read(empty));
    }

    @Test
    void tensorsCannotBeChangedFromOutside() {
        float[] values = TestBanks.tagValues(1).values();
        TagBank bank = TagBank.builder(TestBanks.model("base"))
                .addTag("<SMILES>", TagEntry.Kind.DOMAIN, FloatTensor.matrix(2, TestBanks.HIDDEN, values))
                .build();
        float before = bank.tag("<SMILES>").values()[0];
        values[0] += 1;
        bank.tag("<SMILES>").values()[0] += 1;
        assertEquals(before, bank.tag("<SMILES>").values()[0]);
        SortedMap<String, FloatTensor> tensors = bank.tensors();
        assertThrows(UnsupportedOperationException.class, () -> tensors.remove("tag.<SMILES>"));
    }

    @Test
    void equalityComparesBitsNotNumbers() {
        FloatTensor zero = FloatTensor.vector(0.0f);
        assertNotEquals(zero, FloatTensor.vector(-0.0f));
        assertEquals(zero, FloatTensor.vector(0.0f));
        assertNotEquals(zero, new FloatTensor(new float[] {0.0f}, new long[] {1, 1}));
    }

    private static Set<String> keys(JsonNode node) {
        Set<String> keys = new TreeSet<>();
        node.fieldNames().forEachRemaining(keys::add);
        return keys;
    }

    private static Set<String> names(Path dir) throws IOException {
        try (Stream<Path> list = Files.list(dir)) {
            return new TreeSet<>(list.map(p -> p.getFileName().toString()).toList());
        }
    }
}
