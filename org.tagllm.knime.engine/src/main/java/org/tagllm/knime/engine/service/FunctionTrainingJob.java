package org.tagllm.knime.engine.service;

import java.nio.file.Path;
import java.util.Objects;
import org.tagllm.knime.engine.bank.TagBank;
import org.tagllm.knime.engine.method.DataSource;
import org.tagllm.knime.engine.method.FunctionTraining;
import org.tagllm.knime.engine.method.LabelledTask;
import org.tagllm.knime.engine.method.UncertaintyTraining;

/**
 * Stage 2 or 3: a function tag and its head learned on labelled data, with an ensemble and calibration as asked
 * ({@link UncertaintyTraining#run}, the path {@code tagllm train} takes).
 *
 * @param domainBank  the domain tags the task names (merged beforehand), or null when it names none
 * @param resumeFrom  a checkpoint of an interrupted run with the same settings and data, or null
 * @param uncertainty ensemble size and calibration; {@link UncertaintyTraining.Settings#NONE} for a plain run
 */
public record FunctionTrainingJob(Path modelDir, String device, TagBank domainBank, LabelledTask task,
        DataSource data, FunctionTraining.Settings settings, Path resumeFrom, UncertaintyTraining.Settings uncertainty)
        implements ModelJob<FunctionTraining.Result> {

    public FunctionTrainingJob {
        Objects.requireNonNull(modelDir, "modelDir");
        Objects.requireNonNull(device, "device");
        Objects.requireNonNull(task, "task");
        Objects.requireNonNull(data, "data");
        Objects.requireNonNull(settings, "settings");
        Objects.requireNonNull(uncertainty, "uncertainty");
    }

    /** A plain run: one function tag, no calibration. */
    public FunctionTrainingJob(Path modelDir, String device, TagBank domainBank, LabelledTask task, DataSource data,
            FunctionTraining.Settings settings, Path resumeFrom) {
        this(modelDir, device, domainBank, task, data, settings, resumeFrom, UncertaintyTraining.Settings.NONE);
    }

    @Override
    public boolean exclusive() {
        return true;
    }

    @Override
    public String description() {
        return "stage " + task.stage() + " " + task.functionTag() + " on " + data.shortName();
    }
}
