package org.tagllm.knime.engine.llama2c;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;

/**
 * Recognises a folder written by {@link Llama2cImporter}: nothing but its output files, and weights whose safetensors
 * metadata carries the importer's mark. Only such a folder may be replaced; a user's own model folder never is.
 */
final class PreviousImport {

    // A safetensors header is JSON text; ours are a few kilobytes. The bound keeps a foreign file from costing memory.
    private static final long MAX_HEADER_BYTES = 100L << 20;

    private PreviousImport() {}

    static boolean is(Path dir, Set<String> outputFiles) throws IOException {
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(dir)) {
            for (Path entry : entries) {
                if (!outputFiles.contains(entry.getFileName().toString()) || !Files.isRegularFile(entry)) {
                    return false;
                }
            }
        }
        return hasImportMark(dir.resolve(Llama2cImporter.WEIGHTS_FILE));
    }

    private static boolean hasImportMark(Path weights) throws IOException {
        if (!Files.isRegularFile(weights)) {
            return false;
        }
        try (InputStream in = Files.newInputStream(weights)) {
            byte[] length = in.readNBytes(Long.BYTES);
            if (length.length < Long.BYTES) {
                return false;
            }
            long n = ByteBuffer.wrap(length).order(ByteOrder.LITTLE_ENDIAN).getLong();
            if (n <= 0 || n > MAX_HEADER_BYTES) {
                return false;
            }
            byte[] header = in.readNBytes((int) n);
            String mark = new ObjectMapper().readTree(header).path("__metadata__").path(HfLlamaWeights.SOURCE_KEY)
                    .asText("");
            return mark.equals(HfLlamaWeights.SOURCE_VALUE);
        } catch (JacksonException e) {
            return false;
        }
    }
}
