package org.tagllm.knime.nodes.common;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The names under which the nodes' final figures become KNIME flow variables: prefixed, as KNIME's own nodes prefix
 * theirs, so that {@code stage} or {@code steps} never overwrites a variable of the same name from elsewhere in the
 * workflow.
 */
public final class FlowVariables {

    /** Put before every flow variable a Tag-LLM node pushes. */
    public static final String PREFIX = "tagllm_";

    private FlowVariables() {}

    /** {@code stage} → {@code tagllm_stage}; {@code valid.mse} → {@code tagllm_valid.mse}. */
    public static String name(String key) {
        return PREFIX + key;
    }

    /** The node output's figures under their flow-variable names, in their order. */
    public static Map<String, Double> prefixed(Map<String, Double> figures) {
        Map<String, Double> m = new LinkedHashMap<>();
        figures.forEach((k, v) -> m.put(name(k), v));
        return m;
    }
}
