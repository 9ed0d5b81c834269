package org.tagllm.knime.engine.service;

/**
 * A unit of work for the {@link TagEngineService}; {@code R} is its result. The kinds are closed: the service knows
 * how to run each.
 */
public sealed interface JobRequest<R> permits ModelJob, CompositionJob {

    /** What the job does, for messages and logs. */
    String description();
}
