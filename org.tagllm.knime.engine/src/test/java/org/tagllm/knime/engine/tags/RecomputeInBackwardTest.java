package org.tagllm.knime.engine.tags;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.tagllm.knime.engine.SharedData;
import org.tagllm.knime.engine.config.ModelConfig;
import org.tagllm.knime.engine.llama2c.Llama2cImporter;
import org.tagllm.knime.engine.model.ForwardOptions;
import org.tagllm.knime.engine.model.Gradients;
import org.tagllm.knime.engine.model.LlamaDecoder;
import org.tagllm.knime.engine.model.ModelDirectory;
import org.tagllm.knime.engine.model.PendingBackward;
import org.tagllm.knime.engine.runtime.DjlRuntime;

/**
 * Recompute-in-backward (layer-wise activation checkpointing) against the plain path, where autograd keeps every
 * block: the same loss and the same gradients for the tag vectors and the head, on the three ways training reaches
 * the decoder (the full readout with a trainable tag before the function tag, the frozen-prefix readout over a
 * cache, the language-model loss of stage 1), on a tiny GQA LLaMA, a Qwen2 with q/k/v biases and stories260K.
 * Both paths run the same block code in the same order, so they agree to float32 rounding: loss within 1e-6
 * relative, every gradient element within 1e-5 (|g| + rms(g)) (observed: identical bits).
 */
class RecomputeInBackwardTest {

    private static final double LOSS_REL = 1e-6;
    private static final double GRAD_REL = 1e-5;

    @TempDir
    Path tmp;

    private enum Path3 { FULL, FROZEN_PREFIX, LANGUAGE_MODEL }

    @ParameterizedTest
    @ValueSource(strings = {"llama-gqa", "qwen2-bias"})
    void gradientsEqualThePlainPathOnTinyModels(String which) {
        ModelConfig config = which.equals("llama-gqa") ? Tiny.LLAMA : Tiny.QWEN2;
        try (Tiny t = new Tiny(config, 71)) {
            for (Path3 path : Path3.values()) {
                compare(t, path);
            }
        }
    }

    @Test
    void gradientsEqualThePlainPathOnStories260K() throws Exception {
        Path bin = SharedData.stories260K();
        Path tok = SharedData.tok512();
        Path dir = tmp.resolve("stories260K");
        Llama2cImporter.importModel(bin, tok, dir);
        try (ModelDirectory folder = ModelDirectory.open(dir);
                Tiny t = new Tiny(LlamaDecoder.load(folder.config(), folder.weights()))) {
            for (Path3 path : Path3.values()) {
                compare(t, path);
            }
        }
    }

    /** A few SGD steps on each path from the same start: the same tags and head after, and the loss falls. */
    @Test
    void aFewStepsGiveTheSameParametersAndTheLossFalls() {
        float[][][] after = new float[2][][];
        for (int run = 0; run < 2; run++) {
            try (Tiny t = new Tiny(Tiny.LLAMA, 72)) {
                TagSpec p = t.randomTag("<P>", TagKind.DOMAIN, 3, true, 1);
                TagSpec f = t.randomTag("<F>", TagKind.FUNCTION, 2, true, 2);
                TagBatch batch = TagBatch.of(List.of(Tiny.task(f, false, p, t.tokens(5, 1)),
                        Tiny.task(f, false, p, t.tokens(8, 2))), TagBatch.Padding.LEFT);
                double[][] targets = {{0.5}, {-1.5}};
                try (RegressionHead head = RegressionHead.create("<F>", t.table.statistics(),
                        TargetScaling.fit(targets))) {
                    TagModel model = new TagModel(t.decoder, t.table, head);
                    t.decoder.recomputeInBackward(run == 1);
                    List<NDArray> params = new ArrayList<>(t.table.trainableParameters());
                    params.addAll(head.parameters());
                    Function<NDManager, NDArray> loss = call -> model.headLoss(batch, targets, call);
                    double first = Params.value(loss);
                    for (int step = 0; step < 4; step++) {
                        gradients(loss, params, run == 1);
                        Params.sgdStep(params, 0.005f);
                    }
                    double last = Params.value(loss);
                    assertTrue(last < first, "loss did not fall: " + first + " -> " + last);
                    after[run] = new float[params.size()][];
                    for (int i = 0; i < params.size(); i++) {
                        after[run][i] = params.get(i).toFloatArray();
                    }
                }
            }
        }
        for (int i = 0; i < after[0].length; i++) {
            assertClose("parameter " + i + " after 4 steps", after[1][i], after[0][i]);
        }
    }

    /**
     * The decoder alone: a leaf of embeddings that requires a gradient (as the benchmark runs it), and embeddings
     * without any graph under a trained linear readout (nothing before the decoder trains: the walk's last step is
     * skipped). The gradients equal the plain path's, and neither crashes.
     */
    @ParameterizedTest
    @ValueSource(booleans = {true, false})
    void embeddingsWithOrWithoutAGraphGetThePlainPathsGradients(boolean leafNeedsGradient) {
        try (Tiny t = new Tiny(Tiny.QWEN2, 73); NDManager owner = DjlRuntime.newManager()) {
            NDArray embeddings = t.decoder.embed(owner.create(t.tokens(10, 5), new Shape(2, 5)));
            NDArray readout = owner.randomNormal(new Shape(t.config.hiddenSize()));
            NDArray trained = leafNeedsGradient ? embeddings : readout;
            trained.setRequiresGradient(true);
            Function<NDManager, NDArray> loss = call -> t.decoder.forward(embeddings,
                    ForwardOptions.defaults().hiddenOnly()).hidden().mul(readout)
                    .sum();
            t.decoder.recomputeInBackward(false);
            float[][] plain = gradients(loss, List.of(trained), false);
            t.decoder.recomputeInBackward(true);
            float[][] recomputed = gradients(loss, List.of(trained), true);
            t.decoder.recomputeInBackward(false);
            assertClose(leafNeedsGradient ? "embeddings" : "readout", recomputed[0], plain[0]);
        }
    }

    private static void compare(Tiny t, Path3 path) {
        TagSpec p = t.randomTag("<P" + path + ">", TagKind.DOMAIN, 3, path != Path3.FROZEN_PREFIX, 1);
        TagSpec f = t.randomTag("<F" + path + ">", TagKind.FUNCTION, 2, true, 2);
        List<TaggedSequence> examples = path == Path3.LANGUAGE_MODEL
                ? List.of(TaggedSequence.builder().token(Tiny.BOS, false).tag(p).tokens(t.tokens(7, 1), true).build(),
                        TaggedSequence.builder().token(Tiny.BOS, false).tag(p).tokens(t.tokens(4, 2), true).build())
                : List.of(Tiny.task(f, false, p, t.tokens(6, 1)), Tiny.task(f, true, p, t.tokens(2, 2), p,
                        t.tokens(9, 3)), Tiny.task(f, false, p, t.tokens(1, 4)));
        TagBatch batch = TagBatch.of(examples, TagBatch.Padding.LEFT);
        double[][] targets = {{0.3}, {-1.2}, {2.0}};
        try (RegressionHead head = RegressionHead.create(f.name(), t.table.statistics(), TargetScaling.fit(targets))) {
            TagModel model = new TagModel(t.decoder, t.table, head);
            assertEquals(path == Path3.FROZEN_PREFIX, model.prefixFrozen(batch) && path != Path3.LANGUAGE_MODEL,
                    path + " takes the path it names");
            Function<NDManager, NDArray> loss = path == Path3.LANGUAGE_MODEL
                    ? call -> model.languageModelLoss(batch, call) : call -> model.headLoss(batch, targets, call);
            List<NDArray> params = new ArrayList<>(List.of(t.table.vectors(p.name()), t.table.vectors(f.name())));
            if (path == Path3.FROZEN_PREFIX) {
                params.remove(0); // frozen
            }
            if (path != Path3.LANGUAGE_MODEL) {
                params.addAll(head.parameters());
            } else {
                params.remove(params.size() - 1); // the function tag is not in these examples
            }
            t.decoder.recomputeInBackward(false);
            double plainLoss = Params.value(loss);
            float[][] plain = gradients(loss, params, false);
            t.decoder.recomputeInBackward(true);
            double recomputedLoss = Params.value(loss);
            float[][] recomputed = gradients(loss, params, true);
            t.decoder.recomputeInBackward(false);
            assertEquals(plainLoss, recomputedLoss, LOSS_REL * Math.abs(plainLoss), path + " loss");
            for (int i = 0; i < params.size(); i++) {
                assertClose(path + " " + params.get(i).getName(), recomputed[i], plain[i]);
            }
        }
    }

    /**
     * Gradients of {@code loss} (zeroed first) inside a {@link PendingBackward} session, as the trainer runs them;
     * asserts that the recompute path left its walk back through the blocks (or that the plain path did not).
     */
    private static float[][] gradients(Function<NDManager, NDArray> loss, List<NDArray> params,
            boolean recomputed) {
        Gradients.zero(params.toArray(NDArray[]::new));
        try (NDManager call = DjlRuntime.newManager();
                GradientCollector collector = DjlRuntime.engine().newGradientCollector();
                PendingBackward pending = PendingBackward.open()) {
            NDArray value = loss.apply(call);
            assertEquals(recomputed, pending.pending() > 0, "blocks left for recomputation in backward");
            pending.backward(collector, value);
            assertEquals(0, pending.pending());
        }
        float[][] out = new float[params.size()][];
        for (int i = 0; i < out.length; i++) {
            try (NDArray g = params.get(i).getGradient()) {
                out[i] = g.toFloatArray();
            }
        }
        return out;
    }

    private static void assertClose(String what, float[] actual, float[] expected) {
        double rms = 0;
        for (float e : expected) {
            rms += (double) e * e;
        }
        rms = Math.sqrt(rms / expected.length);
        assertTrue(rms > 0, what + " has no gradient");
        for (int i = 0; i < expected.length; i++) {
            if (Math.abs(actual[i] - expected[i]) > GRAD_REL * (Math.abs(expected[i]) + rms)) {
                fail(what + "[" + i + "]: recomputed " + actual[i] + ", plain " + expected[i]);
            }
        }
    }
}
