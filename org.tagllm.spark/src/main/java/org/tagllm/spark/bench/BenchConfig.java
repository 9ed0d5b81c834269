package org.tagllm.spark.bench;

import java.util.Locale;
import org.tagllm.knime.engine.method.Batching;

/**
 * One measured configuration: where the rows are predicted (one JVM through the engine's stream, or Spark with
 * {@code local[1]} or {@code local[2]}), how batches are formed, and how many rows.
 */
record BenchConfig(String engine, Batching batching, long rows) {

    static final String JVM = "jvm";

    BenchConfig {
        if (!engine.equals(JVM) && !engine.matches("local\\[[1-9]]")) {
            throw new IllegalArgumentException("engine " + engine + ": give jvm, local[1] or local[2]");
        }
    }

    /** Spark's local cores, or 0 for the single JVM. */
    int sparkCores() {
        return engine.equals(JVM) ? 0 : Integer.parseInt(engine.substring(6, engine.length() - 1));
    }

    String batchingName() {
        return batching.name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    /** As the child JVM receives it: {@code engine:batching:rows}. */
    String arg() {
        return engine + ":" + batching.name() + ":" + rows;
    }

    static BenchConfig parse(String arg) {
        String[] p = arg.split(":");
        return new BenchConfig(p[0], Batching.valueOf(p[1]), Long.parseLong(p[2]));
    }
}
