package org.tagllm.knime.engine.service;

import java.nio.file.Path;
import java.util.Objects;
import org.tagllm.knime.engine.bank.TagBank;
import org.tagllm.knime.engine.method.DataSource;
import org.tagllm.knime.engine.method.TagPredictor;

/**
 * Applies a bank's function tag to new rows ({@link TagPredictor#predict}).
 *
 * @param functionTag the tag to apply, or null when the bank holds exactly one
 * @param maxTokens   positions per row at most, or {@link TagPredictor#BANK_LIMIT} (0) for the bank's own settings
 *                    (the result's {@code lengthNote} says when another limit applied)
 * @param batchSize   rows per forward pass
 */
public record PredictionJob(Path modelDir, String device, TagBank bank, String functionTag, DataSource data,
        int maxTokens, int batchSize) implements ModelJob<TagPredictor.Result> {

    public PredictionJob {
        Objects.requireNonNull(modelDir, "modelDir");
        Objects.requireNonNull(device, "device");
        Objects.requireNonNull(bank, "bank");
        Objects.requireNonNull(data, "data");
        if ((maxTokens != TagPredictor.BANK_LIMIT && maxTokens < 2) || batchSize < 1) {
            throw new IllegalArgumentException("max tokens must be 0 (the bank's) or at least 2 and batch size "
                    + "positive, got " + maxTokens + " and " + batchSize);
        }
    }

    @Override
    public boolean exclusive() {
        return false;
    }

    @Override
    public String description() {
        return "prediction " + (functionTag == null ? "" : functionTag + " ") + "on " + data.shortName();
    }
}
