package org.tagllm.knime.engine.service;

import java.nio.file.Path;

/** A job that needs a loaded base model on a device. */
public sealed interface ModelJob<R> extends JobRequest<R>
        permits DomainPretrainingJob, FunctionTrainingJob, PredictionJob, StreamingPredictionJob {

    /** The Hugging Face-layout model folder. */
    Path modelDir();

    /** {@code "cpu"} or {@code "cuda:N"}. */
    String device();

    /** Training jobs hold their device alone; predictions share it. */
    boolean exclusive();
}
