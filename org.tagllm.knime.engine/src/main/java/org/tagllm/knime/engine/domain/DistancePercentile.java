package org.tagllm.knime.engine.domain;

import java.util.Arrays;

/**
 * Where a distance falls among the training rows' own distances: the share of training rows (in percent) at the same
 * distance or nearer. 50 is a typical training row; 100 is farther than every training row.
 */
public final class DistancePercentile {

    private DistancePercentile() {}

    /** @param sortedTraining the training distances, ascending */
    public static double of(double distance, double[] sortedTraining) {
        int at = Arrays.binarySearch(sortedTraining, distance);
        int notFarther;
        if (at < 0) {
            notFarther = -at - 1;
        } else {
            // Ties: count every training distance equal to this one.
            notFarther = at + 1;
            while (notFarther < sortedTraining.length && sortedTraining[notFarther] == distance) {
                notFarther++;
            }
        }
        return 100.0 * notFarther / sortedTraining.length;
    }
}
