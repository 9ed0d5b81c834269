package org.tagllm.knime.engine.bank;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Files;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.tagllm.knime.engine.tensor.FloatTensor;

/** Banks damaged on disk: each is refused with a message naming the folder or file and the item at fault. */
class CorruptBankTest extends GoodBankOnDisk {

    @Test
    void missingTagTensor() throws Exception {
        editTensors(t -> t.remove("tag.<SMILES>"));
        assertRefused(dir.toString(), "tensor 'tag.<SMILES>' is missing", "[2, 16]");
    }

    @Test
    void missingHeadBias() throws Exception {
        editTensors(t -> t.remove("head.<QED>.bias"));
        assertRefused(dir.toString(), "tensor 'head.<QED>.bias' is missing", "bias: true");
    }

    @Test
    void tagOfTheWrongShape() throws Exception {
        editTensors(t -> t.put("tag.<SMILES>", TestBanks.random(1, 3, TestBanks.HIDDEN)));
        assertRefused(dir.toString(), "tensor 'tag.<SMILES>' has shape [3, 16]", "declares [2, 16]");
    }

    @Test
    void headOfTheWrongShape() throws Exception {
        editTensors(t -> t.put("head.<QED>.weight", TestBanks.random(1, 1, 8)));
        assertRefused(dir.toString(), "tensor 'head.<QED>.weight' has shape [1, 8]", "[1, 16]");
    }

    @Test
    void strayTensor() throws Exception {
        editTensors(t -> t.put("tag.<LogP>", TestBanks.tagValues(3)));
        assertRefused(dir.toString(), "stray tensor(s) [tag.<LogP>]");
    }

    @Test
    void notANumber() throws Exception {
        float[] values = TestBanks.tagValues(1).values();
        values[17] = Float.NaN;
        editTensors(t -> t.put("tag.<SMILES>", FloatTensor.matrix(2, TestBanks.HIDDEN, values)));
        assertRefused(dir.toString(), "tensor 'tag.<SMILES>' holds NaN at element 17");
    }

    @Test
    void infinity() throws Exception {
        editTensors(t -> t.put("head.<QED>.bias", FloatTensor.vector(Float.NEGATIVE_INFINITY)));
        assertRefused(dir.toString(), "tensor 'head.<QED>.bias' holds -Infinity at element 0");
    }

    @Test
    void tensorFileIsNotSafetensors() throws Exception {
        Files.write(dir.resolve(BankFiles.TENSORS), new byte[] {1, 2, 3});
        recordTensorDigest();
        assertRefused(dir.resolve(BankFiles.TENSORS).toString(), "too short");
    }

    @Test
    void badJson() throws Exception {
        String text = Files.readString(dir.resolve(BankFiles.MANIFEST));
        Files.writeString(dir.resolve(BankFiles.MANIFEST), text.substring(0, text.length() / 2));
        assertRefused(dir.resolve(BankFiles.MANIFEST).toString(), "not valid JSON", "line ");
    }

    @Test
    void missingField() throws Exception {
        assertManifestRefused(m -> ((ObjectNode) m.get("tags").get(1)).remove("vectors"),
                "tags[1] (<SMILES>).vectors: required field is missing");
    }

    @Test
    void missingTopLevelField() throws Exception {
        assertManifestRefused(m -> m.remove("base_model"), "base_model: required field is missing");
    }

    @Test
    void badFieldValue() throws Exception {
        assertManifestRefused(m -> ((ObjectNode) m.get("tags").get(0)).put("kind", "modality"),
                "tags[0] (<QED>).kind: 'modality' is not one of [domain, function]");
    }

    @Test
    void fieldFailingItsCheck() throws Exception {
        assertManifestRefused(m -> ((ArrayNode) m.get("heads").get(0).get("target_std")).set(0, 0.0),
                "heads[0] (<QED>): 'target_std' [0] must be positive");
    }

    @Test
    void badTime() throws Exception {
        assertManifestRefused(m -> ((ObjectNode) m.get("provenance").get(0)).put("created", "yesterday"),
                "provenance[0].created: 'yesterday' is not an ISO-8601 time");
    }

    @Test
    void unknownStage() throws Exception {
        assertManifestRefused(m -> ((ObjectNode) m.get("provenance").get(0)).put("stage", 4),
                "provenance[0].stage: 'stage' is 4; known stages");
    }

    @Test
    void newerFormatVersion() throws Exception {
        assertManifestRefused(m -> m.put("format_version", 2), "format version 2", "Upgrade Tag-LLM");
    }

    @Test
    void notABankManifest() throws Exception {
        assertManifestRefused(m -> m.put("format", "safetensors-index"), "not a Tag-LLM bank manifest");
    }

    @Test
    void tagNarrowerThanTheModel() throws Exception {
        editManifest(m -> ((ObjectNode) m.get("tags").get(1)).put("hidden", 8));
        editTensors(t -> t.put("tag.<SMILES>", TestBanks.random(1, 2, 8)));
        assertRefused(dir.toString(), "tag <SMILES> has hidden size 8", "hidden_size is 16");
    }

    @Test
    void headOfAMissingTag() throws Exception {
        editManifest(m -> ((ObjectNode) m.get("heads").get(0)).put("function_tag", "<LogP>"));
        assertRefused(dir.toString(), "the head of <LogP> has no tag <LogP>");
    }

    @Test
    void missingFilesAndFolders() throws Exception {
        Files.delete(dir.resolve(BankFiles.TENSORS));
        assertRefused(dir.toString(), "there is no bank.safetensors");
        Files.delete(dir.resolve(BankFiles.MANIFEST));
        assertRefused(dir.toString(), "there is no bank.json");
        Files.delete(dir);
        assertRefused(dir.toString(), "does not exist");
    }

    /** bank.json as {@code edit} changes it is refused, the message naming the file and every fragment. */
    private void assertManifestRefused(Consumer<ObjectNode> edit, String... fragments) throws Exception {
        editManifest(edit);
        assertRefused(Stream.concat(Stream.of(dir.resolve(BankFiles.MANIFEST).toString()), Stream.of(fragments))
                .toArray(String[]::new));
    }

    private void assertRefused(String... fragments) {
        BankFormatException e = assertThrows(BankFormatException.class, () -> TagBank.read(dir));
        for (String f : fragments) {
            assertTrue(e.getMessage().contains(f), "expected '" + f + "' in: " + e.getMessage());
        }
    }

    private void editTensors(Consumer<SortedMap<String, FloatTensor>> edit) throws Exception {
        SortedMap<String, FloatTensor> tensors = new TreeMap<>(good.tensors());
        edit.accept(tensors);
        BankFiles.writeSafetensors(tensors, dir.resolve(BankFiles.TENSORS));
        recordTensorDigest();
    }

    /**
     * Records the damaged tensor file's digest, as a writer that checks nothing would: these tests are about what the
     * bank's contents must satisfy, not about the digest (see {@link BankIntegrityTest}).
     */
    private void recordTensorDigest() throws Exception {
        String digest = sha256(Files.readAllBytes(dir.resolve(BankFiles.TENSORS)));
        editManifest(m -> ((ObjectNode) m.get(ManifestJson.FILE_DIGESTS)).put(BankFiles.TENSORS, digest));
    }
}
