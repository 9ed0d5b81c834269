package org.tagllm.knime.engine.service;

import java.nio.file.Path;
import java.util.Objects;
import org.tagllm.knime.engine.bank.TagBank;
import org.tagllm.knime.engine.method.DataSource;
import org.tagllm.knime.engine.method.FunctionTraining;
import org.tagllm.knime.engine.method.LabelledTask;

/**
 * Stage 2 or 3: a function tag and its head learned on labelled data ({@link FunctionTraining#run}).
 *
 * @param domainBank the domain tags the task names (merged beforehand), or null when it names none
 * @param resumeFrom a checkpoint of an interrupted run with the same settings and data, or null
 */
public record FunctionTrainingJob(Path modelDir, String device, TagBank domainBank, LabelledTask task,
        DataSource data, FunctionTraining.Settings settings, Path resumeFrom)
        implements ModelJob<FunctionTraining.Result> {

    public FunctionTrainingJob {
        Objects.requireNonNull(modelDir, "modelDir");
        Objects.requireNonNull(device, "device");
        Objects.requireNonNull(task, "task");
        Objects.requireNonNull(data, "data");
        Objects.requireNonNull(settings, "settings");
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
