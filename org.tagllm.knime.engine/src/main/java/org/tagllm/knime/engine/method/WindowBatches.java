package org.tagllm.knime.engine.method;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.tagllm.knime.engine.tags.TaggedSequence;

/** Which rows of a window form each batch ({@link Batching}); rows without a sequence (null) have no batch. */
final class WindowBatches {

    private WindowBatches() {}

    /** The batches as indices into {@code sequences}, in the order to predict them. */
    static List<int[]> plan(List<TaggedSequence> sequences, int batchSize, Batching batching) {
        List<int[]> batches = new ArrayList<>();
        List<Integer> current = new ArrayList<>(batchSize);
        if (batching == Batching.BY_LENGTH) {
            List<Integer> order = new ArrayList<>();
            for (int i = 0; i < sequences.size(); i++) {
                if (sequences.get(i) != null) {
                    order.add(i);
                }
            }
            order.sort(Comparator.comparingInt(i -> sequences.get(i).length())); // stable
            for (int i : order) {
                add(batches, current, i, batchSize);
            }
        } else {
            for (int i = 0; i < sequences.size(); i++) {
                if (sequences.get(i) == null) {
                    // A row without a prediction ends the batch, as the input-order form always did.
                    flush(batches, current);
                } else {
                    add(batches, current, i, batchSize);
                }
            }
        }
        flush(batches, current);
        return batches;
    }

    private static void add(List<int[]> batches, List<Integer> current, int row, int batchSize) {
        current.add(row);
        if (current.size() == batchSize) {
            flush(batches, current);
        }
    }

    private static void flush(List<int[]> batches, List<Integer> current) {
        if (!current.isEmpty()) {
            batches.add(current.stream().mapToInt(Integer::intValue).toArray());
            current.clear();
        }
    }
}
