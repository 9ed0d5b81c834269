package org.tagllm.knime.engine.method;

import java.util.Locale;

/**
 * What a two-class head's decision threshold maximises on the validation rows: F1 of the positive class, the
 * Matthews correlation, or Youden's J (sensitivity + specificity − 1); or none, the most probable class. MCC is the
 * default: it counts all four cells of the confusion table, so it neither ignores true negatives (as F1 does) nor
 * rewards flagging many rows when actives are rare (as J may).
 */
public enum ThresholdCriterion {
    NONE, F1, MCC, YOUDEN;

    /** The criterion training uses unless told otherwise. */
    public static final ThresholdCriterion DEFAULT = MCC;

    /** The name bank.json and the command line use: none, f1, mcc, youden. */
    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** A criterion by its name, any case: none, f1, mcc, youden. */
    public static ThresholdCriterion parse(String value) {
        for (ThresholdCriterion c : values()) {
            if (c.id().equalsIgnoreCase(value.strip())) {
                return c;
            }
        }
        throw new IllegalArgumentException("'" + value + "' is not a threshold criterion; use mcc, f1, youden or none");
    }

    /** The criterion of {@code confusion} counts at one threshold. */
    double score(long tp, long fp, long fn, long tn) {
        return switch (this) {
            case F1 -> tp == 0 ? 0.0 : 2.0 * tp / (2.0 * tp + fp + fn);
            case MCC -> {
                double d = Math.sqrt((double) (tp + fp) * (tp + fn) * (tn + fp) * (tn + fn));
                yield d == 0 ? 0.0 : ((double) tp * tn - (double) fp * fn) / d;
            }
            case YOUDEN -> (double) tp / (tp + fn) - (double) fp / (fp + tn);
            case NONE -> throw new IllegalStateException("no threshold is chosen without a criterion");
        };
    }
}
