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
 * @param maxTokens   positions per row at most
 * @param batchSize   rows per forward pass
 */
public record PredictionJob(Path modelDir, String device, TagBank bank, String functionTag, DataSource data,
        int maxTokens, int batchSize) implements ModelJob<TagPredictor.Result> {

    public PredictionJob {
        Objects.requireNonNull(modelDir, "modelDir");
        Objects.requireNonNull(device, "device");
        Objects.requireNonNull(bank, "bank");
        Objects.requireNonNull(data, "data");
        if (maxTokens < 2 || batchSize < 1) {
            throw new IllegalArgumentException("max tokens must be at least 2 and batch size positive, got "
                    + maxTokens + " and " + batchSize);
        }
    }

    @Override
    public boolean exclusive() {
        return false;
    }

    @Override
    public String description() {
        return "prediction " + (functionTag == null ? "" : functionTag + " ") + "on " + data.file().getFileName();
    }
}
