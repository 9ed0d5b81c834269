package org.tagllm.knime.nodes.knime.exec;

import java.util.ArrayList;
import java.util.List;

import org.knime.core.node.CanceledExecutionException;
import org.knime.core.node.ExecutionMonitor;
import org.tagllm.knime.nodes.exec.NodeProgress;

/**
 * KNIME's {@link ExecutionMonitor} as a {@link NodeProgress}: progress and its message go to the node's progress bar,
 * {@link #cancelled()} asks {@link ExecutionMonitor#checkCanceled()}, warnings are collected for the node model, which
 * sets them as its warning message when execution ends (on its own thread). Thread-safe: engine workers call it too.
 */
public final class KnimeProgress implements NodeProgress {

    private final ExecutionMonitor exec;
    private final List<String> warnings = new ArrayList<>();

    public KnimeProgress(ExecutionMonitor exec) {
        this.exec = exec;
    }

    @Override
    public void progress(double fraction, String message) {
        exec.setProgress(fraction, message);
    }

    @Override
    public boolean cancelled() {
        try {
            exec.checkCanceled();
            return false;
        } catch (CanceledExecutionException e) {
            return true;
        }
    }

    @Override
    public synchronized void warning(String message) {
        warnings.add(message);
    }

    /** The warnings so far, one per line, or null when there were none (KNIME's "no warning"). */
    public synchronized String warningMessage() {
        return warnings.isEmpty() ? null : String.join("\n", warnings);
    }
}
