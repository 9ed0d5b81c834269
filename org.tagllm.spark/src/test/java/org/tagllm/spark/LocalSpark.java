package org.tagllm.spark;

import org.apache.spark.sql.SparkSession;

/** A Spark session of two local cores for the tests, as CI runs it: no UI, loopback only, small file splits. */
final class LocalSpark {

    private LocalSpark() {}

    /** @param maxPartitionBytes how much of a file one partition reads, so that a small file spreads over several */
    static SparkSession start(long maxPartitionBytes) {
        return SparkSession.builder().master("local[2]").appName("tagllm-spark-test")
                .config("spark.ui.enabled", "false")
                .config("spark.driver.host", "127.0.0.1")
                .config("spark.driver.bindAddress", "127.0.0.1")
                .config("spark.sql.shuffle.partitions", "2")
                .config("spark.sql.files.maxPartitionBytes", Long.toString(maxPartitionBytes))
                .getOrCreate();
    }
}
