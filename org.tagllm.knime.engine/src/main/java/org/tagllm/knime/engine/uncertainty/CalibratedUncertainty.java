package org.tagllm.knime.engine.uncertainty;

import java.util.BitSet;
import java.util.List;
import org.tagllm.knime.engine.bank.Calibration;
import org.tagllm.knime.engine.bank.CalibrationEntry;
import org.tagllm.knime.engine.bank.HeadEntry;
import org.tagllm.knime.engine.domain.DistancePercentile;
import org.tagllm.knime.engine.domain.Ecfp4Bits;
import org.tagllm.knime.engine.domain.FlagThreshold;
import org.tagllm.knime.engine.domain.NearestNeighbours;
import org.tagllm.knime.engine.domain.Tanimoto;
import org.tagllm.knime.engine.tensor.FloatTensor;

/**
 * A function tag's stored calibration, ready to score rows: intervals or sets, and the applicability domain against
 * the training rows' readouts and fingerprints (unpacked once here).
 */
public final class CalibratedUncertainty {

    private final CalibrationEntry entry;
    private final RegressionIntervals intervals;
    private final PredictionSets sets;
    private final List<String> classLabels;
    private final NearestNeighbours neighbours;
    private final double[] trainingDistances;
    private final BitSet[] fingerprints;
    private final boolean ensemble;

    private CalibratedUncertainty(Calibration c, HeadEntry head, boolean ensemble) {
        this.entry = c.entry();
        this.ensemble = ensemble;
        this.intervals = entry.intervalQuantile() == null || head.outputDim() != 1 ? null
                : new RegressionIntervals(entry.coverage(), entry.intervalQuantile(), entry.intervalNormalised(),
                        entry.intervalBeta());
        this.sets = entry.setQuantile() == null ? null : new PredictionSets(entry.coverage(), entry.setQuantile(),
                entry.setClassQuantiles());
        this.classLabels = head.classLabels();
        this.neighbours = entry.hasDomain() ? new NearestNeighbours(rows(c.readouts()), entry.neighbours()) : null;
        float[] d = entry.hasDomain() ? c.readoutDistances().values() : new float[0];
        this.trainingDistances = new double[d.length];
        for (int i = 0; i < d.length; i++) {
            trainingDistances[i] = d[i];
        }
        if (c.fingerprints() == null) {
            this.fingerprints = null;
        } else {
            int n = (int) c.fingerprints().shape()[0];
            this.fingerprints = new BitSet[n];
            for (int i = 0; i < n; i++) {
                fingerprints[i] = Ecfp4Bits.unpack(c.fingerprints().values(), i * Ecfp4Bits.WORDS);
            }
        }
    }

    /**
     * @param head     the function tag's head (the first member's, for an ensemble)
     * @param ensemble whether the predictions come with an ensemble's spread (normalised intervals need it)
     */
    public static CalibratedUncertainty of(Calibration calibration, HeadEntry head, boolean ensemble) {
        return new CalibratedUncertainty(calibration, head, ensemble);
    }

    public CalibrationEntry entry() {
        return entry;
    }

    /** The SMILES field whose similarity is measured, or null. */
    public String fingerprintField() {
        return entry.fingerprintField();
    }

    public UncertaintyColumns columns() {
        return new UncertaintyColumns(ensemble, intervals != null, sets != null, fingerprints != null,
                neighbours != null, intervals != null || sets != null ? entry.coverage() : Double.NaN);
    }

    /**
     * One row's uncertainty.
     *
     * @param values the prediction (value, or class probabilities)
     * @param sd     the ensemble's spread of {@code values}, or null without an ensemble
     * @param state  the row's readout hidden state
     * @param smiles the row's SMILES (the fingerprint field), or null
     */
    public RowUncertainty score(double[] values, double[] sd, float[] state, String smiles) {
        double spread = sd == null ? Double.NaN : spreadOf(values, sd);
        double low = Double.NaN;
        double high = Double.NaN;
        if (intervals != null) {
            double s = sd == null ? 0 : sd[0];
            low = intervals.low(values[0], s);
            high = intervals.high(values[0], s);
        }
        List<String> set = sets == null ? null : sets.set(values).stream().map(classLabels::get).toList();
        double similarity = fingerprints == null || smiles == null ? Double.NaN : nearestSimilarity(smiles);
        if (neighbours == null) { // the domain left out: no percentile, no flag
            return new RowUncertainty(spread, low, high, set, similarity, Double.NaN, null);
        }
        double percentile = DistancePercentile.of(neighbours.distance(state), trainingDistances);
        return new RowUncertainty(spread, low, high, set, similarity, percentile,
                FlagThreshold.flagged(percentile, entry.flagPercentile()));
    }

    /** The spread of the value, or of the most probable class's probability. */
    public static double spreadOf(double[] values, double[] sd) {
        if (values.length == 1 || sd.length == 1) {
            return sd[0];
        }
        int best = 0;
        for (int c = 1; c < values.length; c++) {
            best = values[c] > values[best] ? c : best;
        }
        return sd[best];
    }

    /** The Tanimoto similarity to the nearest training molecule; NaN when CDK cannot fingerprint the SMILES. */
    private double nearestSimilarity(String smiles) {
        BitSet query;
        try {
            query = Ecfp4Bits.of(smiles);
        } catch (IllegalArgumentException e) {
            return Double.NaN;
        }
        double best = 0;
        for (BitSet f : fingerprints) {
            best = Math.max(best, Tanimoto.similarity(query, f));
        }
        return best;
    }

    static float[][] rows(FloatTensor t) {
        int n = (int) t.shape()[0];
        int d = (int) t.shape()[1];
        float[][] out = new float[n][d];
        for (int i = 0; i < n; i++) {
            System.arraycopy(t.values(), i * d, out[i], 0, d);
        }
        return out;
    }
}
