package org.tagllm.knime.engine.bank;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;

/**
 * How far to trust one function tag's predictions, fitted on its validation rows after training: a split-conformal
 * interval (regression) or prediction set (classification) at a coverage, and the applicability domain against the
 * training rows. The training rows' readouts (and fingerprints) are tensors beside it:
 * {@code calibration.<Name>.readouts} {@code [n, hidden]}, {@code calibration.<Name>.readout_distances} {@code [n]}
 * (each training row's mean distance to its {@code neighbours} nearest others, ascending) and, for a SMILES field,
 * {@code calibration.<Name>.fingerprints} {@code [n, 128]} (ECFP4, 2048 bits, 16 to a float).
 *
 * @param functionTag        the function tag
 * @param coverage           the coverage of the intervals or sets, e.g. 0.9
 * @param intervalQuantile   regression: the conformal quantile of the validation scores; null otherwise
 * @param intervalNormalised regression: whether the scores were divided by the ensemble's spread plus
 *                           {@code intervalBeta} (locally adaptive intervals)
 * @param intervalBeta       regression: the offset added to the spread; 0 when not normalised
 * @param setQuantile        classification: the conformal quantile of {@code 1 - p(true class)}; null otherwise
 * @param setClassQuantiles  classification with class-conditional (Mondrian) sets: per class, in the head's class
 *                           order, the quantile of that class's rows' scores (1: always in the set); null for
 *                           marginal sets, which use {@code setQuantile}
 * @param conformalFolds     cross-conformal calibration: the quantiles were taken over the out-of-fold scores of this
 *                           many ensemble members, each trained without one fold of the non-test rows (then
 *                           {@code calibrationRows} counts those scores); null for split-conformal calibration on
 *                           the validation rows
 * @param neighbours         k of the readouts' k-nearest-neighbour distance
 * @param flagPercentile     rows whose distance percentile is above this are flagged outside the domain
 * @param fingerprintField   the SMILES field whose fingerprints are stored, or null (no SMILES input)
 * @param calibrationRows    the validation rows the calibration was fitted on
 * @param domain             false when the applicability domain was not stored (no readout or fingerprint tensors;
 *                           {@code neighbours} and {@code flag_percentile} then unused); null (not written) when it was,
 *                           as in every bank written before the domain could be left out. Without
 *                           {@code interval_quantile} and {@code set_quantile} the calibration is the domain alone.
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record CalibrationEntry(
        @JsonProperty(value = "function_tag", required = true) String functionTag,
        @JsonProperty(value = "coverage", required = true) double coverage,
        @JsonProperty("interval_quantile") @JsonInclude(JsonInclude.Include.NON_NULL) Double intervalQuantile,
        @JsonProperty("interval_normalised") boolean intervalNormalised,
        @JsonProperty("interval_beta") double intervalBeta,
        @JsonProperty("set_quantile") @JsonInclude(JsonInclude.Include.NON_NULL) Double setQuantile,
        @JsonProperty(value = "neighbours", required = true) int neighbours,
        @JsonProperty(value = "flag_percentile", required = true) double flagPercentile,
        @JsonProperty("fingerprint_field") @JsonInclude(JsonInclude.Include.NON_NULL) String fingerprintField,
        @JsonProperty(value = "calibration_rows", required = true) int calibrationRows,
        @JsonProperty("set_class_quantiles") @JsonInclude(JsonInclude.Include.NON_NULL)
        List<Double> setClassQuantiles,
        @JsonProperty("conformal_folds") @JsonInclude(JsonInclude.Include.NON_NULL) Integer conformalFolds,
        @JsonProperty("domain") @JsonInclude(JsonInclude.Include.NON_NULL) Boolean domain) {

    public CalibrationEntry {
        TagEntry.checkName(functionTag, "function_tag");
        if (!(coverage > 0 && coverage < 1)) {
            throw new IllegalArgumentException("'coverage' must lie strictly between 0 and 1, got " + coverage);
        }
        if (intervalQuantile != null && !(intervalQuantile >= 0 && Double.isFinite(intervalQuantile))) {
            throw new IllegalArgumentException("'interval_quantile' must be finite and 0 or more, got "
                    + intervalQuantile);
        }
        if (setQuantile != null && !(setQuantile >= 0 && Double.isFinite(setQuantile))) {
            throw new IllegalArgumentException("'set_quantile' must be finite and 0 or more, got " + setQuantile);
        }
        if (!(intervalBeta >= 0) || !Double.isFinite(intervalBeta)) {
            throw new IllegalArgumentException("'interval_beta' must be finite and 0 or more, got " + intervalBeta);
        }
        Require.positive(neighbours, "neighbours");
        if (!(flagPercentile >= 0 && flagPercentile <= 100)) {
            throw new IllegalArgumentException("'flag_percentile' must lie between 0 and 100, got " + flagPercentile);
        }
        Require.positive(calibrationRows, "calibration_rows");
        if (setClassQuantiles != null) {
            if (setQuantile == null) {
                throw new IllegalArgumentException("'set_class_quantiles' needs 'set_quantile' (a classification "
                        + "calibration)");
            }
            for (Double q : setClassQuantiles) {
                if (q == null || !(q >= 0 && q <= 1)) {
                    throw new IllegalArgumentException("'set_class_quantiles' must each lie between 0 and 1, got "
                            + q);
                }
            }
            setClassQuantiles = List.copyOf(setClassQuantiles);
        }
        if (conformalFolds != null && conformalFolds < 2) {
            throw new IllegalArgumentException("'conformal_folds' must be at least 2, got " + conformalFolds);
        }
        domain = Boolean.TRUE.equals(domain) ? null : domain; // written only when left out: old banks stay alike
        if (Boolean.FALSE.equals(domain) && intervalQuantile == null && setQuantile == null) {
            throw new IllegalArgumentException("the calibration of " + functionTag + " holds neither intervals or sets "
                    + "nor the applicability domain ('domain': false)");
        }
    }

    /** A calibration with the applicability domain: as written before the domain could be left out. */
    public CalibrationEntry(String functionTag, double coverage, Double intervalQuantile, boolean intervalNormalised,
            double intervalBeta, Double setQuantile, int neighbours, double flagPercentile, String fingerprintField,
            int calibrationRows, List<Double> setClassQuantiles, Integer conformalFolds) {
        this(functionTag, coverage, intervalQuantile, intervalNormalised, intervalBeta, setQuantile, neighbours,
                flagPercentile, fingerprintField, calibrationRows, setClassQuantiles, conformalFolds, null);
    }

    /** Whether the applicability domain (readouts, distances, fingerprints) is stored. */
    public boolean hasDomain() {
        return domain == null || domain;
    }

    /** Whether conformal intervals or sets are stored (else the calibration is the applicability domain alone). */
    public boolean hasConformal() {
        return intervalQuantile != null || setQuantile != null;
    }

    /** A calibration with marginal sets (or intervals): as written before class-conditional sets existed. */
    public CalibrationEntry(String functionTag, double coverage, Double intervalQuantile, boolean intervalNormalised,
            double intervalBeta, Double setQuantile, int neighbours, double flagPercentile, String fingerprintField,
            int calibrationRows) {
        this(functionTag, coverage, intervalQuantile, intervalNormalised, intervalBeta, setQuantile, neighbours,
                flagPercentile, fingerprintField, calibrationRows, null, null, null);
    }

    public static String readoutsTensorName(String functionTag) {
        return "calibration." + functionTag + ".readouts";
    }

    public static String distancesTensorName(String functionTag) {
        return "calibration." + functionTag + ".readout_distances";
    }

    public static String fingerprintsTensorName(String functionTag) {
        return "calibration." + functionTag + ".fingerprints";
    }
}
