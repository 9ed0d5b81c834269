package org.tagllm.knime.engine.method;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.BitSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.tagllm.knime.engine.LocalModel;
import org.tagllm.knime.engine.ModelFormatException;
import org.tagllm.knime.engine.bank.BankConflictException;
import org.tagllm.knime.engine.bank.Calibration;
import org.tagllm.knime.engine.bank.CalibrationEntry;
import org.tagllm.knime.engine.bank.FieldEntry;
import org.tagllm.knime.engine.bank.HeadEntry;
import org.tagllm.knime.engine.bank.TagBank;
import org.tagllm.knime.engine.bank.TaskEntry;
import org.tagllm.knime.engine.data.Example;
import org.tagllm.knime.engine.domain.DistancePercentile;
import org.tagllm.knime.engine.domain.Ecfp4Bits;
import org.tagllm.knime.engine.domain.FlagThreshold;
import org.tagllm.knime.engine.domain.NearestNeighbours;
import org.tagllm.knime.engine.tensor.FloatTensor;
import org.tagllm.knime.engine.uncertainty.CalibratedUncertainty;
import org.tagllm.knime.engine.uncertainty.PredictionSets;
import org.tagllm.knime.engine.uncertainty.RegressionIntervals;
import org.tagllm.knime.engine.uncertainty.RowUncertainty;

/**
 * Fits a trained function tag's calibration on its validation rows and stores it in the bank, and measures on test
 * rows how it held. Both read rows through {@link TagPredictor}, exactly as prediction will.
 */
public final class Calibrating {

    /**
     * @param coverage         of the intervals or sets, e.g. 0.9
     * @param neighbours       k of the readout k-nearest-neighbour distance
     * @param classConditional classification: one quantile per class (Mondrian sets, each class covered at the rate
     *                         asked; the default) rather than one for all rows (marginal sets)
     */
    public record Settings(double coverage, int neighbours, boolean classConditional) {

        public static final Settings DEFAULTS = new Settings(0.9, 5);

        /** Class-conditional sets for classification, the default. */
        public Settings(double coverage, int neighbours) {
            this(coverage, neighbours, true);
        }

        /** The same with marginal sets ({@code false}) or class-conditional ones ({@code true}). */
        public Settings withClassConditional(boolean classConditional) {
            return new Settings(coverage, neighbours, classConditional);
        }

        public Settings {
            if (!(coverage > 0 && coverage < 1)) {
                throw new IllegalArgumentException("coverage must lie strictly between 0 and 1, got " + coverage);
            }
            if (neighbours < 1) {
                throw new IllegalArgumentException("neighbours must be at least 1, got " + neighbours);
            }
        }
    }

    /**
     * What the calibrated bank gave on test rows.
     *
     * @param predictions the rows' truth and predictions (an ensemble's mean)
     * @param metrics     the task's metrics of those predictions
     * @param uncertainty {@link UncertaintyMetrics}' figures
     */
    public record Measured(TaskPredictions predictions, Map<String, Double> metrics, Map<String, Double> uncertainty) {}

    private Calibrating() {}

    /**
     * The bank with the function tag's calibration added. The training rows give the reference readouts (and
     * fingerprints); the validation rows the conformal quantile and the flag threshold.
     *
     * @throws IllegalArgumentException when there are too few readable rows to calibrate (naming how many)
     */
    public static TagBank calibrate(LocalModel model, TagBank bank, String tag, List<Example> train,
            List<Example> valid, Settings s, int batch) throws IOException, ModelFormatException,
            BankConflictException {
        return calibrate(model, bank, tag, train, valid, s, true, true, batch);
    }

    /**
     * As {@link #calibrate(LocalModel, TagBank, String, List, List, Settings, int)} with either part left out.
     *
     * @param conformal fit the intervals or sets
     * @param domain    store the applicability domain (training readouts and fingerprints, the flag threshold)
     */
    public static TagBank calibrate(LocalModel model, TagBank bank, String tag, List<Example> train,
            List<Example> valid, Settings s, boolean conformal, boolean domain, int batch) throws IOException,
            ModelFormatException, BankConflictException {
        if (!conformal && !domain) {
            throw new IllegalArgumentException("calibrating " + tag + " needs intervals or sets, or the domain");
        }
        try (TagPredictor predictor = TagPredictor.open(model, bank, tag, false)) {
            HeadEntry head = predictor.headEntry();
            List<Example> trainRows = predictor.readable(train);
            List<Example> validRows = labelled(predictor.readable(valid), head);
            if (domain && trainRows.size() < 2) {
                throw new IllegalArgumentException("calibrating " + tag + " needs at least 2 readable training rows, "
                        + "got " + trainRows.size());
            }
            long needed = minimumValidationRows(s.coverage());
            if (conformal && validRows.size() < needed) {
                throw new IllegalArgumentException("calibrating " + tag + " at coverage " + s.coverage() + " needs at "
                        + "least " + needed + " labelled validation rows, got " + validRows.size() + "; give a larger "
                        + "validation share or a lower coverage, or train without calibration");
            }
            TagPredictor.Scored trainScored = domain ? predictor.scoreExamples(trainRows, batch) : null;
            TagPredictor.Scored validScored = predictor.scoreExamples(validRows, batch);
            boolean classes = head.type() == HeadEntry.Type.CLASSIFICATION;
            Double interval = null;
            boolean normalised = false;
            double beta = 0;
            Double setQuantile = null;
            List<Double> classQuantiles = null;
            if (!conformal) {
                // The domain alone: neither quantile.
            } else if (classes) {
                int[] labels = labels(validRows, head);
                PredictionSets sets = s.classConditional()
                        ? PredictionSets.fitMondrian(labels, validScored.values(), s.coverage())
                        : PredictionSets.fit(labels, validScored.values(), s.coverage());
                setQuantile = sets.quantile();
                classQuantiles = sets.classQuantiles();
            } else {
                double[] spread = validScored.sd() == null ? null
                        : Arrays.stream(validScored.sd()).mapToDouble(d -> d[0]).toArray();
                RegressionIntervals r = RegressionIntervals.fit(firstTargets(validRows), first(validScored.values()),
                        spread, s.coverage());
                interval = r.quantile();
                normalised = r.normalised();
                beta = r.beta();
            }
            if (!domain) { // neither readouts nor fingerprints; neighbours and the flag (never raised) unused
                return bank.withCalibration(new Calibration(new CalibrationEntry(tag, s.coverage(), interval,
                        normalised, beta, setQuantile, s.neighbours(), 100, null, validRows.size(), classQuantiles,
                        null, false), null, null, null));
            }
            NearestNeighbours nn = new NearestNeighbours(trainScored.states(), s.neighbours());
            double[] trainingDistances = nn.trainingDistances();
            double[] percentiles = Arrays.stream(validScored.states())
                    .mapToDouble(state -> DistancePercentile.of(nn.distance(state), trainingDistances)).toArray();
            int[] large = UncertaintyMetrics.largeErrors(errors(validRows, validScored.values(), head), classes);
            boolean[] largeError = new boolean[large.length];
            for (int i = 0; i < large.length; i++) {
                largeError[i] = large[i] == 1;
            }
            double threshold = FlagThreshold.choose(percentiles, largeError);
            String field = smilesField(predictor.task());
            CalibrationEntry entry = new CalibrationEntry(tag, s.coverage(), interval, normalised, beta, setQuantile,
                    nn.k(), threshold, field, validRows.size(), classQuantiles, null, null);
            return bank.withCalibration(new Calibration(entry, matrix(trainScored.states()), distances(
                    trainingDistances), field == null ? null : fingerprints(trainRows, field)));
        }
    }

    /**
     * The bank with the function tag's stored calibration re-based on cross-conformal quantiles: the applicability
     * domain stays, the interval or set quantiles become the pooled out-of-fold ones (plain intervals: the members'
     * spread at an out-of-fold row is not the spread of a row no member saw).
     *
     * @param intervals regression: the pooled intervals; null for classification
     * @param sets      classification: the pooled sets; null for regression
     * @param rows      the out-of-fold rows pooled
     * @param folds     the members, one per fold
     */
    public static TagBank withCrossConformal(TagBank bank, String tag, RegressionIntervals intervals,
            PredictionSets sets, int rows, int folds) {
        Calibration c = bank.calibration(tag).orElseThrow(() -> new IllegalStateException(tag + " has no calibration"));
        CalibrationEntry e = c.entry();
        CalibrationEntry cross = new CalibrationEntry(tag, e.coverage(), intervals == null ? null
                : intervals.quantile(), false, 0, sets == null ? null : sets.quantile(), e.neighbours(),
                e.flagPercentile(), e.fingerprintField(), rows, sets == null ? null : sets.classQuantiles(), folds,
                e.domain());
        return bank.withCalibration(new Calibration(cross, c.readouts(), c.readoutDistances(), c.fingerprints()));
    }

    /**
     * Why these rows are too few to calibrate on (before any model work), or null when they will do: the conformal
     * quantile at coverage c needs at least {@code c / (1 - c)} validation rows (9 at 0.9) to be finite, and the domain
     * at least 2 training rows.
     */
    public static String tooFewRows(List<Example> train, List<Example> valid, Settings s) {
        return tooFewRows(train, valid, s, true, true);
    }

    /** As {@link #tooFewRows(List, List, Settings)} for the parts asked: the quantile's rows only with conformal. */
    public static String tooFewRows(List<Example> train, List<Example> valid, Settings s, boolean conformal,
            boolean domain) {
        long needed = minimumValidationRows(s.coverage());
        if (conformal && valid.size() < needed) {
            return "coverage " + s.coverage() + " needs at least " + needed + " validation rows, the split has "
                    + valid.size();
        }
        if (domain && valid.isEmpty()) {
            return "the applicability domain's flag needs validation rows, the split has none";
        }
        return domain && train.size() < 2 ? "the applicability domain needs at least 2 training rows, the split has "
                + train.size() : null;
    }

    static long minimumValidationRows(double coverage) {
        // ceil((n + 1) c) <= n  <=>  n >= c / (1 - c)
        return (long) Math.ceil(coverage / (1 - coverage) - 1e-9);
    }

    /** Predicts labelled test rows with the calibrated bank and measures the predictions and their uncertainty. */
    public static Measured measure(LocalModel model, TagBank bank, String tag, List<Example> test, int batch)
            throws IOException, ModelFormatException, BankConflictException {
        try (TagPredictor predictor = TagPredictor.open(model, bank, tag, true)) {
            HeadEntry head = predictor.headEntry();
            List<Example> rows = labelled(predictor.readable(test), head);
            if (rows.isEmpty()) {
                return new Measured(TaskPredictions.empty(), Map.of(), Map.of());
            }
            TagPredictor.Scored scored = predictor.scoreExamples(rows, batch);
            boolean classes = head.type() == HeadEntry.Type.CLASSIFICATION;
            int n = rows.size();
            long[] ids = new long[n];
            double[][] truth = new double[n][];
            boolean hasCalibration = bank.calibration(tag).isPresent();
            List<RowUncertainty> u = new ArrayList<>(n);
            String field = smilesField(predictor.task());
            for (int i = 0; i < n; i++) {
                Example e = rows.get(i);
                ids[i] = e.row();
                truth[i] = classes ? new double[] {head.classLabels().indexOf(e.label())} : e.numericTarget();
                if (hasCalibration) {
                    u.add(predictor.uncertaintyOf(scored, i, e));
                }
            }
            Map<String, Double> metrics = classes
                    ? Metrics.classification(labels(rows, head), scored.values())
                    : Metrics.regression(firstTargets(rows), first(scored.values()));
            double[] errors = errors(rows, scored.values(), head);
            double[] sd = scored.sd() == null ? null : new double[n];
            if (sd != null) {
                for (int i = 0; i < n; i++) {
                    sd[i] = CalibratedUncertainty.spreadOf(scored.values()[i],
                            scored.sd()[i]);
                }
            }
            Map<String, Double> figures;
            if (!hasCalibration) {
                figures = UncertaintyMetrics.measure(errors, classes, null, null, null, null, null, sd);
            } else {
                CalibrationEntry entry = bank.calibration(tag).orElseThrow().entry();
                boolean conformal = entry.hasConformal();
                boolean domain = entry.hasDomain();
                boolean[] covered = conformal ? new boolean[n] : null;
                double[] sizes = conformal ? new double[n] : null;
                double[] percentiles = domain ? new double[n] : null;
                double[] similarity = field == null || !domain ? null : new double[n];
                boolean[] flagged = domain ? new boolean[n] : null;
                for (int i = 0; i < n; i++) {
                    RowUncertainty r = u.get(i);
                    if (!conformal) {
                        // The domain alone: no interval or set to cover.
                    } else if (classes) {
                        covered[i] = r.set().contains(rows.get(i).label());
                        sizes[i] = r.set().size();
                    } else {
                        double y = truth[i][0];
                        covered[i] = y >= r.low() && y <= r.high();
                        sizes[i] = r.high() - r.low();
                    }
                    if (domain) {
                        percentiles[i] = r.percentile();
                        flagged[i] = r.outside();
                    }
                    if (similarity != null) {
                        similarity[i] = r.similarity();
                    }
                }
                figures = new LinkedHashMap<>(UncertaintyMetrics.measure(errors, classes, covered, sizes,
                        percentiles, similarity, flagged, sd));
                if (classes && conformal) {
                    // Per class: what class-conditional sets promise, and where marginal sets fall short.
                    for (String label : head.classLabels()) {
                        int in = 0;
                        int of = 0;
                        for (int i = 0; i < n; i++) {
                            if (label.equals(rows.get(i).label())) {
                                of++;
                                in += covered[i] ? 1 : 0;
                            }
                        }
                        if (of > 0) {
                            figures.put(UncertaintyMetrics.PREFIX + "set_coverage_class_" + label, (double) in / of);
                        }
                    }
                    marginalBeside(figures, bank.calibration(tag).orElseThrow().entry(), rows, scored.values(), head);
                }
                // The coverage asked, beside the coverage found.
                if (conformal) {
                        figures.put(UncertaintyMetrics.PREFIX + "coverage_asked", entry.coverage());
                }
            }
            if (predictor.ensembleSize() > 1) {
                figures = new LinkedHashMap<>(figures);
                figures.put(UncertaintyMetrics.PREFIX + "ensemble_members", (double) predictor.ensembleSize());
            }
            return new Measured(new TaskPredictions(ids, truth, scored.values()), metrics, figures);
        }
    }

    /**
     * Beside class-conditional sets, what the marginal quantile stored with them would have given on the same rows
     * ({@code uq.marginal_set_coverage}, its per-class coverage and set size): the two compared on one model.
     */
    private static void marginalBeside(Map<String, Double> figures, CalibrationEntry entry, List<Example> rows,
            double[][] values, HeadEntry head) {
        if (entry.setClassQuantiles() == null) {
            return;
        }
        PredictionSets marginal = new PredictionSets(entry.coverage(), entry.setQuantile());
        int n = rows.size();
        int covered = 0;
        double size = 0;
        int[] in = new int[head.classLabels().size()];
        int[] of = new int[in.length];
        for (int i = 0; i < n; i++) {
            List<Integer> set = marginal.set(values[i]);
            int truth = head.classLabels().indexOf(rows.get(i).label());
            boolean hit = set.contains(truth);
            covered += hit ? 1 : 0;
            size += set.size();
            of[truth]++;
            in[truth] += hit ? 1 : 0;
        }
        figures.put(UncertaintyMetrics.PREFIX + "marginal_set_coverage", (double) covered / n);
        figures.put(UncertaintyMetrics.PREFIX + "marginal_set_size", size / n);
        for (int c = 0; c < in.length; c++) {
            if (of[c] > 0) {
                figures.put(UncertaintyMetrics.PREFIX + "marginal_set_coverage_class_" + head.classLabels().get(c),
                        (double) in[c] / of[c]);
            }
        }
    }

    /** The first SMILES field of the task (the one fingerprints compare), or null. */
    static String smilesField(TaskEntry task) {
        return task.fields().stream().filter(f -> "smiles".equals(f.kind())).map(FieldEntry::name).findFirst()
                .orElse(null);
    }

    /** Rows with a target (regression) or a label the head knows (classification). */
    static List<Example> labelled(List<Example> rows, HeadEntry head) {
        return rows.stream().filter(e -> head.type() == HeadEntry.Type.CLASSIFICATION
                ? e.label() != null && head.classLabels().contains(e.label())
                : e.numericTarget() != null && e.numericTarget().length > 0 && Double.isFinite(e.numericTarget()[0]))
                .toList();
    }

    static int[] labels(List<Example> rows, HeadEntry head) {
        return rows.stream().mapToInt(e -> head.classLabels().indexOf(e.label())).toArray();
    }

    static double[] firstTargets(List<Example> rows) {
        return rows.stream().mapToDouble(e -> e.numericTarget()[0]).toArray();
    }

    static double[] first(double[][] values) {
        return Arrays.stream(values).mapToDouble(v -> v[0]).toArray();
    }

    /** Absolute errors (regression, first output) or 1 for a wrong class (the most probable one). */
    private static double[] errors(List<Example> rows, double[][] values, HeadEntry head) {
        double[] out = new double[rows.size()];
        for (int i = 0; i < out.length; i++) {
            Example e = rows.get(i);
            if (head.type() == HeadEntry.Type.CLASSIFICATION) {
                out[i] = ClassDecision.predictedClass(values[i], head.classLabels()).equals(e.label()) ? 0 : 1;
            } else {
                out[i] = Math.abs(e.numericTarget()[0] - values[i][0]);
            }
        }
        return out;
    }

    private static FloatTensor matrix(float[][] rows) {
        int d = rows[0].length;
        float[] flat = new float[rows.length * d];
        for (int i = 0; i < rows.length; i++) {
            System.arraycopy(rows[i], 0, flat, i * d, d);
        }
        return new FloatTensor(flat, new long[] {rows.length, d});
    }

    private static FloatTensor distances(double[] sorted) {
        float[] out = new float[sorted.length];
        for (int i = 0; i < out.length; i++) {
            out[i] = (float) sorted[i];
        }
        // Rounding to float keeps the order; it is the stored order a predictor's percentile is taken against.
        return FloatTensor.vector(out);
    }

    /** The training rows' ECFP4 bits, packed; a SMILES CDK cannot fingerprint gives no bits. */
    private static FloatTensor fingerprints(List<Example> rows, String field) {
        float[] words = new float[rows.size() * Ecfp4Bits.WORDS];
        for (int i = 0; i < rows.size(); i++) {
            BitSet bits;
            try {
                bits = Ecfp4Bits.of(rows.get(i).inputs().get(field));
            } catch (IllegalArgumentException e) {
                bits = new BitSet();
            }
            System.arraycopy(Ecfp4Bits.pack(bits), 0, words, i * Ecfp4Bits.WORDS, Ecfp4Bits.WORDS);
        }
        return new FloatTensor(words, new long[] {rows.size(), Ecfp4Bits.WORDS});
    }
}
