package org.tagllm.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.markers.SeriesMarkers;
import org.tagllm.knime.engine.evaluate.ComparisonResults.Predictions;
import org.tagllm.knime.engine.evaluate.ComparisonResults.Run;
import org.tagllm.knime.engine.evaluate.Method;
import org.tagllm.knime.engine.io.AtomicFiles;
import org.tagllm.knime.engine.method.Metrics;

/**
 * A task's plots for the report (PNG): predicted against true values (regression) or ROC curves (two classes) on
 * the test rows, per method; validation score and training loss per epoch for the LLM methods. First seed, chosen
 * configuration.
 */
final class ResultPlots {

    private static final List<Method> PREDICTORS = List.of(Method.FINGERPRINT, Method.LINEAR_PROBE,
            Method.PROMPT_TUNING, Method.TAG_LLM);

    /** Side of the square answer plots, in pixels. */
    static final int SIDE = 640;

    private ResultPlots() {}

    static List<Path> write(ResultsReport.Task t, Path dir) throws IOException {
        System.setProperty("java.awt.headless", "true");
        List<Path> out = new ArrayList<>();
        boolean classification = "classification".equals(t.results().type());
        XYChart answers = classification ? roc(t) : scatter(t);
        if (answers != null) {
            out.add(save(answers, dir.resolve(t.id() + (classification ? "-roc.png" : "-predicted-vs-true.png"))));
        }
        XYChart validation = curves(t, Run::validations, "validation MSE or NLL per epoch (lower is better)",
                List.of(Method.LINEAR_PROBE, Method.PROMPT_TUNING, Method.TAG_LLM, Method.NO_DOMAIN_TAGS,
                        Method.NO_FUNCTION_TAG));
        if (validation != null) {
            out.add(save(validation, dir.resolve(t.id() + "-validation.png")));
        }
        XYChart losses = curves(t, Run::epochLosses, "training loss per epoch (each method's own)",
                Arrays.stream(Method.values()).filter(Method::usesModel).toList());
        if (losses != null) {
            out.add(save(losses, dir.resolve(t.id() + "-training-loss.png")));
        }
        return out;
    }

    /**
     * Predicted against true values per method on a square with the same range on both axes, so that the diagonal
     * (a perfect prediction) runs at 45°; each legend entry carries the method's test R² and RMSE.
     */
    static XYChart scatter(ResultsReport.Task t) {
        XYChart chart = new XYChartBuilder().width(SIDE).height(SIDE).title(t.title() + ": predicted vs true (test)")
                .xAxisTitle("true").yAxisTitle("predicted").build();
        chart.getStyler().setDefaultSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Scatter);
        chart.getStyler().setMarkerSize(4);
        chart.getStyler().setLegendPosition(Styler.LegendPosition.InsideNW);
        double lo = Double.POSITIVE_INFINITY;
        double hi = Double.NEGATIVE_INFINITY;
        for (Method m : PREDICTORS) {
            Predictions p = predictions(t, m);
            if (p == null) {
                continue;
            }
            double[] truth = values(p.truth());
            double[] predicted = values(p.predicted());
            Map<String, Double> figures = Metrics.regression(truth, predicted);
            chart.addSeries(String.format(Locale.ROOT, "%s (R² %.2f, RMSE %.2f)", m.label(),
                    figures.getOrDefault("r2", Double.NaN), figures.get("rmse")), truth, predicted);
            for (double v : truth) {
                lo = Math.min(lo, v);
                hi = Math.max(hi, v);
            }
            for (double v : predicted) {
                lo = Math.min(lo, v);
                hi = Math.max(hi, v);
            }
        }
        if (chart.getSeriesMap().isEmpty()) {
            return null;
        }
        double pad = hi > lo ? 0.05 * (hi - lo) : 1;
        lo -= pad;
        hi += pad;
        XYSeries diagonal = chart.addSeries("y = x", new double[] {lo, hi}, new double[] {lo, hi});
        diagonal.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Line);
        diagonal.setMarker(SeriesMarkers.NONE);
        String pattern = LossCurvePlot.decimalPattern(hi - lo);
        chart.getStyler().setXAxisMin(lo).setXAxisMax(hi).setYAxisMin(lo).setYAxisMax(hi)
                .setXAxisDecimalPattern(pattern).setYAxisDecimalPattern(pattern);
        return chart;
    }

    /** ROC curves per method on the unit square, each legend entry with the method's test AUC. */
    static XYChart roc(ResultsReport.Task t) {
        XYChart chart = new XYChartBuilder().width(SIDE).height(SIDE).title(t.title() + ": ROC (test)")
                .xAxisTitle("false positive rate").yAxisTitle("true positive rate").build();
        chart.getStyler().setLegendPosition(Styler.LegendPosition.InsideSE);
        for (Method m : PREDICTORS) {
            Predictions p = predictions(t, m);
            if (p == null) {
                continue;
            }
            double[][] curve = rocCurve(values(p.truth()), values(p.predicted()));
            if (curve != null) {
                chart.addSeries(String.format(Locale.ROOT, "%s (AUC %.2f)", m.label(), area(curve)), curve[0],
                        curve[1]).setMarker(SeriesMarkers.NONE);
            }
        }
        if (chart.getSeriesMap().isEmpty()) {
            return null;
        }
        chart.addSeries("chance", new double[] {0, 1}, new double[] {0, 1}).setMarker(SeriesMarkers.NONE);
        // Outside the fixed unit square, so never drawn; 0.37 below zero is a step of no rate k/n.
        LossCurvePlot.offGridPoint(chart, -0.37, -0.37);
        // Rates from 0 to 1 in tenths: without a fixed range and pattern XChart labels every distinct rate in full.
        chart.getStyler().setXAxisMin(0.0).setXAxisMax(1.0).setYAxisMin(0.0).setYAxisMax(1.0)
                .setXAxisDecimalPattern("0.0").setYAxisDecimalPattern("0.0");
        return chart;
    }

    /** The area under a ROC curve by trapezoids (tied scores' diagonal steps count half, as in the AUROC). */
    static double area(double[][] curve) {
        double a = 0;
        for (int i = 1; i < curve[0].length; i++) {
            a += (curve[0][i] - curve[0][i - 1]) * (curve[1][i] + curve[1][i - 1]) / 2;
        }
        return a;
    }

    /** The ROC points, thresholds from the highest score down (tied scores move together); null with one class. */
    static double[][] rocCurve(double[] labels, double[] scores) {
        Integer[] order = new Integer[scores.length];
        for (int i = 0; i < order.length; i++) {
            order[i] = i;
        }
        Arrays.sort(order, Comparator.comparingDouble((Integer i) -> scores[i]).reversed());
        long positives = Arrays.stream(labels).filter(l -> l == 1).count();
        long negatives = labels.length - positives;
        if (positives == 0 || negatives == 0) {
            return null;
        }
        List<double[]> points = new ArrayList<>();
        points.add(new double[] {0, 0});
        int tp = 0;
        int fp = 0;
        for (int k = 0; k < order.length; k++) {
            if (labels[order[k]] == 1) {
                tp++;
            } else {
                fp++;
            }
            if (k + 1 == order.length || scores[order[k + 1]] != scores[order[k]]) {
                points.add(new double[] {(double) fp / negatives, (double) tp / positives});
            }
        }
        return new double[][] {points.stream().mapToDouble(p -> p[0]).toArray(),
            points.stream().mapToDouble(p -> p[1]).toArray()};
    }

    private static XYChart curves(ResultsReport.Task t, Function<Run, List<Double>> field, String title,
            List<Method> methods) {
        XYChart chart = new XYChartBuilder().width(900).height(450).title(t.id() + ": " + title)
                .xAxisTitle("epoch").yAxisTitle("score").build();
        chart.getStyler().setXAxisDecimalPattern("0");
        for (Method m : methods) {
            Run r = t.firstChosen(m);
            List<Double> curve = r == null ? null : field.apply(r);
            if (curve == null || curve.isEmpty()) {
                continue;
            }
            List<Integer> epochs = new ArrayList<>();
            List<Double> values = new ArrayList<>();
            for (int i = 0; i < curve.size(); i++) {
                Double v = curve.get(i);
                // Undefined epochs are null, or a non-finite loss written as text ("NaN"): not drawn.
                if (v != null && Double.isFinite(v)) {
                    epochs.add(i + 1);
                    values.add(v);
                }
            }
            if (!epochs.isEmpty()) {
                chart.addSeries(m.label(), epochs, values);
            }
        }
        return chart.getSeriesMap().isEmpty() ? null : chart;
    }

    private static Predictions predictions(ResultsReport.Task t, Method m) {
        Run r = t.firstChosen(m);
        if (r == null || r.testPredictions() == null || r.testPredictions().truth() == null
                || r.testPredictions().truth().isEmpty()) {
            return null;
        }
        return r.testPredictions();
    }

    private static double[] values(List<Double> values) {
        return values.stream().mapToDouble(v -> v == null ? 0 : v).toArray();
    }

    private static Path save(XYChart chart, Path png) throws IOException {
        byte[] bytes = BitmapEncoder.getBitmapBytes(chart, BitmapEncoder.BitmapFormat.PNG);
        Files.createDirectories(png.toAbsolutePath().getParent());
        AtomicFiles.write(png, o -> o.write(bytes));
        return png;
    }
}
