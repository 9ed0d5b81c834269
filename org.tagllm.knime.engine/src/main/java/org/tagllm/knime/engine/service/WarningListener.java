package org.tagllm.knime.engine.service;

/** Receives the service's warnings (e.g. a GPU asked for but absent), for a node's warning message or a log. */
@FunctionalInterface
public interface WarningListener {

    WarningListener NONE = message -> {};

    void onWarning(String message);
}
