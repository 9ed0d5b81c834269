package org.tagllm.knime.engine.service;

import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import org.tagllm.knime.engine.method.DomainCorpus;
import org.tagllm.knime.engine.method.DomainPretraining;

/**
 * Stage 1: domain tags learned on unlabelled corpora ({@link DomainPretraining#run}).
 *
 * @param resumeFrom a checkpoint of an interrupted run with the same settings and data, or null
 */
public record DomainPretrainingJob(Path modelDir, String device, List<DomainCorpus> corpora,
        DomainPretraining.Settings settings, Path resumeFrom) implements ModelJob<DomainPretraining.Result> {

    public DomainPretrainingJob {
        Objects.requireNonNull(modelDir, "modelDir");
        Objects.requireNonNull(device, "device");
        Objects.requireNonNull(settings, "settings");
        corpora = List.copyOf(corpora);
        if (corpora.isEmpty()) {
            throw new IllegalArgumentException("stage 1 needs at least one domain corpus");
        }
    }

    @Override
    public boolean exclusive() {
        return true;
    }

    @Override
    public String description() {
        return "stage 1 " + corpora.stream().map(DomainCorpus::tag).toList() + " on " + modelDir.getFileName();
    }
}
