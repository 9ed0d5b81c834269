package org.tagllm.spark;

import org.apache.spark.TaskContext;
import org.tagllm.knime.engine.runtime.DjlRuntime;

/**
 * libtorch's threads in an executor JVM. An executor runs as many tasks at once as it has cores divided by
 * {@code spark.task.cpus}, all on one libtorch whose intra-op thread count is global to the process; so each task's
 * operations get {@code spark.task.cpus} threads (or the count asked for), and the executor's tasks together use its
 * cores and no more. libtorch's own default (every core of the machine, per task) would put cores² threads on a
 * machine and make them wait on each other at every operation. Inter-op threads are held at 1: a forward pass here
 * is one chain of operations.
 */
final class TaskThreads {

    private static int applied = -1;

    private TaskThreads() {}

    /** The intra-op threads for a task: {@code requested} when positive, else the task's CPUs (at least 1). */
    static int forTask(int requested, int taskCpus) {
        return requested > 0 ? requested : Math.max(1, taskCpus);
    }

    /** Sets libtorch's threads for the running task's share of the executor; the first call in a JVM starts libtorch. */
    static synchronized int apply(int requested) {
        TaskContext task = TaskContext.get();
        int n = forTask(requested, task == null ? 1 : task.cpus());
        if (n != applied) {
            try {
                DjlRuntime.setThreads(n, 1);
            } catch (IllegalStateException started) {
                // libtorch already runs in this JVM (a driver in local mode); the intra-op count below still applies.
            }
            DjlRuntime.intraOpThreads(n); // kept, never closed: the setting is the executor's for its life
            applied = n;
        }
        return n;
    }
}
