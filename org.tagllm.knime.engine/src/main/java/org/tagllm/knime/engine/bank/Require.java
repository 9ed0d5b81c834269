package org.tagllm.knime.engine.bank;

import java.util.List;

/**
 * Checks shared by the manifest records' constructors. The messages use the JSON field names, because the reader
 * reports them with the field's location in {@code bank.json}.
 */
final class Require {

    private Require() {}

    static <T> T present(T value, String field) {
        if (value == null) {
            throw new IllegalArgumentException("'" + field + "' is missing");
        }
        return value;
    }

    static String text(String value, String field) {
        if (present(value, field).isBlank()) {
            throw new IllegalArgumentException("'" + field + "' must not be blank");
        }
        return value;
    }

    static int positive(int value, String field) {
        if (value <= 0) {
            throw new IllegalArgumentException("'" + field + "' must be a positive integer, got " + value);
        }
        return value;
    }

    /** An immutable copy; an absent optional list is empty. */
    static <T> List<T> listOrEmpty(List<T> values, String field) {
        if (values == null) {
            return List.of();
        }
        for (T v : values) {
            if (v == null) {
                throw new IllegalArgumentException("'" + field + "' must not contain null");
            }
        }
        return List.copyOf(values);
    }
}
