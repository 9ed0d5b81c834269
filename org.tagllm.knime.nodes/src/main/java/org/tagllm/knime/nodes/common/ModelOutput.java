package org.tagllm.knime.nodes.common;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import org.tagllm.knime.nodes.port.TagModelPortContent;
import org.tagllm.knime.nodes.table.InMemoryTable;

/**
 * What a training or composing node produces: the port content, the metrics table, and the final metrics as flow
 * variables (name → value; the glue pushes each as a double flow variable).
 */
public record ModelOutput(TagModelPortContent port, InMemoryTable metrics, Map<String, Double> flowVariables) {

    public ModelOutput {
        Objects.requireNonNull(port, "port");
        Objects.requireNonNull(metrics, "metrics");
        flowVariables = Collections.unmodifiableMap(new LinkedHashMap<>(flowVariables));
    }
}
