package org.tagllm.knime.engine.evaluate;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.tagllm.knime.engine.io.AtomicFiles;
import org.tagllm.knime.engine.io.JsonFieldErrors;

/**
 * {@code results.json} to and from {@link ComparisonResults}: the one reader and the one writer of the evaluate
 * results file. Unknown keys are ignored, so that a report still reads files a newer writer extended.
 */
public final class ComparisonResultsJson {

    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    private ComparisonResultsJson() {}

    /** The results in {@code file}; a file that is not such results is refused naming the file and the field. */
    public static ComparisonResults read(Path file) throws IOException {
        JsonNode root;
        try {
            root = JSON.readTree(Files.readAllBytes(file));
        } catch (JsonProcessingException e) {
            throw new IOException(file + ": not valid JSON: " + e.getOriginalMessage(), e);
        }
        try {
            return JSON.treeToValue(root, ComparisonResults.class);
        } catch (JsonMappingException e) {
            throw new IOException(file + ": " + JsonFieldErrors.describe(e, root, JSON), e);
        }
    }

    /** The results as read from a JSON text. */
    public static ComparisonResults fromJson(String text) throws JsonProcessingException {
        return JSON.readValue(text, ComparisonResults.class);
    }

    /** A part of the results (a task, a figure) as read from a JSON text. */
    public static <T> T fromJson(String text, Class<T> part) throws JsonProcessingException {
        return JSON.readValue(text, part);
    }

    /** A part of the results (a task, a figure) as read from a JSON tree. */
    public static <T> T fromTree(JsonNode tree, Class<T> part) throws JsonProcessingException {
        return JSON.treeToValue(tree, part);
    }

    /** The indented JSON text of the results; the same results always give the same text. */
    public static String toJson(ComparisonResults results) {
        try {
            return JSON.writeValueAsString(results);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write the comparison results as JSON", e);
        }
    }

    /** Writes the results to {@code file} (atomically: a kill leaves the old file or the new one). */
    public static void write(ComparisonResults results, Path file) throws IOException {
        AtomicFiles.writeString(file, toJson(results));
    }

    /** The results or a part of them (such as the protocol, kept beside finished runs) as a tree. */
    static <T extends JsonNode> T tree(Object part) {
        return JSON.valueToTree(part);
    }
}
