package org.tagllm.knime.engine.data;

import java.util.Locale;

/**
 * Count, mean, sample standard deviation (n − 1; 0 for a single value), minimum and maximum of one numeric column.
 */
public record NumericStats(long count, double mean, double std, double min, double max) {

    @Override
    public String toString() {
        return String.format(Locale.ROOT, "n %,d  mean %.4g  std %.4g  min %.4g  max %.4g", count, mean, std, min, max);
    }
}
