package org.tagllm.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.text.DecimalFormat;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.internal.chartpart.Chart;
import org.tagllm.knime.engine.train.ScoreNames;
import org.tagllm.knime.engine.train.TrainingResult;

/** The loss curve of a training run, checked on XChart's chart model (what the PNG is drawn from). */
class TrainingPlotsTest {

    private static final ScoreNames STAGE_2 = new ScoreNames("training loss (MSE of standardised targets)",
            "validation MSE (target units)");

    static TrainingResult result(List<Double> losses, List<Double> validations, List<Long> at, ScoreNames names) {
        return TrainingResult.builder().optSteps(losses.size()).optEpochs(validations.size()).optStepLosses(losses)
                .optValidations(validations, at).optWallTime(Duration.ofSeconds(1)).optExamplesPerSecond(10)
                .optScoreNames(names).build();
    }

    private static List<Double> falling(int n, double from, double to) {
        List<Double> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            out.add(from * Math.pow(to / from, i / (double) Math.max(1, n - 1)));
        }
        return out;
    }

    @Test
    void validationPointsStandAtTheStepsTheyRanAt() {
        // Epochs of 5, 5 and 2 steps: the old rule (steps ÷ validations = 4) drew them at 4, 8 and 12.
        XYChart chart = TrainingPlots.chart("stage 2 <P>", result(falling(12, 2, 1), List.of(1.9, 1.5, 1.4),
                List.of(5L, 10L, 12L), STAGE_2));
        XYSeries validation = chart.getSeriesMap().get("validation MSE (target units)");
        assertArrayEquals(new double[] {5, 10, 12}, validation.getXData());
        assertArrayEquals(new double[] {1.9, 1.5, 1.4}, validation.getYData());
    }

    @Test
    void axesNameTheirScoresAndUnits() {
        XYChart stage2 = TrainingPlots.chart("stage 2", result(falling(12, 2, 1), List.of(1.9, 1.5), List.of(6L, 12L),
                STAGE_2));
        assertEquals("optimizer step", stage2.getXAxisTitle());
        assertEquals("training loss (MSE of standardised targets)", stage2.getYAxisTitle());
        assertEquals("validation MSE (target units)", stage2.getYAxisGroupTitle(1));
        assertFalse(stage2.getYAxisTitle().contains("task units"));

        ScoreNames nats = new ScoreNames("training loss (nats/token)", "held-out loss (nats/token)", true);
        XYChart stage1 = TrainingPlots.chart("stage 1", result(falling(8, 5.5, 5.2), List.of(5.4), List.of(8L),
                nats));
        assertEquals("loss (nats/token)", stage1.getYAxisTitle(), "same units: one axis");
        assertTrue(stage1.getSeriesMap().values().stream().allMatch(s -> s.getYAxisGroup() == 0));
    }

    @Test
    void aSingleValidationPointGetsShortTickLabels() {
        XYChart chart = TrainingPlots.chart("stage 2", result(falling(4, 2, 1), List.of(2.4099999999999997),
                List.of(4L), STAGE_2));
        String pattern = chart.getStyler().getYAxisGroupDecimalPatternMap().get(1);
        assertEquals("2.41", new DecimalFormat(pattern).format(2.4099999999999997));
        assertEquals("1.5", new DecimalFormat(chart.getStyler().getYAxisDecimalPattern()).format(1.5));
        assertEquals("12,000", new DecimalFormat(chart.getStyler().getXAxisDecimalPattern()).format(12000));
    }

    @Test
    void aFlatCurveIsNotStretchedIntoADrop() {
        List<Double> flat = List.of(1.000, 1.001, 1.002, 1.0005, 1.0012, 1.0008);
        XYChart chart = TrainingPlots.chart("flat", result(flat, List.of(), List.of(), STAGE_2));
        double min = chart.getStyler().getYAxisMin();
        double max = chart.getStyler().getYAxisMax();
        assertTrue(min <= 1.000 && max >= 1.002, min + " .. " + max);
        assertTrue(max - min >= 0.1 * 1.002, "a 0.2 % wiggle spans " + (max - min) + " of the axis");
        assertFalse(chart.getStyler().isYAxisLogarithmic());
    }

    @Test
    void lossesSpanningDecadesGetALogarithmicAxis() {
        XYChart chart = TrainingPlots.chart("decades", result(falling(50, 400, 0.5), List.of(), List.of(), STAGE_2));
        assertTrue(chart.getStyler().isYAxisLogarithmic());
        XYChart narrow = TrainingPlots.chart("narrow", result(falling(50, 4, 0.5), List.of(), List.of(), STAGE_2));
        assertFalse(narrow.getStyler().isYAxisLogarithmic());
    }

    /** The x tick labels XChart drew (read from its axis after painting: XChart keeps them internal). */
    static List<String> xTickLabels(XYChart chart) throws Exception {
        return xTicks(chart, "getTickLabels");
    }

    /** Where XChart drew the x ticks, in pixels from the axis start, in the order of {@link #xTickLabels}. */
    static List<Double> xTickLocations(XYChart chart) throws Exception {
        return xTicks(chart, "getTickLocations");
    }

    private static <T> List<T> xTicks(XYChart chart, String getter) throws Exception {
        BitmapEncoder.getBufferedImage(chart);
        Field pair = Chart.class.getDeclaredField("axisPair");
        pair.setAccessible(true);
        Object axisPair = pair.get(chart);
        Object axis = axisPair.getClass().getMethod("getXAxis").invoke(axisPair);
        Method calculator = axis.getClass().getMethod("getAxisTickCalculator");
        calculator.setAccessible(true);
        Object ticks = calculator.invoke(axis);
        Method labels = ticks.getClass().getMethod(getter);
        labels.setAccessible(true);
        @SuppressWarnings("unchecked")
        List<T> out = (List<T>) labels.invoke(ticks);
        return out;
    }

    @ParameterizedTest(name = "{0} steps")
    @ValueSource(ints = {40, 20000})
    void stepLabelsAreFewRoundNumbers(int steps) throws Exception {
        // XChart labels evenly spaced data at the data points themselves: 1 2 3 … 40 ran into each other, and 20,000
        // steps were labelled 1,540, 3,079, ….
        XYChart chart = TrainingPlots.chart("run", result(falling(steps, 3, 1), List.of(2.0), List.of((long) steps),
                STAGE_2));
        // (XChart's list may run a tick past either end of the axis; those are not drawn.)
        List<Long> ticks = xTickLabels(chart).stream().filter(l -> !l.isBlank())
                .map(l -> Long.parseLong(l.replace(",", ""))).filter(v -> v >= 0 && v <= steps).toList();
        assertTrue(ticks.size() >= 3 && ticks.size() <= 12, ticks.toString());
        long round = steps >= 1000 ? 1000 : 5;
        for (long tick : ticks) {
            assertEquals(0, tick % round, "tick " + tick + " of " + ticks);
        }
    }
}
