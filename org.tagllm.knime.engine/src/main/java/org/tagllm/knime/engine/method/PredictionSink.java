package org.tagllm.knime.engine.method;

import java.io.IOException;

/**
 * Receives each row's outcome from {@link TagPredictor}, in input order, on the predicting thread: a CSV writer, a
 * node's output table, or a list ({@link TagPredictor#predict(DataSource, int, int)}).
 */
@FunctionalInterface
public interface PredictionSink {

    /** @throws IOException when the outcome cannot be written; prediction stops with it */
    void accept(TagPredictor.Prediction prediction) throws IOException;
}
