package org.tagllm.knime.engine.io;

import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.ValueInstantiationException;
import java.time.Instant;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;

/**
 * A bad field of a JSON file the project reads (a bank manifest, evaluate results), told as a user reads it: where it
 * is, which named entry it belongs to and what is wrong, instead of Jackson's text about Java types.
 */
public final class JsonFieldErrors {

    private JsonFieldErrors() {}

    /**
     * Jackson's account of a bad field, reduced to where it is, which tag it concerns and what is wrong, e.g.
     * {@code tags[1] (<SMILES>).vectors: required field is missing}.
     */
    public static String describe(JsonMappingException e, JsonNode root, ObjectMapper mapper) {
        StringBuilder at = new StringBuilder();
        JsonNode node = root;
        for (JsonMappingException.Reference r : e.getPath()) {
            at.append(r.getFieldName() != null ? (at.length() == 0 ? "" : ".") + r.getFieldName()
                    : "[" + r.getIndex() + "]");
            if (node != null) {
                node = r.getFieldName() != null ? node.get(r.getFieldName()) : node.get(r.getIndex());
            }
            String item = itemName(node);
            if (item != null) {
                at.append(" (").append(item).append(')');
            }
        }
        String message = e.getOriginalMessage();
        String problem;
        if (e instanceof ValueInstantiationException && e.getCause() instanceof IllegalArgumentException bad) {
            problem = bad.getMessage();
        } else if (message.startsWith("Missing required creator property")) {
            problem = "required field is missing";
        } else if (message.startsWith("Cannot map `null`")) {
            problem = "must not be null";
        } else if (e instanceof InvalidFormatException bad && bad.getTargetType() != null
                && bad.getTargetType().isEnum()) {
            problem = "'" + bad.getValue() + "' is not one of " + jsonNames(bad.getTargetType(), mapper);
        } else if (e instanceof InvalidFormatException bad && bad.getTargetType() == Instant.class) {
            problem = "'" + bad.getValue() + "' is not an ISO-8601 time such as 2024-05-01T12:00:00Z";
        } else if (e instanceof MismatchedInputException bad && bad.getTargetType() != null && node != null) {
            problem = "expected " + jsonType(bad.getTargetType()) + ", got " + shortened(node.toString());
        } else {
            problem = message;
        }
        return at.length() == 0 ? problem : at + ": " + problem;
    }

    /** A Java type as the JSON a user would write for it. */
    private static String jsonType(Class<?> type) {
        if (type == int.class || type == Integer.class || type == long.class || type == Long.class) {
            return "a whole number";
        }
        if (type == double.class || type == Double.class || type == float.class || type == Float.class) {
            return "a number";
        }
        if (type == boolean.class || type == Boolean.class) {
            return "true or false";
        }
        if (type == String.class || type.isEnum()) {
            return "a string";
        }
        return type.isArray() || Collection.class.isAssignableFrom(type) ? "a list" : "an object";
    }

    private static String shortened(String json) {
        return json.length() <= 40 ? json : json.substring(0, 37) + "...";
    }

    /** What an entry is about, if it has a name: a tag, head, task or field of a bank, a task or method of results. */
    private static String itemName(JsonNode node) {
        if (node == null || !node.isObject()) {
            return null;
        }
        for (String key : List.of("name", "function_tag", "domain_tag")) {
            if (node.path(key).isTextual()) {
                return node.get(key).textValue();
            }
        }
        return null;
    }

    private static List<String> jsonNames(Class<?> enumType, ObjectMapper mapper) {
        return Arrays.stream(enumType.getEnumConstants()).map(c -> mapper.convertValue(c, String.class)).toList();
    }

}
