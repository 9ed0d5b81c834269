package org.tagllm.knime.nodes.knime.exec;

import org.knime.core.node.CanceledExecutionException;
import org.knime.core.node.InvalidSettingsException;
import org.tagllm.knime.nodes.exec.NodeCancelledException;
import org.tagllm.knime.nodes.exec.SettingsException;

/** The KNIME-free nodes' exceptions as KNIME's; the messages are the nodes' own. */
public final class Failures {

    private Failures() {}

    public static InvalidSettingsException settings(SettingsException e) {
        return new InvalidSettingsException(e.getMessage(), e);
    }

    public static CanceledExecutionException cancelled(NodeCancelledException e) {
        CanceledExecutionException c = new CanceledExecutionException(e.getMessage());
        c.initCause(e);
        return c;
    }
}
