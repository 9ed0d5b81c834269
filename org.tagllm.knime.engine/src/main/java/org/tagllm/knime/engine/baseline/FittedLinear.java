package org.tagllm.knime.engine.baseline;

import java.util.List;
import java.util.Map;

/**
 * What both model kinds hold: the feature map, the columns kept (those varying on the training rows) and the linear
 * model over them.
 *
 * @param selection feature index → kept column, or −1
 */
record FittedLinear(Features features, int[] selection, int kept, PenaltySelection.Selected selected) {

    /** x·w + b per input row. */
    double[] scores(List<Map<String, String>> inputs, String part) {
        return selected.model().scores(rows(inputs, part));
    }

    SparseRows rows(List<Map<String, String>> inputs, String part) {
        return features.rows(inputs, part).select(selection, kept);
    }
}
