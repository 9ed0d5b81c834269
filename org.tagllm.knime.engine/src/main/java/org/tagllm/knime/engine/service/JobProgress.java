package org.tagllm.knime.engine.service;

import java.util.OptionalDouble;
import org.tagllm.knime.engine.train.TrainingProgress;

/**
 * A progress report of a job, plain enough for KNIME's ExecutionMonitor or a command-line progress bar.
 *
 * @param fraction share of the work done, in [0, 1]
 * @param message  one line for a progress bar
 * @param step     optimizer steps done (0 for jobs that do not train)
 * @param loss       the latest training loss, empty for jobs that do not train
 * @param epoch      the current epoch, from 1 (0 for jobs that do not train)
 * @param validation the validation score, in the report made right after an epoch's evaluation; else empty
 */
public record JobProgress(double fraction, String message, long step, OptionalDouble loss, int epoch,
        OptionalDouble validation) {

    /** A report without epoch and validation. */
    public JobProgress(double fraction, String message, long step, OptionalDouble loss) {
        this(fraction, message, step, loss, 0, OptionalDouble.empty());
    }

    /** A report of a job that does not train. */
    public static JobProgress of(double fraction, String message) {
        return new JobProgress(fraction, message, 0, OptionalDouble.empty());
    }

    /** The job's view of the trainer's report. */
    public static JobProgress of(TrainingProgress p) {
        return new JobProgress(p.fraction(), p.message(), p.step(), OptionalDouble.of(p.loss()), p.epoch(),
                p.validation());
    }
}
