package org.tagllm.knime.nodes.knime.port;

import java.awt.BorderLayout;
import java.awt.Font;
import java.awt.GridLayout;
import java.util.List;

import javax.swing.JComponent;
import javax.swing.JPanel;
import javax.swing.JScrollPane;
import javax.swing.JSplitPane;
import javax.swing.JTextArea;

import org.tagllm.knime.nodes.port.TagModelPortContent;
import org.tagllm.knime.nodes.port.TagModelSpec;
import org.tagllm.knime.nodes.knime.monitor.LearningChart;
import org.tagllm.knime.nodes.monitor.LearningMonitor;
import org.tagllm.knime.nodes.port.TrainingCurve;

/**
 * The port view: the lines {@link TagModelSpec#describe()} and {@link TagModelPortContent#describe()} write (base
 * model, tags, tasks and heads, curves, metrics) and, below, one chart per training curve (step losses and validation
 * per epoch, drawn with KNIME's JFreeChart as the learning monitor draws them). Plain Swing components, built only when KNIME opens the port view (never in headless runs); the
 * component's name is the tab title.
 */
final class TagModelPortView {

    private TagModelPortView() {}

    static JComponent ofSpec(TagModelSpec spec) {
        JComponent text = text(spec.describe());
        text.setName("Tag model spec");
        return text;
    }

    static JComponent ofContent(TagModelPortContent content) {
        JPanel charts = new JPanel(new GridLayout(0, 1, 0, 8));
        for (TrainingCurve curve : content.curves()) {
            LearningChart chart = new LearningChart();
            chart.show(LearningMonitor.Snapshot.of(curve));
            charts.add(chart.component());
        }
        JSplitPane split = new JSplitPane(JSplitPane.VERTICAL_SPLIT, text(content.describe()),
            new JScrollPane(charts));
        split.setResizeWeight(0.4);
        split.setName("Tag model");
        return split;
    }

    static JComponent ofError(String message) {
        JComponent text = text(List.of("The stored tag model cannot be read:", String.valueOf(message)));
        text.setName("Tag model");
        return text;
    }

    private static JComponent text(List<String> lines) {
        JTextArea area = new JTextArea(String.join("\n", lines));
        area.setEditable(false);
        area.setFont(new Font(Font.MONOSPACED, Font.PLAIN, 12));
        return new JScrollPane(area);
    }
}
