package org.tagllm.knime.engine.config;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import org.tagllm.knime.engine.ModelFormatException;

/**
 * Strict reads of one JSON object's keys: a value of the wrong type or out of range is refused naming the key, the
 * value as written and the rule, never turned into a default or zero. An absent key or {@code null} means "not given".
 * JSON numbers are taken as they are typed: {@code 64.5}, {@code 4.0} and {@code true} are not integers.
 */
final class ConfigValues {

    private final JsonNode object;
    private final String where;

    /** @param where the file (and object inside it) named in every refusal */
    ConfigValues(JsonNode object, String where) {
        this.object = object;
        this.where = where;
    }

    boolean has(String key) {
        return object.hasNonNull(key);
    }

    /** A required integer in {@code [min, max]}. */
    int integer(String key, int min, int max) throws ModelFormatException {
        return integer(key, min, max, "");
    }

    /** A required integer in {@code [min, max]}; {@code why} explains the bound, e.g. what must fit. */
    int integer(String key, int min, int max, String why) throws ModelFormatException {
        JsonNode n = object.get(key);
        String rule = "an integer from " + min + " to " + max + why;
        if (n == null || n.isNull()) {
            throw refusal(key, "missing", rule);
        }
        if (!n.isIntegralNumber() || !n.canConvertToLong() || n.asLong() < min || n.asLong() > max) {
            throw refusal(key, n, rule);
        }
        return n.intValue();
    }

    /** An optional integer in {@code [min, max]}, {@code fallback} when not given. */
    int integer(String key, int min, int max, String why, int fallback) throws ModelFormatException {
        return has(key) ? integer(key, min, max, why) : fallback;
    }

    /** An optional finite number greater than zero, {@code fallback} when not given. */
    double positive(String key, double fallback) throws ModelFormatException {
        return has(key) ? positive(key) : fallback;
    }

    /** A required finite number greater than zero. */
    double positive(String key) throws ModelFormatException {
        JsonNode n = object.get(key);
        String rule = "a finite number greater than 0";
        if (n == null || n.isNull()) {
            throw refusal(key, "missing", rule);
        }
        if (!n.isNumber() || !Double.isFinite(n.asDouble()) || n.asDouble() <= 0) {
            throw refusal(key, n, rule);
        }
        return n.asDouble();
    }

    /** An optional {@code true} or {@code false}. */
    boolean bool(String key, boolean fallback) throws ModelFormatException {
        if (!has(key)) {
            return fallback;
        }
        JsonNode n = object.get(key);
        if (!n.isBoolean()) {
            throw refusal(key, n, "true or false");
        }
        return n.booleanValue();
    }

    /** An optional text. */
    String text(String key, String fallback) throws ModelFormatException {
        if (!has(key)) {
            return fallback;
        }
        JsonNode n = object.get(key);
        if (!n.isTextual()) {
            throw refusal(key, n, "text");
        }
        return n.textValue();
    }

    /**
     * Token ids: one integer or a list of them, each in {@code [0, vocabSize)}; empty when not given. {@code none}, if
     * not null, is one more value accepted as "no such token" (read as empty).
     */
    List<Integer> tokenIds(String key, int vocabSize, Integer none) throws ModelFormatException {
        List<Integer> ids = new ArrayList<>();
        if (!has(key)) {
            return ids;
        }
        JsonNode n = object.get(key);
        String rule = "an integer token id in the vocabulary, [0, " + vocabSize + ")";
        if (n.isArray()) {
            for (JsonNode e : n) {
                ids.add(tokenId(key, n, e, vocabSize, rule));
            }
            return ids;
        }
        if (none != null && n.isIntegralNumber() && n.canConvertToInt() && n.intValue() == none) {
            return ids;
        }
        ids.add(tokenId(key, n, n, vocabSize, rule));
        return ids;
    }

    private int tokenId(String key, JsonNode whole, JsonNode id, int vocabSize, String rule)
            throws ModelFormatException {
        if (!id.isIntegralNumber() || !id.canConvertToInt() || id.intValue() < 0 || id.intValue() >= vocabSize) {
            throw refusal(key, whole, rule + (whole == id ? "" : " (" + id + " is not)"));
        }
        return id.intValue();
    }

    ModelFormatException refusal(String key, Object value, String rule) {
        String is = "missing".equals(value) ? "is missing" : "is " + value;
        return new ModelFormatException(where + ": '" + key + "' " + is + "; it must be " + rule);
    }
}
