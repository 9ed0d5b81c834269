package org.tagllm.knime.nodes.workflow;

import java.io.PrintWriter;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CopyOnWriteArrayList;
import org.tagllm.knime.nodes.exec.NodeProgress;

/**
 * A node's progress as lines, {@code [pretrain-smiles]  40% step 12/30, loss 2.3100}: one line whenever the progress
 * passes another tenth (training reports every step; the lines would drown the log), and every warning. Keeps the
 * warnings for the workflow's result. Never cancelled.
 */
final class PrintingProgress implements NodeProgress {

    private final String node;
    private final PrintWriter out;
    private final List<String> warnings = new CopyOnWriteArrayList<>();
    private int lastTenth = -1;

    PrintingProgress(String node, PrintWriter out) {
        this.node = node;
        this.out = out;
    }

    @Override
    public synchronized void progress(double fraction, String message) {
        int tenth = (int) Math.floor(Math.max(0, Math.min(1, fraction)) * 10);
        if (tenth > lastTenth) {
            lastTenth = tenth;
            print(String.format(Locale.ROOT, "%3d%% %s", tenth * 10, message == null ? "" : message));
        }
    }

    @Override
    public boolean cancelled() {
        return false;
    }

    @Override
    public void warning(String message) {
        warnings.add(message);
        print("WARNING " + message);
    }

    List<String> warnings() {
        return List.copyOf(warnings);
    }

    private void print(String line) {
        if (out != null) {
            synchronized (out) {
                out.println("[" + node + "] " + line);
                out.flush();
            }
        }
    }
}
