package org.tagllm.knime.engine.method;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** A generation task's figures: answer-token cross-entropy over all rows, exact match of greedy answers on a sample. */
final class GenerationMetrics {

    private GenerationMetrics() {}

    static Map<String, Double> of(BatchedReadout readout, List<TrainExample> rows, int sample) {
        Map<String, Double> m = new LinkedHashMap<>();
        m.put("answer_loss", readout.heldOutLoss(TaskScorer.sequences(rows), done -> {}));
        List<TrainExample> decoded = rows.subList(0, Math.min(sample, rows.size()));
        int exact = 0;
        for (TrainExample e : decoded) {
            int budget = e.sequence().length() - e.prompt().length() + 2;
            String answer = readout.answer(e.prompt(), budget);
            exact += answer.strip().equals(e.answer().strip()) ? 1 : 0;
        }
        m.put("exact_match", decoded.isEmpty() ? Double.NaN : (double) exact / decoded.size());
        m.put("exact_match_rows", (double) decoded.size());
        return m;
    }
}
