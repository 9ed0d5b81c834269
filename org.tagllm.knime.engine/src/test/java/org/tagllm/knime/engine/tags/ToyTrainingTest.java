package org.tagllm.knime.engine.tags;

import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.training.GradientCollector;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.tagllm.knime.engine.model.Gradients;
import org.tagllm.knime.engine.runtime.DjlRuntime;

/** Training works end to end on toy tasks with a tiny random decoder: the loss falls. */
class ToyTrainingTest {

    /**
     * Stage 2 regression: the target is the fraction of token 3 among an example's data tokens. Frozen domain tag,
     * trainable function tag (Adam lr 0.002) and head (lr 0.05), the frozen-prefix path, 30 full-batch steps
     * (observed: MSE 1.01 to about 0.05).
     */
    @Test
    void regressionLossFalls() {
        try (Tiny t = new Tiny(101)) {
            TagSpec p = t.randomTag("<P>", TagKind.DOMAIN, 2, false, 1);
            TagSpec f = new TagSpec("<Fraction>", TagKind.FUNCTION, 2);
            t.table.add(f, true);
            Random r = new Random(2);
            List<TaggedSequence> examples = new ArrayList<>();
            double[][] targets = new double[16][1];
            for (int i = 0; i < 16; i++) {
                long[] tokens = new long[4 + r.nextInt(6)];
                int threes = 0;
                for (int j = 0; j < tokens.length; j++) {
                    tokens[j] = 3 + r.nextInt(4);
                    threes += tokens[j] == 3 ? 1 : 0;
                }
                targets[i][0] = threes / (double) tokens.length;
                examples.add(Tiny.task(f, false, p, tokens));
            }
            TagBatch batch = TagBatch.of(examples, TagBatch.Padding.LEFT);
            try (RegressionHead head = RegressionHead.create("<Fraction>", t.table.statistics(),
                    TargetScaling.fit(targets))) {
                TagModel model = new TagModel(t.decoder, t.table, head);
                assertTrue(model.prefixFrozen(batch));
                double[] losses = train(call -> model.headLoss(batch, targets, call), t.table.trainableParameters(),
                        0.002, head.parameters(), 0.05, 30);
                System.out.printf("toy regression: MSE %.4f -> %.4f%n", losses[0], losses[1]);
                assertTrue(losses[1] < 0.2 * losses[0], "MSE " + losses[0] + " -> " + losses[1]);
            }
        }
    }

    /**
     * Stage 1: a domain tag learns to announce a repeated pattern; the LM loss on the data tokens falls. The random
     * decoder's LM head is scaled by 20 so that its logits can express a preference at all (observed: 4.66 to about
     * 1.8 in 20 Adam steps, lr 0.01).
     */
    @Test
    void languageModelLossFallsOnARepeatedPattern() {
        try (Tiny t = new Tiny(ScaledHeadWeights.decoder(Tiny.LLAMA, 102, 20))) {
            TagSpec p = new TagSpec("<Pattern>", TagKind.DOMAIN, 4);
            t.table.add(p, true);
            long[] pattern = {5, 17, 9, 42};
            List<TaggedSequence> texts = new ArrayList<>();
            for (int start = 0; start < 4; start++) {
                long[] tokens = new long[12];
                for (int j = 0; j < tokens.length; j++) {
                    tokens[j] = pattern[(start + j) % 4];
                }
                texts.add(TaggedSequence.builder().tag(p).tokens(tokens, true).build());
            }
            TagBatch batch = TagBatch.of(texts, TagBatch.Padding.RIGHT);
            TagModel model = new TagModel(t.decoder, t.table);
            double[] losses = train(call -> model.languageModelLoss(batch, call), t.table.trainableParameters(),
                    0.01, List.of(), 0, 20);
            System.out.printf("toy stage 1: LM loss %.4f -> %.4f%n", losses[0], losses[1]);
            assertTrue(losses[1] < 0.5 * losses[0], "LM loss " + losses[0] + " -> " + losses[1]);
        }
    }

    /**
     * Adam (beta 0.9, 0.999, eps 1e-8) in Java, one learning rate for the tags and one for the head; returns the
     * first and the last loss.
     */
    private static double[] train(Function<NDManager, NDArray> loss, List<NDArray> tags, double tagRate,
            List<NDArray> head, double headRate, int steps) {
        List<NDArray> params = new ArrayList<>(tags);
        params.addAll(head);
        List<double[]> m = new ArrayList<>();
        List<double[]> v = new ArrayList<>();
        for (NDArray p : params) {
            m.add(new double[(int) p.size()]);
            v.add(new double[(int) p.size()]);
        }
        double first = Double.NaN;
        double last = Double.NaN;
        for (int step = 1; step <= steps; step++) {
            Gradients.zero(params.toArray(NDArray[]::new));
            try (NDManager call = DjlRuntime.newManager();
                    GradientCollector collector = DjlRuntime.engine().newGradientCollector()) {
                NDArray value = loss.apply(call);
                last = value.toFloatArray()[0];
                collector.backward(value);
            }
            if (step == 1) {
                first = last;
            }
            for (int i = 0; i < params.size(); i++) {
                NDArray p = params.get(i);
                double lr = i < tags.size() ? tagRate : headRate;
                float[] w = p.toFloatArray();
                float[] g;
                try (NDArray grad = p.getGradient()) {
                    g = grad.toFloatArray();
                }
                double[] mi = m.get(i);
                double[] vi = v.get(i);
                for (int j = 0; j < w.length; j++) {
                    mi[j] = 0.9 * mi[j] + 0.1 * g[j];
                    vi[j] = 0.999 * vi[j] + 0.001 * g[j] * g[j];
                    double mHat = mi[j] / (1 - Math.pow(0.9, step));
                    double vHat = vi[j] / (1 - Math.pow(0.999, step));
                    w[j] -= (float) (lr * mHat / (Math.sqrt(vHat) + 1e-8));
                }
                p.set(w);
            }
        }
        return new double[] {first, last};
    }
}
