package org.tagllm.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.markers.SeriesMarkers;
import org.tagllm.knime.engine.io.AtomicFiles;

/** A loss curve as a PNG: training loss per optimizer step and, where there is one, validation loss per epoch. */
final class LossCurvePlot {

    /**
     * One line of the plot: x values (optimizer steps) and y values (losses); {@code ownAxis} puts it on a second y
     * axis at the right (a validation score in other units than the training loss).
     */
    record Series(String name, List<? extends Number> steps, List<? extends Number> losses, boolean ownAxis) {
        Series(String name, List<? extends Number> steps, List<? extends Number> losses) {
            this(name, steps, losses, false);
        }
    }

    private LossCurvePlot() {}

    static void write(Path png, String title, List<Series> series) throws IOException {
        System.setProperty("java.awt.headless", "true");
        XYChart chart = new XYChartBuilder().width(800).height(500).title(title).xAxisTitle("optimizer step")
                .yAxisTitle("loss").build();
        chart.getStyler().setLegendVisible(series.size() > 1);
        for (Series s : series) {
            if (s.steps().isEmpty()) {
                continue;
            }
            XYSeries line = chart.addSeries(s.name(), s.steps(), s.losses());
            if (s.ownAxis()) {
                line.setYAxisGroup(1);
                chart.setYAxisGroupTitle(1, s.name());
                chart.getStyler().setYAxisGroupPosition(1, org.knowm.xchart.style.Styler.YAxisPosition.Right);
            }
            line.setMarker(s.steps().size() > 50 ? SeriesMarkers.NONE : SeriesMarkers.CIRCLE);
        }
        byte[] bytes = BitmapEncoder.getBitmapBytes(chart, BitmapEncoder.BitmapFormat.PNG);
        Files.createDirectories(png.toAbsolutePath().getParent());
        AtomicFiles.write(png, out -> out.write(bytes));
    }
}
