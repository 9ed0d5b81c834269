package org.tagllm.knime.engine.bank;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.function.Consumer;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;

/**
 * For tests that damage a bank on disk: before each test a good bank (a QED head over a SMILES tag) is written to a
 * fresh folder, {@link #dir}; {@link #good} is the bank as written.
 */
abstract class GoodBankOnDisk {

    static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path tmp;

    Path dir;
    TagBank good;

    @BeforeEach
    void writeAGoodBank() throws Exception {
        dir = tmp.resolve("qed-bank");
        good = TestBanks.qedWithSmiles(TestBanks.model("base"), 1);
        good.write(dir);
    }

    /** Rewrites bank.json as {@code edit} changes its tree. */
    void editManifest(Consumer<ObjectNode> edit) throws Exception {
        ObjectNode root = (ObjectNode) JSON.readTree(dir.resolve(BankFiles.MANIFEST).toFile());
        edit.accept(root);
        Files.writeString(dir.resolve(BankFiles.MANIFEST), root.toPrettyString());
    }

    static String sha256(byte[] bytes) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    }
}
