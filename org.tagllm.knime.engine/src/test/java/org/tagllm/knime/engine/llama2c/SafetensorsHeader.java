package org.tagllm.knime.engine.llama2c;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

/** Reads a safetensors file the simple way, for tests (the engine's reader is written elsewhere). */
final class SafetensorsHeader {

    final JsonNode header;
    private final byte[] file;
    private final long dataStart;

    SafetensorsHeader(Path path) throws IOException {
        file = Files.readAllBytes(path);
        long length = ByteBuffer.wrap(file, 0, 8).order(ByteOrder.LITTLE_ENDIAN).getLong();
        header = new ObjectMapper().readTree(Arrays.copyOfRange(file, 8, (int) (8 + length)));
        dataStart = 8 + length;
    }

    long[] shape(String name) {
        JsonNode shape = header.path(name).path("shape");
        long[] out = new long[shape.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = shape.get(i).asLong();
        }
        return out;
    }

    String dtype(String name) {
        return header.path(name).path("dtype").asText();
    }

    byte[] bytes(String name) {
        JsonNode offsets = header.path(name).path("data_offsets");
        return Arrays.copyOfRange(file, (int) (dataStart + offsets.get(0).asLong()),
                (int) (dataStart + offsets.get(1).asLong()));
    }
}
