package org.tagllm.spark.bench;

/**
 * What one configuration measured in its own JVM.
 *
 * @param seconds     wall time from before the model loads to the last row's outcome (Spark: the whole job)
 * @param peakRssBytes the child JVM's resident-set high-water mark (VmHWM): heap, libtorch and Spark together
 * @param predicted   rows with a prediction (the rest have a problem)
 * @param cpuSeconds  CPU time of the child JVM, start-up included: less bent by other work on a shared machine
 */
record BenchResult(BenchConfig config, long rows, long predicted, double seconds, long peakRssBytes,
        double cpuSeconds) {

    double rowsPerSecond() {
        return rows / seconds;
    }

    double rowsPerCpuSecond() {
        return rows / cpuSeconds;
    }
}
