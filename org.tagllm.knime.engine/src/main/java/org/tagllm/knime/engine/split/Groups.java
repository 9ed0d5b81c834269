package org.tagllm.knime.engine.split;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Row indices grouped by key, groups in order of first appearance, rows ascending within a group. */
final class Groups {

    private Groups() {}

    static List<List<Integer>> of(List<String> keys) {
        Map<String, List<Integer>> byKey = new LinkedHashMap<>();
        for (int i = 0; i < keys.size(); i++) {
            String key = keys.get(i);
            if (key == null) {
                throw new IllegalArgumentException("group key of row " + (i + 1) + " (index " + i + ") is null");
            }
            byKey.computeIfAbsent(key, k -> new ArrayList<>()).add(i);
        }
        return new ArrayList<>(byKey.values());
    }
}
