package org.tagllm.knime.engine.uncertainty;

/**
 * Which parts of {@link RowUncertainty} a predictor gives, known before the first row: an output table's columns are
 * fixed up front.
 *
 * @param sd         an ensemble's spread
 * @param interval   conformal interval ends (regression with calibration)
 * @param set        conformal prediction sets (classification with calibration)
 * @param similarity Tanimoto similarity to the training molecules (calibration of a SMILES task)
 * @param domain     readout distance percentile and the outside-the-domain flag (calibration)
 * @param coverage   the intervals' or sets' coverage; NaN without them
 */
public record UncertaintyColumns(boolean sd, boolean interval, boolean set, boolean similarity, boolean domain,
        double coverage) {

    public static final UncertaintyColumns NONE = new UncertaintyColumns(false, false, false, false, false,
            Double.NaN);

    public boolean any() {
        return sd || interval || set || similarity || domain;
    }

    /** The same without the calibrated parts (a caller that turned them off); the spread stays. */
    public UncertaintyColumns spreadOnly() {
        return new UncertaintyColumns(sd, false, false, false, false, Double.NaN);
    }
}
