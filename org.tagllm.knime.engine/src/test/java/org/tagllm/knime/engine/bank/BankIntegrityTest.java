package org.tagllm.knime.engine.bank;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * A bank changed on disk after it was written is refused, not used (issue 12, item 5): bank.json records the SHA-256
 * of bank.safetensors and reading checks it; a task field that lost its domain_tag is refused naming the field.
 */
class BankIntegrityTest extends GoodBankOnDisk {

    @Test
    void theManifestRecordsTheDigestOfTheTensorFile() throws Exception {
        JsonNode digests = JSON.readTree(dir.resolve(BankFiles.MANIFEST).toFile()).get("file_sha256");
        assertEquals(sha256(Files.readAllBytes(dir.resolve(BankFiles.TENSORS))),
                digests.get(BankFiles.TENSORS).textValue());
        assertEquals(1, digests.size(), digests::toString);
    }

    /** Every single-byte change anywhere in the file: header, padding or tensor data. */
    @Test
    void everyByteMutationOfTheTensorFileIsRefused() throws Exception {
        Path tensors = dir.resolve(BankFiles.TENSORS);
        byte[] original = Files.readAllBytes(tensors);
        String expected = sha256(original);
        int refused = 0;
        for (int i = 0; i < original.length; i++) {
            byte[] mutated = original.clone();
            mutated[i] ^= (byte) (1 << (i % 8));
            Files.write(tensors, mutated);
            int at = i;
            BankFormatException e = assertThrows(BankFormatException.class, () -> TagBank.read(dir),
                    () -> "byte " + at + " changed, yet the bank was read");
            assertTrue(e.getMessage().contains(tensors.toString()), e.getMessage());
            assertTrue(e.getMessage().contains(expected), e.getMessage());
            assertTrue(e.getMessage().contains(sha256(mutated)), e.getMessage());
            refused++;
        }
        assertEquals(original.length, refused);
        Files.write(tensors, original);
        assertEquals(good, TagBank.read(dir), "the untouched bank reads as written");
    }

    @Test
    void aBankWrittenBeforeDigestsWereRecordedStillLoads() throws Exception {
        editManifest(m -> m.remove("file_sha256"));
        assertEquals(good, TagBank.read(dir));
    }

    @Test
    void aMalformedDigestIsRefused() throws Exception {
        editManifest(m -> ((ObjectNode) m.get("file_sha256")).put(BankFiles.TENSORS, "abc"));
        BankFormatException e = assertThrows(BankFormatException.class, () -> TagBank.read(dir));
        assertTrue(e.getMessage().contains("file_sha256") && e.getMessage().contains("abc")
                && e.getMessage().contains("64 hexadecimal"), e.getMessage());
    }

    @Test
    void aFieldWithoutItsDomainTagIsRefusedNamingTheField() throws Exception {
        editManifest(m -> ((ObjectNode) m.get("tasks").get(0).get("fields").get(0)).remove("domain_tag"));
        BankFormatException e = assertThrows(BankFormatException.class, () -> TagBank.read(dir));
        assertTrue(e.getMessage().contains("fields[0] (smiles).domain_tag: required field is missing"),
                e.getMessage());
        assertTrue(e.getMessage().contains(dir.resolve(BankFiles.MANIFEST).toString()), e.getMessage());
    }

    @Test
    void anUntaggedFieldSaysSoExplicitly() throws Exception {
        TagBank untagged = good.withTask(new TaskEntry("<QED>", "regression", java.util.List.of(
                new FieldEntry("cell_line", null, FieldEntry.Tokenization.MODEL)), false));
        Path other = tmp.resolve("untagged");
        untagged.write(other);
        assertTrue(JSON.readTree(other.resolve(BankFiles.MANIFEST).toFile()).get("tasks").get(0).get("fields").get(0)
                .get("domain_tag").isNull(), "written as an explicit null");
        assertEquals(untagged, TagBank.read(other));
    }
}
