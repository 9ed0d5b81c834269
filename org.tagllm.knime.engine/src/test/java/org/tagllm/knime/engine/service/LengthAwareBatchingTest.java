package org.tagllm.knime.engine.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.tagllm.knime.engine.LocalModel;
import org.tagllm.knime.engine.method.Batching;
import org.tagllm.knime.engine.method.DataSource;
import org.tagllm.knime.engine.method.PredictOptions;
import org.tagllm.knime.engine.method.PredictionStream;
import org.tagllm.knime.engine.method.TagPredictor;
import org.tagllm.knime.engine.method.Throughput;

/**
 * Length-aware batching: rows of like length batched together inside the window, handed out in input order, with the
 * predictions of pad-to-longest batching of the same rows up to float noise and fewer padded positions.
 */
class LengthAwareBatchingTest extends WithServiceFixture {

    /**
     * Relative tolerance. A row's positions are computed exactly alike in either batching (right padding, a causal
     * mask: pads never reach a real position), but libtorch's float32 kernels block and sum differently for other
     * batch shapes, so results move by a few float32 ulps (~1e-7 relative) per layer; 1e-5 leaves two orders of
     * magnitude for that and still catches any row given another row's prediction or read with its pads.
     */
    static final double TOLERANCE = 1e-5;

    @Test
    void sortedBatchesGiveThePaddedPredictionsInInputOrderWithLessPadding() throws Exception {
        List<Throughput> byLength = new ArrayList<>();
        List<Throughput> padded = new ArrayList<>();
        try (LocalModel model = LocalModel.open(fixture.modelDir);
                TagPredictor predictor = TagPredictor.open(model, fixture.bank, null)) {
            List<TagPredictor.Prediction> a = run(predictor, Batching.PAD_TO_LONGEST, padded);
            List<TagPredictor.Prediction> b = run(predictor, Batching.BY_LENGTH, byLength);
            assertEquals(96, a.size());
            assertEquals(a.size(), b.size());
            for (int i = 0; i < a.size(); i++) {
                assertEquals(i + 1, b.get(i).row(), "input order");
                assertEquals(a.get(i).fields(), b.get(i).fields());
                double want = a.get(i).values()[0];
                double got = b.get(i).values()[0];
                assertEquals(want, got, TOLERANCE * Math.max(1, Math.abs(want)), "row " + (i + 1) + ": padded "
                        + want + ", by length " + got);
            }
        }
        Throughput p = padded.get(padded.size() - 1);
        Throughput s = byLength.get(byLength.size() - 1);
        assertEquals(p.tokens(), s.tokens(), "the same rows' own positions");
        assertTrue(s.paddedTokens() < p.paddedTokens(), "sorted batches pad less: " + s + " vs " + p);
    }

    private static List<TagPredictor.Prediction> run(TagPredictor predictor, Batching batching,
            List<Throughput> reports) throws Exception {
        List<TagPredictor.Prediction> out = new ArrayList<>();
        // Two windows of 48 rows, batches of 8, so sorting has rows of many lengths to group.
        PredictOptions options = PredictOptions.of(48, 8).withWindow(48).withBatching(batching);
        try (PredictionStream stream = predictor.stream(DataSource.of(fixture.table), options, new
                org.tagllm.knime.engine.method.PredictionProgress() {
                    @Override
                    public void onRows(long done, long rows) {}

                    @Override
                    public void onThroughput(Throughput t) {
                        reports.add(t);
                    }
                }, () -> false)) {
            for (TagPredictor.Prediction x; (x = stream.next()) != null; ) {
                out.add(x);
            }
        }
        return out;
    }
}
