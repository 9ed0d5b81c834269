package org.tagllm.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.XYStyler;
import org.knowm.xchart.style.markers.SeriesMarkers;
import org.tagllm.knime.engine.io.AtomicFiles;

/**
 * A loss curve as a PNG: training loss per optimizer step and, where there is one, the validation score at the steps
 * it was taken. Axes are drawn honestly: a nearly flat curve stays nearly flat, losses spanning decades get a
 * logarithmic axis, tick labels carry only the digits that tell ticks apart.
 */
final class LossCurvePlot {

    /**
     * A loss that moves by a fraction of a percent, drawn across the full height, looks like a collapse. So each y
     * axis spans at least this share of the largest value it shows: a change reads in proportion to the loss. Not
     * the whole range from zero either, which would flatten the few-percent gains tag training really makes.
     */
    static final double MIN_RELATIVE_SPAN = 0.1;

    /** Above this ratio of the largest to the smallest training loss the y axis is logarithmic (automatic). */
    static final double LOG_SCALE_RATIO = 100;

    /** Pixels between x ticks: room for a label such as "20,000" and space around it. */
    static final int X_TICK_SPACING = 100;

    static final int MAX_X_LABELS = 8;

    /**
     * One line of the plot: x values (optimizer steps) and y values (losses); {@code ownAxis} puts it on a second y
     * axis at the right (a validation score in other units than the training loss), titled by its name.
     */
    record Series(String name, List<? extends Number> steps, List<? extends Number> losses, boolean ownAxis) {
        Series(String name, List<? extends Number> steps, List<? extends Number> losses) {
            this(name, steps, losses, false);
        }
    }

    private LossCurvePlot() {}

    static void write(Path png, String title, List<Series> series) throws IOException {
        write(png, chart(title, "loss", series));
    }

    static void write(Path png, XYChart chart) throws IOException {
        System.setProperty("java.awt.headless", "true");
        byte[] bytes = BitmapEncoder.getBitmapBytes(chart, BitmapEncoder.BitmapFormat.PNG);
        Files.createDirectories(png.toAbsolutePath().getParent());
        AtomicFiles.write(png, out -> out.write(bytes));
    }

    /** The chart model: {@code yAxisTitle} names the left axis (the series not on their own axis). */
    static XYChart chart(String title, String yAxisTitle, List<Series> series) {
        XYChart chart = new XYChartBuilder().width(800).height(500).title(title).xAxisTitle("optimizer step")
                .yAxisTitle(yAxisTitle).build();
        XYStyler styler = chart.getStyler();
        styler.setLegendVisible(series.stream().filter(s -> !s.steps().isEmpty()).count() > 1);
        styler.setLegendPosition(Styler.LegendPosition.InsideNE);
        styler.setXAxisDecimalPattern("#,##0");
        styler.setXAxisTickMarkSpacingHint(X_TICK_SPACING);
        styler.setXAxisMaxLabelCount(MAX_X_LABELS);
        boolean logarithmic = logarithmic(series);
        styler.setYAxisLogarithmic(logarithmic);
        for (int group = 0; group <= 1; group++) {
            boolean own = group == 1;
            double[] values = series.stream().filter(s -> s.ownAxis() == own).flatMap(s -> s.losses().stream())
                    .mapToDouble(Number::doubleValue).filter(Double::isFinite).toArray();
            if (values.length == 0) {
                continue;
            }
            double[] range = honestRange(values);
            String pattern = decimalPattern(range[1] - range[0]);
            if (group == 0) {
                styler.setYAxisDecimalPattern(pattern);
                if (!logarithmic && range[2] == 1) {
                    styler.setYAxisMin(range[0]);
                    styler.setYAxisMax(range[1]);
                }
            } else {
                styler.putYAxisGroupDecimalPatternMap(1, pattern);
                if (range[2] == 1) {
                    styler.setYAxisMin(1, range[0]);
                    styler.setYAxisMax(1, range[1]);
                }
            }
        }
        for (Series s : series) {
            if (s.steps().isEmpty()) {
                continue;
            }
            XYSeries line = chart.addSeries(s.name(), s.steps(), s.losses());
            if (s.ownAxis()) {
                line.setYAxisGroup(1);
                chart.setYAxisGroupTitle(1, s.name());
                styler.setYAxisGroupPosition(1, Styler.YAxisPosition.Right);
            }
            line.setMarker(s.steps().size() > 50 ? SeriesMarkers.NONE : SeriesMarkers.CIRCLE);
        }
        Series first = series.stream().filter(s -> !s.steps().isEmpty() && !s.ownAxis()).findFirst().orElse(null);
        if (first != null) {
            // Half a step before the first: inside the axis's margin, never drawn.
            offGridPoint(chart, first.steps().get(0).doubleValue() - 0.5, first.losses().get(0).doubleValue());
        }
        return chart;
    }

    /**
     * Adds an invisible point off the grid of the data. XChart labels evenly spaced data (steps 1, 2, 3 …; ROC rates
     * k/n) at the data points themselves: labels of long runs collide, ticks fall on odd values, and a rounding
     * pattern moves labels away from their values. One point off that grid makes it place round ticks by the
     * spacing hint; it has no marker, no line and no legend entry.
     */
    static void offGridPoint(XYChart chart, double x, double y) {
        XYSeries point = chart.addSeries(" ", new double[] {x}, new double[] {y});
        point.setMarker(SeriesMarkers.NONE);
        point.setShowInLegend(false);
    }

    /** Whether the training loss (the left axis) spans more than {@link #LOG_SCALE_RATIO}, all of it positive. */
    static boolean logarithmic(List<Series> series) {
        double[] values = series.stream().filter(s -> !s.ownAxis()).flatMap(s -> s.losses().stream())
                .mapToDouble(Number::doubleValue).filter(Double::isFinite).toArray();
        double min = Arrays.stream(values).min().orElse(0);
        double max = Arrays.stream(values).max().orElse(0);
        return min > 0 && max / min > LOG_SCALE_RATIO;
    }

    /**
     * {min, max, widened}: the values' range, widened about its middle to {@link #MIN_RELATIVE_SPAN} of the largest
     * magnitude when narrower (widened = 1), never below zero for values that are not.
     */
    static double[] honestRange(double[] values) {
        double min = Arrays.stream(values).min().orElseThrow();
        double max = Arrays.stream(values).max().orElseThrow();
        double magnitude = Math.max(Math.abs(min), Math.abs(max));
        double wanted = magnitude == 0 ? 1 : MIN_RELATIVE_SPAN * magnitude;
        if (max - min >= wanted) {
            return new double[] {min, max, 0};
        }
        double middle = (min + max) / 2;
        double low = middle - wanted / 2;
        double high = middle + wanted / 2;
        if (min >= 0 && low < 0) {
            high -= low;
            low = 0;
        }
        return new double[] {low, high, 1};
    }

    /** A pattern with the decimals that tell apart ticks about a tenth of {@code span} apart (at most 8). */
    static String decimalPattern(double span) {
        int decimals = span > 0 ? (int) Math.max(0, Math.min(8, 2 - Math.floor(Math.log10(span)))) : 2;
        return decimals == 0 ? "#,##0" : "#,##0." + "#".repeat(decimals);
    }
}
