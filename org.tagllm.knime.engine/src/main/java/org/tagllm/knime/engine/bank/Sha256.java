package org.tagllm.knime.engine.bank;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/** SHA-256 digests of files, of text and of float32 data, the latter as little-endian bytes (safetensors' byte order). */
final class Sha256 {

    private static final int CHUNK_BYTES = 1 << 16;

    private final MessageDigest digest;
    private final ByteBuffer chunk = ByteBuffer.allocate(CHUNK_BYTES).order(ByteOrder.LITTLE_ENDIAN);

    Sha256() {
        try {
            digest = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            // Every Java platform must provide SHA-256, so this is a broken runtime, not bad input.
            throw new IllegalStateException("this Java runtime lacks SHA-256", e);
        }
    }

    /** The digest of a file's bytes, read a chunk at a time. */
    static String hex(Path file) throws IOException {
        Sha256 sha = new Sha256();
        try (InputStream in = Files.newInputStream(file)) {
            byte[] buffer = new byte[CHUNK_BYTES];
            for (int n; (n = in.read(buffer)) > 0; ) {
                sha.digest.update(buffer, 0, n);
            }
        }
        return sha.hex();
    }

    static String hex(String text) {
        return new Sha256().update(text).hex();
    }

    Sha256 update(String text) {
        digest.update(text.getBytes(StandardCharsets.UTF_8));
        return this;
    }

    Sha256 update(long value) {
        chunk.clear();
        chunk.putLong(value);
        digest.update(chunk.array(), 0, Long.BYTES);
        return this;
    }

    /** Digests the remaining floats of {@code floats} without consuming them, a chunk at a time. */
    Sha256 update(FloatBuffer floats) {
        FloatBuffer src = floats.duplicate();
        while (src.hasRemaining()) {
            int n = Math.min(src.remaining(), CHUNK_BYTES / Float.BYTES);
            chunk.clear();
            // A bulk buffer-to-buffer copy moves raw bits, so even NaN payloads hash as they are stored.
            chunk.asFloatBuffer().put(src.slice().limit(n));
            src.position(src.position() + n);
            digest.update(chunk.array(), 0, n * Float.BYTES);
        }
        return this;
    }

    String hex() {
        return HexFormat.of().formatHex(digest.digest());
    }
}
