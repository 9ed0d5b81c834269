package org.tagllm.knime.engine.method;

import ai.djl.ndarray.NDManager;
import java.util.List;
import java.util.function.LongConsumer;
import java.util.function.ObjIntConsumer;
import org.tagllm.knime.engine.runtime.DjlRuntime;
import org.tagllm.knime.engine.tags.TagBatch;
import org.tagllm.knime.engine.tags.TagModel;
import org.tagllm.knime.engine.tags.TaggedSequence;
import org.tagllm.knime.engine.tokenizer.TextTokenizer;

/**
 * What a tag model reads out of tagged examples, without gradients: the one place that cuts rows into batches for a
 * head's values, a classification head's logits, the answers' likelihoods and the held-out loss, and that writes
 * greedy answers with the frozen LM head. Every call returns its results; nothing is kept between calls. Used by training (validation,
 * calibration, test figures), by domain pretraining (held-out loss) and by {@link TagPredictor}, so all read a row the
 * same way.
 */
final class BatchedReadout {

    private final TagModel model;
    private final TextTokenizer tokenizer;
    private final int batch;

    /** @param batch rows per forward pass at most */
    BatchedReadout(TagModel model, TextTokenizer tokenizer, int batch) {
        if (batch < 1) {
            throw new IllegalArgumentException("a batch needs at least one row, got " + batch);
        }
        this.model = model;
        this.tokenizer = tokenizer;
        this.batch = batch;
    }

    int batchSize() {
        return batch;
    }

    /**
     * A head's values (original units) or calibrated class probabilities, [rows][k], telling {@code done} the rows
     * answered at the start and after every batch.
     */
    double[][] headValues(List<TaggedSequence> rows, LongConsumer done) {
        double[][] out = new double[rows.size()][];
        done.accept(0);
        forEachBatch(rows, done, (b, start) -> {
            double[][] values = model.predict(b);
            System.arraycopy(values, 0, out, start, values.length);
        });
        return out;
    }

    /** A classification head's uncalibrated logits, [rows][classes] (for fitting its temperature). */
    float[][] classLogits(List<TaggedSequence> rows) {
        float[][] out = new float[rows.size()][];
        forEachBatch(rows, done -> {}, (b, start) -> {
            float[][] logits = model.classLogits(b);
            System.arraycopy(logits, 0, out, start, logits.length);
        });
        return out;
    }

    /** Each row's log-likelihood of its target tokens (e.g. an answer written after the prompt) by the LM head. */
    double[] targetLogLikelihoods(List<TaggedSequence> rows) {
        double[] out = new double[rows.size()];
        forEachBatch(rows, done -> {}, (b, start) -> {
            double[] ll = model.targetLogLikelihoods(b);
            System.arraycopy(ll, 0, out, start, ll.length);
        });
        return out;
    }

    /**
     * Next-token cross-entropy over held-out sequences, averaged per target token (not per batch), telling
     * {@code done} the sequences scored at the start and after every batch.
     */
    double heldOutLoss(List<TaggedSequence> rows, LongConsumer done) {
        double[] sum = new double[1];
        long[] tokens = new long[1];
        done.accept(0);
        forEachBatch(rows, done, (b, start) -> {
            try (NDManager call = DjlRuntime.newManager(model.device())) {
                double mean = model.languageModelLoss(b, call).getFloat();
                sum[0] += mean * b.lmTargetCount();
                tokens[0] += b.lmTargetCount();
            }
        });
        return tokens[0] == 0 ? Double.NaN : sum[0] / tokens[0];
    }

    /**
     * The frozen LM head's greedy answer to {@code prompt}, decoded, at most as many tokens as training kept free for
     * an answer ({@link Answering#answerReserve()}); generation also stops at the model's last position.
     */
    String answer(TaggedSequence prompt, Answering answering) {
        return answer(prompt, answering.answerReserve());
    }

    /** As {@link #answer(TaggedSequence, Answering)}, at most {@code maxTokens} tokens. */
    String answer(TaggedSequence prompt, int maxTokens) {
        return tokenizer.decode(model.generate(prompt, maxTokens));
    }

    /** Calls {@code read} with each batch of at most {@link #batch} rows and its first row's index, in order. */
    private void forEachBatch(List<TaggedSequence> rows, LongConsumer done, ObjIntConsumer<TagBatch> read) {
        for (int start = 0; start < rows.size(); start += batch) {
            List<TaggedSequence> part = rows.subList(start, Math.min(rows.size(), start + batch));
            read.accept(TagBatch.of(part, TagBatch.Padding.RIGHT), start);
            done.accept(start + part.size());
        }
    }
}
