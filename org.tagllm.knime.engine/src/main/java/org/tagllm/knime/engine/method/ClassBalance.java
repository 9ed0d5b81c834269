package org.tagllm.knime.engine.method;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import org.tagllm.knime.engine.bank.ClassBalanceEntry;

/**
 * How a classification head trains against class imbalance, as the user chose: class weights in the loss (none,
 * {@code balanced}, or given per label) and/or balanced batch sampling. The default, {@link #NONE}, trains as before
 * this option existed, bit for bit.
 *
 * <p>Either way the head learns as if the classes were more even than they are, which shifts its probabilities
 * toward the rare class. After training, the bias is shifted back by −log of each class's effective weight (loss
 * weight × sampling rate relative to shuffling), the prior correction of Elkan (2001) and Saerens et al. (2002), so
 * that the probabilities estimate the real frequencies again before temperature scaling calibrates them.
 *
 * @param weighting       none, balanced (w_c = N / (C · N_c) on the training rows, scikit-learn's) or given
 * @param given           for {@link Weighting#GIVEN}: a positive weight for every class label; else empty
 * @param balancedBatches draw each batch place from a uniformly chosen class ({@link
 *                        org.tagllm.knime.engine.train.BalancedEpochOrder})
 */
public record ClassBalance(Weighting weighting, Map<String, Double> given, boolean balancedBatches) {

    /** Loss weights per class. */
    public enum Weighting { NONE, BALANCED, GIVEN }

    /** Every row alike, shuffled: the default. */
    public static final ClassBalance NONE = new ClassBalance(Weighting.NONE, Map.of(), false);

    public ClassBalance {
        Objects.requireNonNull(weighting, "weighting");
        given = Map.copyOf(new LinkedHashMap<>(given));
        if ((weighting == Weighting.GIVEN) == given.isEmpty()) {
            throw new IllegalArgumentException(weighting == Weighting.GIVEN ? "given class weights name no class"
                    : "class weights are given, but the weighting is " + weighting.name().toLowerCase(Locale.ROOT));
        }
        given.forEach((label, w) -> {
            if (!(w > 0) || !Double.isFinite(w)) {
                throw new IllegalArgumentException("the class weight of '" + label + "' must be positive and finite, "
                        + "got " + w);
            }
        });
    }

    /**
     * The class weights as users write them: {@code none}, {@code balanced}, or {@code LABEL=WEIGHT,...} for every
     * class; with or without balanced batches.
     */
    public static ClassBalance parse(String weights, boolean balancedBatches) {
        String v = weights.strip();
        if (v.equalsIgnoreCase("none")) {
            return new ClassBalance(Weighting.NONE, Map.of(), balancedBatches);
        }
        if (v.equalsIgnoreCase("balanced")) {
            return new ClassBalance(Weighting.BALANCED, Map.of(), balancedBatches);
        }
        Map<String, Double> given = new LinkedHashMap<>();
        for (String pair : v.split(",")) {
            int eq = pair.lastIndexOf('=');
            if (eq <= 0) {
                throw new IllegalArgumentException("class weights '" + weights + "': use none, balanced or "
                        + "LABEL=WEIGHT,... (e.g. 0=1,1=20)");
            }
            String label = pair.substring(0, eq).strip();
            double w;
            try {
                w = Double.parseDouble(pair.substring(eq + 1).strip());
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("class weights '" + weights + "': the weight of '" + label
                        + "' is no number", e);
            }
            if (given.put(label, w) != null) {
                throw new IllegalArgumentException("class weights '" + weights + "' name '" + label + "' twice");
            }
        }
        return new ClassBalance(Weighting.GIVEN, given, balancedBatches);
    }

    /** Whether anything differs from plain training. */
    public boolean isActive() {
        return weighting != Weighting.NONE || balancedBatches;
    }

    /** The loss weight of each class, in the order of {@code classes}, from the training rows' labels. */
    public double[] lossWeights(List<String> classes, int[] trainLabels) {
        double[] w = new double[classes.size()];
        switch (weighting) {
            case NONE -> java.util.Arrays.fill(w, 1.0);
            case BALANCED -> {
                long[] count = counts(classes.size(), trainLabels);
                for (int c = 0; c < w.length; c++) {
                    // A class without training rows never weighs in the loss; 1 keeps the correction finite.
                    w[c] = count[c] == 0 ? 1.0 : (double) trainLabels.length / (classes.size() * count[c]);
                }
            }
            case GIVEN -> {
                for (String label : given.keySet()) {
                    if (!classes.contains(label)) {
                        throw new IllegalArgumentException("a class weight names '" + label + "', which is no class "
                                + "of the labels " + classes);
                    }
                }
                for (int c = 0; c < w.length; c++) {
                    Double v = given.get(classes.get(c));
                    if (v == null) {
                        throw new IllegalArgumentException("class '" + classes.get(c) + "' has no weight; give one "
                                + "for every class of " + classes);
                    }
                    w[c] = v;
                }
            }
        }
        return w;
    }

    /**
     * What prior correction adds to each class's logit: −log(loss weight × sampling rate), where balanced sampling
     * draws class c at N / (C · N_c) times the rate of shuffling.
     */
    public double[] logitShift(double[] lossWeights, List<String> classes, int[] trainLabels) {
        long[] count = counts(classes.size(), trainLabels);
        long present = java.util.Arrays.stream(count).filter(k -> k > 0).count();
        double[] shift = new double[lossWeights.length];
        for (int c = 0; c < shift.length; c++) {
            double sampling = balancedBatches && count[c] > 0 ? (double) trainLabels.length / (present * count[c])
                    : 1.0;
            shift[c] = -Math.log(lossWeights[c] * sampling);
        }
        return shift;
    }

    /** The bank's record of this choice, with the weights and correction it led to. */
    public ClassBalanceEntry entry(double[] lossWeights, double[] shift) {
        return new ClassBalanceEntry(weighting.name().toLowerCase(Locale.ROOT), boxed(lossWeights),
                balancedBatches ? "balanced" : "shuffle", boxed(shift));
    }

    /** In words, for provenance and results. */
    public String describe() {
        String w = switch (weighting) {
            case NONE -> "no class weights";
            case BALANCED -> "balanced class weights";
            case GIVEN -> "class weights " + given;
        };
        return w + (balancedBatches ? ", balanced batches" : "");
    }

    private static long[] counts(int classes, int[] labels) {
        long[] count = new long[classes];
        for (int l : labels) {
            count[l]++;
        }
        return count;
    }

    private static List<Double> boxed(double[] values) {
        List<Double> out = new ArrayList<>(values.length);
        for (double v : values) {
            out.add(v);
        }
        return out;
    }
}
