package org.tagllm.cli;

import java.util.Map;

/** {@code --max-tokens-per-field COL=N,...}: each cap checked to be positive. */
final class FieldCaps {

    private FieldCaps() {}

    static Map<String, Integer> check(Map<String, Integer> caps) {
        caps.forEach((column, max) -> {
            if (max == null || max < 1) {
                throw new IllegalArgumentException("--max-tokens-per-field " + column + "=" + max
                        + ": a cap must be a positive number of tokens");
            }
        });
        return caps;
    }
}
