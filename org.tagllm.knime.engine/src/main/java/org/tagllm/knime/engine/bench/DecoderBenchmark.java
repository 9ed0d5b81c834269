package org.tagllm.knime.engine.bench;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.training.GradientCollector;
import java.util.SplittableRandom;
import org.tagllm.knime.engine.config.ModelConfig;
import org.tagllm.knime.engine.model.DecoderOutput;
import org.tagllm.knime.engine.model.ForwardOptions;
import org.tagllm.knime.engine.model.LlamaDecoder;
import org.tagllm.knime.engine.model.PendingBackward;
import org.tagllm.knime.engine.runtime.DjlRuntime;

/**
 * Decoder throughput as Tag-LLM uses it: a forward pass with logits, and a forward plus backward pass to the input
 * embeddings (the base weights are frozen, so backward computes activation gradients only). Each timed run is one
 * batch of {@code batch × seq} random tokens in its own sub-manager, closed afterwards.
 */
public final class DecoderBenchmark {

    /** What one configuration measured. FLOP counts are per token; see {@link #forwardFlopsPerToken}. */
    public record Result(String name, long parameters, int batch, int seq, double forwardTokensPerSecond,
            double forwardBackwardTokensPerSecond, double forwardGflops, double forwardBackwardGflops,
            long peakResidentBytes) {

        public double forwardPercentOf(double matmulGflops) {
            return 100 * forwardGflops / matmulGflops;
        }

        public double forwardBackwardPercentOf(double matmulGflops) {
            return 100 * forwardBackwardGflops / matmulGflops;
        }
    }

    private DecoderBenchmark() {}

    public static Result run(String name, LlamaDecoder decoder, int batch, int seq, int warmups, int runs) {
        ModelConfig c = decoder.config();
        long[] ids = new SplittableRandom(7).longs((long) batch * seq, 0, c.vocabSize()).toArray();
        PeakMemory.resetHighWater();
        double[] fwd = new double[runs];
        double[] fwdBwd = new double[runs];
        for (int i = 0; i < warmups + runs; i++) {
            double f = time(() -> forward(decoder, ids, batch, seq));
            double fb = time(() -> forwardBackward(decoder, ids, batch, seq));
            if (i >= warmups) {
                fwd[i - warmups] = f;
                fwdBwd[i - warmups] = fb;
            }
        }
        double tokens = (double) batch * seq;
        double fTps = tokens / MatmulBenchmark.median(fwd);
        double fbTps = tokens / MatmulBenchmark.median(fwdBwd);
        return new Result(name, c.parameterCount(), batch, seq, fTps, fbTps,
                fTps * forwardFlopsPerToken(c, seq) / 1e9, fbTps * forwardBackwardFlopsPerToken(c, seq) / 1e9,
                PeakMemory.residentHighWaterBytes());
    }

    /**
     * Forward FLOPs per token: 2 per weight of every projection and of the LM head, plus the attention products
     * (scores and weighted values, 2·2·seq·heads·headDim per layer: the full seq×seq matrix is computed, then masked).
     */
    public static double forwardFlopsPerToken(ModelConfig c, int seq) {
        return 2.0 * projectionWeights(c) + attentionFlopsPerToken(c, seq);
    }

    /**
     * Forward plus backward to the inputs: every frozen projection costs one more matmul of the same size (the input
     * gradient only), the attention products two more (gradients of both operands are activations).
     */
    public static double forwardBackwardFlopsPerToken(ModelConfig c, int seq) {
        return 4.0 * projectionWeights(c) + 3 * attentionFlopsPerToken(c, seq);
    }

    private static double projectionWeights(ModelConfig c) {
        double d = c.hiddenSize();
        double q = (double) c.numHeads() * c.headDim();
        double kv = (double) c.numKvHeads() * c.headDim();
        double perLayer = d * q + 2 * d * kv + q * d + 3 * d * c.intermediateSize();
        return c.numLayers() * perLayer + (double) c.vocabSize() * d;
    }

    private static double attentionFlopsPerToken(ModelConfig c, int seq) {
        return c.numLayers() * 4.0 * seq * c.numHeads() * c.headDim();
    }

    /** Seconds for one forward pass with logits over {@code batch × seq} seeded random tokens. */
    public static double forwardSeconds(LlamaDecoder decoder, int batch, int seq) {
        long[] ids = new SplittableRandom(7).longs((long) batch * seq, 0, decoder.config().vocabSize()).toArray();
        return time(() -> forward(decoder, ids, batch, seq));
    }

    /** Seconds for one forward and backward pass to the input embeddings. */
    public static double forwardBackwardSeconds(LlamaDecoder decoder, int batch, int seq) {
        long[] ids = new SplittableRandom(7).longs((long) batch * seq, 0, decoder.config().vocabSize()).toArray();
        return time(() -> forwardBackward(decoder, ids, batch, seq));
    }

    private static void forward(LlamaDecoder decoder, long[] ids, int batch, int seq) {
        try (NDManager m = DjlRuntime.newManager(decoder.device())) {
            NDArray tokens = m.create(ids).reshape(batch, seq);
            DecoderOutput out = decoder.forward(decoder.embed(tokens), ForwardOptions.defaults());
            out.logits().getFloat(0, 0, 0); // touch the result
        }
    }

    private static void forwardBackward(LlamaDecoder decoder, long[] ids, int batch, int seq) {
        try (NDManager m = DjlRuntime.newManager(decoder.device())) {
            NDArray tokens = m.create(ids).reshape(batch, seq);
            NDArray embeddings = decoder.embed(tokens);
            embeddings.setRequiresGradient(true);
            try (GradientCollector collector = DjlRuntime.engine().newGradientCollector();
                    PendingBackward pending = PendingBackward.open()) {
                DecoderOutput out = decoder.forward(embeddings, ForwardOptions.defaults());
                pending.backward(collector, out.logits().mean()); // recomputing the blocks if the decoder does
            }
            embeddings.getGradient().getFloat(0, 0, 0);
        }
    }

    private static double time(Runnable r) {
        long t0 = System.nanoTime();
        r.run();
        return (System.nanoTime() - t0) / 1e9;
    }
}
