package org.tagllm.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.text.DecimalFormat;
import java.util.Locale;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.knowm.xchart.XYChart;
import org.tagllm.knime.engine.evaluate.ComparisonResults.TaskResults;
import org.tagllm.knime.engine.evaluate.Method;

/** The report's answer plots, checked on XChart's chart model. */
class ResultPlotsTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    private static ResultsReport.Task task(String type, double[] truth, double[] predicted) {
        ObjectNode node = JSON.createObjectNode().put("type", type).put("title", "T");
        ObjectNode run = node.putArray("runs").addObject().put("method", Method.TAG_LLM.id()).put("chosen", true);
        ObjectNode p = run.putObject("test_predictions");
        ArrayNode t = p.putArray("truth");
        ArrayNode q = p.putArray("predicted");
        for (int i = 0; i < truth.length; i++) {
            t.add(truth[i]);
            q.add(predicted[i]);
        }
        return new ResultsReport.Task("t", JSON.convertValue(node, TaskResults.class), null, "m");
    }

    /** AUROC as the probability that a positive outscores a negative (ties count half), pair by pair. */
    private static double pairwiseAuc(double[] labels, double[] scores) {
        double wins = 0;
        long pairs = 0;
        for (int i = 0; i < labels.length; i++) {
            for (int j = 0; j < labels.length; j++) {
                if (labels[i] == 1 && labels[j] == 0) {
                    pairs++;
                    wins += scores[i] > scores[j] ? 1 : scores[i] == scores[j] ? 0.5 : 0;
                }
            }
        }
        return wins / pairs;
    }

    @Test
    void rocCurvesNameTheirAucAndHaveShortTicks() throws Exception {
        SplittableRandom random = new SplittableRandom(3);
        // 41 positives and 37 negatives: the rates step by 1/41 and 1/37, which no tick in tenths falls on.
        double[] labels = new double[78];
        double[] scores = new double[78];
        for (int i = 0; i < labels.length; i++) {
            labels[i] = i < 41 ? 1 : 0;
            scores[i] = labels[i] * 0.3 + random.nextDouble(); // no ties: the rates step by 1/positives, 1/negatives
        }
        XYChart chart = ResultPlots.roc(task("classification", labels, scores));
        assertNotNull(chart);
        String expected = String.format(Locale.ROOT, "%s (AUC %.2f)", Method.TAG_LLM.label(),
                pairwiseAuc(labels, scores));
        assertTrue(chart.getSeriesMap().containsKey(expected), chart.getSeriesMap().keySet() + " lacks " + expected);
        assertEquals("0.3", new DecimalFormat(chart.getStyler().getXAxisDecimalPattern()).format(0.30000000000000004));
        assertEquals("0.3", new DecimalFormat(chart.getStyler().getYAxisDecimalPattern()).format(0.30000000000000004));
        assertEquals(0.0, chart.getStyler().getXAxisMin());
        assertEquals(1.0, chart.getStyler().getXAxisMax());
        assertEquals(chart.getWidth(), chart.getHeight(), "a square: the diagonal is the chance line");
        // (XChart's list may run a tick past either end of the axis; those are not drawn.)
        java.util.List<String> ticks = TrainingPlotsTest.xTickLabels(chart).stream()
                .filter(t -> Double.parseDouble(t) >= 0 && Double.parseDouble(t) <= 1).toList();
        assertTrue(ticks.size() <= 11 && ticks.stream().allMatch(t -> t.length() <= 3), "ROC ticks " + ticks);
        // Each label stands where its value is: "0.5" midway between "0.0" and "1.0". (XChart labels evenly
        // spaced rates at the data points; rounded to one decimal those labels stood up to 4 % off their place.)
        java.util.List<String> all = TrainingPlotsTest.xTickLabels(chart);
        java.util.List<Double> locations = TrainingPlotsTest.xTickLocations(chart);
        java.util.List<Double> at = ticks.stream().map(t -> locations.get(all.indexOf(t))).toList();
        double zero = at.get(ticks.indexOf("0.0"));
        double one = at.get(ticks.indexOf("1.0"));
        for (int i = 0; i < ticks.size(); i++) {
            double value = Double.parseDouble(ticks.get(i));
            assertEquals(zero + value * (one - zero), at.get(i), 1.0, "tick " + ticks.get(i) + " of " + ticks);
        }
    }

    @Test
    void predictedAgainstTrueIsSquareAndCarriesR2AndRmse() {
        SplittableRandom random = new SplittableRandom(5);
        double[] truth = new double[60];
        double[] predicted = new double[60];
        for (int i = 0; i < truth.length; i++) {
            truth[i] = random.nextDouble() * 10;
            predicted[i] = truth[i] + random.nextGaussian();
        }
        double mean = java.util.Arrays.stream(truth).average().orElseThrow();
        double residual = 0;
        double total = 0;
        for (int i = 0; i < truth.length; i++) {
            residual += (truth[i] - predicted[i]) * (truth[i] - predicted[i]);
            total += (truth[i] - mean) * (truth[i] - mean);
        }
        String expected = String.format(Locale.ROOT, "%s (R² %.2f, RMSE %.2f)", Method.TAG_LLM.label(),
                1 - residual / total, Math.sqrt(residual / truth.length));
        XYChart chart = ResultPlots.scatter(task("regression", truth, predicted));
        assertTrue(chart.getSeriesMap().containsKey(expected), chart.getSeriesMap().keySet() + " lacks " + expected);
        assertEquals(chart.getWidth(), chart.getHeight());
        assertEquals(chart.getStyler().getXAxisMin(), chart.getStyler().getYAxisMin(), "same range on both axes");
        assertEquals(chart.getStyler().getXAxisMax(), chart.getStyler().getYAxisMax());
    }
}
