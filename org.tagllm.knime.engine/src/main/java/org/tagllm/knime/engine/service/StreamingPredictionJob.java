package org.tagllm.knime.engine.service;

import java.nio.file.Path;
import java.util.Objects;
import org.tagllm.knime.engine.bank.TagBank;
import org.tagllm.knime.engine.data.DataReport;
import org.tagllm.knime.engine.method.DataSource;
import org.tagllm.knime.engine.method.PredictOptions;
import org.tagllm.knime.engine.method.PredictionSink;
import org.tagllm.knime.engine.method.TagPredictor;

/**
 * Applies a bank's function tag to rows streamed through it ({@link TagPredictor#stream}): each row's outcome goes to
 * {@code sink} in input order, on the job's thread, as soon as its window is predicted; nothing is collected, so a
 * table of any size fits (a KNIME streaming executor, a very large table). The job's result is the report of the rows
 * read and the length note ({@link TagPredictor#lengthNote}); its progress tells rows done, rows/s and the time left (when {@link PredictOptions#expectedRows()} is known).
 *
 * @param functionTag the tag to apply, or null when the bank holds exactly one
 */
public record StreamingPredictionJob(Path modelDir, String device, TagBank bank, String functionTag, DataSource data,
        PredictOptions options, PredictionSink sink) implements ModelJob<StreamingPredictionJob.Outcome> {

    /**
     * @param report     the rows read: used, kept with a problem
     * @param lengthNote one line when the length limit is not the one the bank was trained with, else null
     */
    public record Outcome(DataReport report, String lengthNote) {}

    public StreamingPredictionJob {
        Objects.requireNonNull(modelDir, "modelDir");
        Objects.requireNonNull(device, "device");
        Objects.requireNonNull(bank, "bank");
        Objects.requireNonNull(data, "data");
        Objects.requireNonNull(options, "options");
        Objects.requireNonNull(sink, "sink");
    }

    @Override
    public boolean exclusive() {
        return false;
    }

    @Override
    public String description() {
        return "streamed prediction " + (functionTag == null ? "" : functionTag + " ") + "on " + data.shortName();
    }
}
