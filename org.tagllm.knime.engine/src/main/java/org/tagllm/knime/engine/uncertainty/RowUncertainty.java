package org.tagllm.knime.engine.uncertainty;

import java.util.List;

/**
 * How far to trust one row's prediction. Each part is absent (NaN, or null) when the bank holds nothing to compute it
 * from; {@link UncertaintyColumns} says which parts a predictor gives.
 *
 * @param sd         the ensemble members' standard deviation (of the value, or of the predicted class's probability)
 * @param low        the conformal interval's lower end (regression)
 * @param high       its upper end
 * @param set        the conformal prediction set's class labels (classification); may be empty
 * @param similarity the Tanimoto similarity (ECFP4) to the nearest training molecule
 * @param percentile the readout's k-nearest-neighbour distance as a percentile of the training rows' own
 * @param outside    whether the row is flagged outside the applicability domain
 */
public record RowUncertainty(double sd, double low, double high, List<String> set, double similarity,
        double percentile, Boolean outside) {

    public static final RowUncertainty NONE = new RowUncertainty(Double.NaN, Double.NaN, Double.NaN, null, Double.NaN,
            Double.NaN, null);

    public RowUncertainty {
        set = set == null ? null : List.copyOf(set);
    }

    /** Only an ensemble's spread (a bank without calibration). */
    public static RowUncertainty spread(double sd) {
        return new RowUncertainty(sd, Double.NaN, Double.NaN, null, Double.NaN, Double.NaN, null);
    }
}
