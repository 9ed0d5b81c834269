package org.tagllm.knime.nodes.knime.port;

import java.awt.BasicStroke;
import java.awt.BorderLayout;
import java.awt.Color;
import java.awt.Dimension;
import java.awt.Font;
import java.awt.Graphics;
import java.awt.Graphics2D;
import java.awt.GridLayout;
import java.awt.RenderingHints;
import java.awt.geom.Path2D;
import java.util.List;
import java.util.Locale;

import javax.swing.JComponent;
import javax.swing.JPanel;
import javax.swing.JScrollPane;
import javax.swing.JSplitPane;
import javax.swing.JTextArea;

import org.tagllm.knime.nodes.port.TagModelPortContent;
import org.tagllm.knime.nodes.port.TagModelSpec;
import org.tagllm.knime.nodes.port.TrainingCurve;

/**
 * The port view: the lines {@link TagModelSpec#describe()} and {@link TagModelPortContent#describe()} write (base
 * model, tags, tasks and heads, curves, metrics) and, below, one chart per training curve (step losses, epoch means,
 * validation). Plain Swing components, built only when KNIME opens the port view (never in headless runs); the
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
            charts.add(new CurveChart(curve));
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

    /**
     * One curve: step losses (grey), epoch means (blue), validation per epoch (orange), on a shared loss axis. Drawn
     * by hand because XChart (the CLI's plots) is not an OSGi bundle; three polylines do not justify wrapping it.
     */
    private static final class CurveChart extends JComponent {

        private static final long serialVersionUID = 1L;

        private static final int PAD = 36;

        private final TrainingCurve curve;

        CurveChart(TrainingCurve curve) {
            this.curve = curve;
            setPreferredSize(new Dimension(480, 200));
        }

        @Override
        protected void paintComponent(Graphics graphics) {
            Graphics2D g = (Graphics2D) graphics.create();
            try {
                g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
                g.setColor(Color.WHITE);
                g.fillRect(0, 0, getWidth(), getHeight());
                g.setColor(Color.DARK_GRAY);
                g.drawString(curve.run(), PAD, 16);
                double min = Double.POSITIVE_INFINITY;
                double max = Double.NEGATIVE_INFINITY;
                for (List<Double> series : List.of(curve.stepLosses(), curve.epochLosses(), curve.validations())) {
                    for (double v : series) {
                        if (Double.isFinite(v)) {
                            min = Math.min(min, v);
                            max = Math.max(max, v);
                        }
                    }
                }
                if (!(max >= min)) {
                    g.drawString("no losses recorded", PAD, 40);
                    return;
                }
                if (max == min) {
                    max = min + 1;
                }
                int w = getWidth() - 2 * PAD;
                int h = getHeight() - 2 * PAD;
                g.drawRect(PAD, PAD, w, h);
                g.drawString(String.format(Locale.ROOT, "%.3g", max), 2, PAD + 4);
                g.drawString(String.format(Locale.ROOT, "%.3g", min), 2, PAD + h);
                g.drawString("steps: " + curve.stepLosses().size(), PAD, PAD + h + 16);
                plot(g, curve.stepLosses(), min, max, w, h, new Color(150, 150, 150), 1f);
                plot(g, curve.epochLosses(), min, max, w, h, new Color(40, 90, 200), 2f);
                plot(g, curve.validations(), min, max, w, h, new Color(230, 120, 20), 2f);
            } finally {
                g.dispose();
            }
        }

        /** A series spread over the full width (steps and epochs share the time axis, each on its own scale). */
        private static void plot(Graphics2D g, List<Double> series, double min, double max, int w, int h,
                Color color, float width) {
            if (series.isEmpty()) {
                return;
            }
            Path2D.Double path = new Path2D.Double();
            int n = series.size();
            boolean started = false;
            for (int i = 0; i < n; i++) {
                double v = series.get(i);
                if (!Double.isFinite(v)) {
                    continue;
                }
                double x = PAD + (n == 1 ? w : (double) w * i / (n - 1));
                double y = PAD + h - (v - min) / (max - min) * h;
                if (started) {
                    path.lineTo(x, y);
                } else {
                    path.moveTo(x, y);
                    started = true;
                }
            }
            g.setColor(color);
            g.setStroke(new BasicStroke(width));
            g.draw(path);
        }
    }
}
