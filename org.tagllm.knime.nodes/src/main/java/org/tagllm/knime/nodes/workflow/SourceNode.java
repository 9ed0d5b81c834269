package org.tagllm.knime.nodes.workflow;

/** A standard node without input ports. */
interface SourceNode extends WorkflowNode {
    @Override
    default int minInputs() {
        return 0;
    }

    @Override
    default int maxInputs() {
        return 0;
    }
}
