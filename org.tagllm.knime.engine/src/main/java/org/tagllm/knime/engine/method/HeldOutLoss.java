package org.tagllm.knime.engine.method;

import ai.djl.ndarray.NDManager;
import java.util.List;
import java.util.function.LongConsumer;
import org.tagllm.knime.engine.runtime.DjlRuntime;
import org.tagllm.knime.engine.tags.TagBatch;
import org.tagllm.knime.engine.tags.TagModel;
import org.tagllm.knime.engine.tags.TaggedSequence;

/** Next-token cross-entropy over held-out sequences, averaged per target token (not per batch). */
final class HeldOutLoss {

    private HeldOutLoss() {}

    static double of(TagModel model, List<TaggedSequence> sequences, int batchSize) {
        return of(model, sequences, batchSize, done -> {});
    }

    /** As {@link #of(TagModel, List, int)}, telling {@code done} the sequences scored after every batch. */
    static double of(TagModel model, List<TaggedSequence> sequences, int batchSize, LongConsumer done) {
        done.accept(0);
        double sum = 0;
        long tokens = 0;
        for (int start = 0; start < sequences.size(); start += batchSize) {
            TagBatch batch = TagBatch.of(sequences.subList(start, Math.min(sequences.size(), start + batchSize)),
                    TagBatch.Padding.RIGHT);
            try (NDManager call = DjlRuntime.newManager(model.device())) {
                double mean = model.languageModelLoss(batch, call).getFloat();
                sum += mean * batch.lmTargetCount();
                tokens += batch.lmTargetCount();
            }
            done.accept(Math.min(sequences.size(), start + batchSize));
        }
        return tokens == 0 ? Double.NaN : sum / tokens;
    }
}
