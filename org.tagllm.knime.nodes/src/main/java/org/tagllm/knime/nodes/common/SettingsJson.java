package org.tagllm.knime.nodes.common;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * A node's settings record as one JSON string and back (Jackson reads records, enums and nested records natively),
 * for a glue that stores settings as a single string. Unknown keys are refused, so a misspelt key is not silently
 * dropped; keys left out take Java's defaults (null, 0, false), so start from the record's {@code defaults()}.
 */
public final class SettingsJson {

    private static final ObjectMapper JSON = new ObjectMapper()
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    private SettingsJson() {}

    public static String write(Record settings) {
        try {
            return JSON.writeValueAsString(settings);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** @throws IOException when {@code json} is not a {@code type} written by {@link #write} */
    public static <T extends Record> T read(String json, Class<T> type) throws IOException {
        return JSON.readValue(json, type);
    }
}
