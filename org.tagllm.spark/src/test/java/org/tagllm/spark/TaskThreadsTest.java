package org.tagllm.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** libtorch's threads per task: Spark's CPUs per task unless told, so an executor's tasks fill its cores exactly. */
class TaskThreadsTest {

    @Test
    void aTaskGetsItsSparkCpusUnlessACountIsGiven() {
        assertEquals(1, TaskThreads.forTask(0, 1), "spark.task.cpus=1 (Spark's default): one thread per task");
        assertEquals(4, TaskThreads.forTask(0, 4), "spark.task.cpus=4");
        assertEquals(2, TaskThreads.forTask(2, 1), "--threads-per-task 2");
        assertEquals(1, TaskThreads.forTask(0, 0), "never fewer than one");
    }
}
