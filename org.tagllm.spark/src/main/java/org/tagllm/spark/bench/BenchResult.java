package org.tagllm.spark.bench;

/**
 * What one configuration measured in its own JVM.
 *
 * @param seconds     wall time from before the model loads to the last row's outcome (Spark: the whole job)
 * @param peakRssBytes the child JVM's resident-set high-water mark (VmHWM): heap, libtorch and Spark together
 * @param predicted   rows with a prediction (the rest have a problem)
 */
record BenchResult(BenchConfig config, long rows, long predicted, double seconds, long peakRssBytes) {

    double rowsPerSecond() {
        return rows / seconds;
    }
}
