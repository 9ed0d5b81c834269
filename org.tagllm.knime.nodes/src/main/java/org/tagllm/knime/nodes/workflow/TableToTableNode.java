package org.tagllm.knime.nodes.workflow;

/** A standard node with one input table and one output table. */
interface TableToTableNode extends WorkflowNode {
    @Override
    default int minInputs() {
        return 1;
    }

    @Override
    default int maxInputs() {
        return 1;
    }
}
