package org.tagllm.knime.nodes.knime.monitor;

import java.awt.BorderLayout;
import java.util.concurrent.atomic.AtomicBoolean;
import javax.swing.JButton;
import javax.swing.JLabel;
import javax.swing.JPanel;
import javax.swing.SwingUtilities;
import org.knime.core.node.NodeModel;
import org.knime.core.node.NodeView;
import org.tagllm.knime.nodes.monitor.LearningMonitor;

/**
 * The training nodes' view, as the Keras Learner's: the loss of every step and the validation of every epoch while
 * the node executes ({@link LearningChart}), and a button that stops the training early; the engine then ends the run
 * as early stopping does and the node keeps its best state. Redraws are coalesced onto the Swing thread.
 *
 * @param <M> the node model
 */
public final class LearningMonitorView<M extends NodeModel> extends NodeView<M> {

    private final LearningMonitor monitor;
    private final LearningChart chart = new LearningChart();
    private final JButton stop = new JButton("Stop training (keep best epoch)");
    private final JLabel status = new JLabel(" ");
    private final AtomicBoolean redrawQueued = new AtomicBoolean();
    private final Runnable onChange = this::queueRedraw;

    public LearningMonitorView(M nodeModel, LearningMonitor monitor) {
        super(nodeModel);
        this.monitor = monitor;
        stop.addActionListener(e -> monitor.requestStop());
        JPanel south = new JPanel(new BorderLayout());
        south.add(status, BorderLayout.CENTER);
        south.add(stop, BorderLayout.EAST);
        JPanel panel = new JPanel(new BorderLayout());
        panel.add(chart.component(), BorderLayout.CENTER);
        panel.add(south, BorderLayout.SOUTH);
        setComponent(panel);
    }

    private void queueRedraw() {
        if (redrawQueued.compareAndSet(false, true)) {
            SwingUtilities.invokeLater(() -> {
                redrawQueued.set(false);
                redraw();
            });
        }
    }

    private void redraw() {
        LearningMonitor.Snapshot s = monitor.snapshot();
        chart.show(s);
        stop.setEnabled(!s.stopRequested());
        status.setText(s.losses().isEmpty() ? "waiting for the first step" : s.losses().size() + " steps, "
            + s.validations().size() + " validations" + (s.bestEpoch() > 0 ? ", best epoch " + s.bestEpoch() : "")
            + (s.stopRequested() ? " — stopping" : ""));
    }

    @Override
    protected void modelChanged() {
        queueRedraw();
    }

    @Override
    protected void onOpen() {
        monitor.addListener(onChange);
        queueRedraw();
    }

    @Override
    protected void onClose() {
        monitor.removeListener(onChange);
    }
}
