package org.tagllm.knime.nodes.common;

import java.util.Objects;
import org.tagllm.knime.nodes.port.TagModelSpec;
import org.tagllm.knime.nodes.table.TableShape;

/** What configure announces for a node with a tag-model port and a metrics table. */
public record ModelOutputSpec(TagModelSpec model, TableShape metrics) {

    public ModelOutputSpec {
        Objects.requireNonNull(model, "model");
        Objects.requireNonNull(metrics, "metrics");
    }
}
