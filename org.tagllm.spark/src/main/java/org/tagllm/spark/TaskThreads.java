package org.tagllm.spark;

import org.apache.spark.TaskContext;
import org.tagllm.knime.engine.runtime.DjlRuntime;

/**
 * libtorch's threads in an executor JVM. An executor runs {@code cores / spark.task.cpus} tasks at once on one
 * libtorch; each task's operations get {@code spark.task.cpus} intra-op threads (or the count asked for), so the
 * executor's tasks together use its cores and no more. libtorch's own default, every core of the machine for each
 * task, would put cores² threads on a machine and make them wait on each other at every operation. Inter-op threads
 * are held at 1: a forward pass here is one chain of operations.
 *
 * <p>libtorch keeps the intra-op count per calling thread (OpenMP's {@code omp_set_num_threads}): a thread that never
 * set it runs with every core. So the count is set on the task's own thread, at the start of every partition (a
 * pool thread may have run other work before; setting it costs microseconds).
 */
final class TaskThreads {

    private static boolean engineStarted;

    private TaskThreads() {}

    /** The intra-op threads for a task: {@code requested} when positive, else the task's CPUs (at least 1). */
    static int forTask(int requested, int taskCpus) {
        return requested > 0 ? requested : Math.max(1, taskCpus);
    }

    /** Sets libtorch's threads on the calling task's thread; the first call in a JVM starts libtorch with them. */
    static int apply(int requested) {
        TaskContext task = TaskContext.get();
        int n = forTask(requested, task == null ? 1 : task.cpus());
        synchronized (TaskThreads.class) {
            if (!engineStarted) {
                try {
                    DjlRuntime.setThreads(n, 1);
                } catch (IllegalStateException started) {
                    // libtorch already runs in this JVM (a driver in local mode); the per-thread count below applies.
                }
                engineStarted = true;
            }
        }
        DjlRuntime.intraOpThreads(n); // kept, not closed: the thread keeps the count until the next partition sets it
        return n;
    }
}
