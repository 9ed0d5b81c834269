package org.tagllm.knime.nodes.knime.monitor;

import java.awt.Color;
import java.awt.Dimension;
import org.jfree.chart.ChartFactory;
import org.jfree.chart.ChartPanel;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.plot.PlotOrientation;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.xy.XYLineAndShapeRenderer;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;
import org.tagllm.knime.nodes.monitor.LearningMonitor;

/**
 * One training run's curves with KNIME's JFreeChart: the training loss of every step (a line) and the validation
 * score after every epoch (line with points), over optimizer steps. Used live by the learning monitor view and, for
 * finished runs, by the tag-model port view. Call {@link #show} on the Swing thread.
 */
public final class LearningChart {

    private final XYSeries losses = new XYSeries("training loss per step", false, true);
    private final XYSeries validations = new XYSeries("validation per epoch", false, true);
    private final JFreeChart chart;
    private final ChartPanel panel;

    public LearningChart() {
        XYSeriesCollection data = new XYSeriesCollection();
        data.addSeries(losses);
        data.addSeries(validations);
        chart = ChartFactory.createXYLineChart("", "optimizer step", "loss", data, PlotOrientation.VERTICAL, true,
            true, false);
        XYPlot plot = chart.getXYPlot();
        XYLineAndShapeRenderer renderer = new XYLineAndShapeRenderer();
        renderer.setSeriesShapesVisible(0, false);
        renderer.setSeriesPaint(0, new Color(110, 110, 110));
        renderer.setSeriesShapesVisible(1, true);
        renderer.setSeriesPaint(1, new Color(230, 120, 20));
        plot.setRenderer(renderer);
        panel = new ChartPanel(chart);
        panel.setPreferredSize(new Dimension(520, 260));
    }

    /** The Swing component. */
    public ChartPanel component() {
        return panel;
    }

    /** Shows {@code s}: its run as the title, its points as the two series (one redraw). */
    public void show(LearningMonitor.Snapshot s) {
        chart.setTitle(s.run());
        fill(losses, s.losses());
        fill(validations, s.validations());
    }

    private static void fill(XYSeries series, java.util.List<LearningMonitor.Point> points) {
        series.setNotify(false);
        series.clear();
        for (LearningMonitor.Point p : points) {
            if (Double.isFinite(p.value())) {
                series.add(p.step(), p.value());
            }
        }
        series.setNotify(true);
    }
}
