package org.tagllm.knime.engine.method;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import org.tagllm.knime.engine.bank.Provenance;

/** Provenance entries for input files: path, SHA-256 of the bytes, rows read. */
final class DataFiles {

    private DataFiles() {}

    static Provenance.DataFile describe(Path file, long rows) throws IOException {
        return new Provenance.DataFile(file.toAbsolutePath().normalize().toString(), sha256(file), rows);
    }

    static String sha256(Path file) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            byte[] buffer = new byte[1 << 16];
            for (int n; (n = in.read(buffer)) > 0; ) {
                digest.update(buffer, 0, n);
            }
            return HexFormat.of().formatHex(digest.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
    }
}
