package org.tagllm.knime.engine.model;

import org.tagllm.knime.engine.config.ModelConfig;
import org.tagllm.knime.engine.config.RopeScaling;

/**
 * A naive double-precision forward pass of one unpadded sequence, written from Hugging Face's modeling code with
 * plain loops and independently of the DJL decoder. A {@link Variant} deliberately gets one detail wrong, to show
 * that the comparison tests would notice.
 */
final class ReferenceDecoder {

    enum Variant {
        EXACT,
        /** Rotates adjacent pairs (2j, 2j+1) (the GPT-J/Meta convention) instead of HF's (j, j + hd/2). */
        INTERLEAVED_ROPE,
        /** Ignores rope_scaling. */
        NO_ROPE_SCALING,
        /** Ignores the sliding window. */
        NO_SLIDING_WINDOW,
        /** Maps query head h to kv head h mod K instead of h / (H/K). */
        TILED_KV_HEADS,
        /** Drops the projection biases. */
        NO_BIASES,
        /** Drops only the attention output projection's bias. */
        NO_OUTPUT_BIAS
    }

    record Output(double[][] hidden, double[][] logits) {}

    private final ModelConfig c;
    private final InMemoryWeights w;
    private final Variant variant;
    private final double[] invFreq;

    ReferenceDecoder(ModelConfig config, InMemoryWeights weights) {
        this(config, weights, Variant.EXACT);
    }

    ReferenceDecoder(ModelConfig config, InMemoryWeights weights, Variant variant) {
        this.c = config;
        this.w = weights;
        this.variant = variant;
        this.invFreq = inverseFrequencies();
    }

    /** Embedding rows of the ids, [T][d]. */
    double[][] embed(long[] ids) {
        float[] e = w.get("model.embed_tokens.weight");
        int d = c.hiddenSize();
        double[][] x = new double[ids.length][d];
        for (int t = 0; t < ids.length; t++) {
            for (int i = 0; i < d; i++) {
                x[t][i] = e[(int) ids[t] * d + i];
            }
        }
        return x;
    }

    Output forward(long[] ids) {
        long[] positions = new long[ids.length];
        for (int t = 0; t < ids.length; t++) {
            positions[t] = t;
        }
        return forward(embed(ids), positions, null);
    }

    /**
     * @param input     [T][d] input embeddings
     * @param positions rotary position of each token
     * @param extraMask [T][T] added to every head's scores, or null
     */
    Output forward(double[][] input, long[] positions, double[][] extraMask) {
        int steps = input.length;
        int d = c.hiddenSize();
        int heads = c.numHeads();
        int kvHeads = c.numKvHeads();
        int hd = c.headDim();
        int group = heads / kvHeads;
        double[][] x = new double[steps][];
        for (int t = 0; t < steps; t++) {
            x[t] = input[t].clone();
        }
        for (int l = 0; l < c.numLayers(); l++) {
            String p = "model.layers." + l + ".";
            double[][] q = new double[steps][];
            double[][] k = new double[steps][];
            double[][] v = new double[steps][];
            for (int t = 0; t < steps; t++) {
                double[] h = rmsNorm(x[t], w.get(p + "input_layernorm.weight"));
                q[t] = linear(h, p + "self_attn.q_proj");
                k[t] = linear(h, p + "self_attn.k_proj");
                v[t] = linear(h, p + "self_attn.v_proj");
                for (int head = 0; head < heads; head++) {
                    rotate(q[t], head * hd, positions[t]);
                }
                for (int head = 0; head < kvHeads; head++) {
                    rotate(k[t], head * hd, positions[t]);
                }
            }
            double[][] attended = new double[steps][heads * hd];
            for (int head = 0; head < heads; head++) {
                int kvHead = variant == Variant.TILED_KV_HEADS ? head % kvHeads : head / group;
                for (int t = 0; t < steps; t++) {
                    double[] scores = new double[t + 1];
                    double max = Double.NEGATIVE_INFINITY;
                    for (int s = 0; s <= t; s++) {
                        if (!visible(t, s)) {
                            scores[s] = Double.NEGATIVE_INFINITY;
                            continue;
                        }
                        double dot = 0;
                        for (int j = 0; j < hd; j++) {
                            dot += q[t][head * hd + j] * k[s][kvHead * hd + j];
                        }
                        scores[s] = dot / Math.sqrt(hd) + (extraMask == null ? 0 : extraMask[t][s]);
                        max = Math.max(max, scores[s]);
                    }
                    double total = 0;
                    for (int s = 0; s <= t; s++) {
                        scores[s] = Math.exp(scores[s] - max);
                        total += scores[s];
                    }
                    for (int s = 0; s <= t; s++) {
                        for (int j = 0; j < hd; j++) {
                            attended[t][head * hd + j] += scores[s] / total * v[s][kvHead * hd + j];
                        }
                    }
                }
            }
            for (int t = 0; t < steps; t++) {
                add(x[t], linear(attended[t], p + "self_attn.o_proj"));
                double[] h = rmsNorm(x[t], w.get(p + "post_attention_layernorm.weight"));
                double[] gate = linear(h, p + "mlp.gate_proj");
                double[] up = linear(h, p + "mlp.up_proj");
                double[] act = new double[gate.length];
                for (int i = 0; i < act.length; i++) {
                    act[i] = gate[i] / (1 + Math.exp(-gate[i])) * up[i];
                }
                add(x[t], linear(act, p + "mlp.down_proj"));
            }
        }
        double[][] hidden = new double[steps][];
        double[][] logits = new double[steps][];
        String head = c.tieWordEmbeddings() ? "model.embed_tokens.weight" : "lm_head.weight";
        for (int t = 0; t < steps; t++) {
            hidden[t] = rmsNorm(x[t], w.get("model.norm.weight"));
            logits[t] = matVec(w.get(head), c.vocabSize(), d, hidden[t]);
        }
        return new Output(hidden, logits);
    }

    private boolean visible(int query, int key) {
        int window = variant == Variant.NO_SLIDING_WINDOW ? 0 : c.slidingWindow();
        return key <= query && (window == 0 || key > query - window);
    }

    /** HF's rotary on one head starting at {@code offset}: pairs (j, j + hd/2), angle position * invFreq[j]. */
    private void rotate(double[] vec, int offset, long position) {
        int half = c.headDim() / 2;
        for (int j = 0; j < half; j++) {
            double angle = position * invFreq[j];
            double cos = Math.cos(angle);
            double sin = Math.sin(angle);
            int i1 = variant == Variant.INTERLEAVED_ROPE ? offset + 2 * j : offset + j;
            int i2 = variant == Variant.INTERLEAVED_ROPE ? offset + 2 * j + 1 : offset + j + half;
            double a = vec[i1];
            double b = vec[i2];
            vec[i1] = a * cos - b * sin;
            vec[i2] = b * cos + a * sin;
        }
    }

    /** HF's inv_freq with _compute_linear_scaling_rope_parameters / _compute_llama3_parameters. */
    private double[] inverseFrequencies() {
        int hd = c.headDim();
        double[] inv = new double[hd / 2];
        for (int j = 0; j < inv.length; j++) {
            double base = 1.0 / Math.pow(c.ropeTheta(), (2.0 * j) / hd);
            RopeScaling s = variant == Variant.NO_ROPE_SCALING ? RopeScaling.NONE : c.ropeScaling();
            if (s instanceof RopeScaling.Linear lin) {
                base = base / lin.factor();
            } else if (s instanceof RopeScaling.Llama3 l3) {
                double lowWavelen = l3.originalMaxPositionEmbeddings() / l3.lowFreqFactor();
                double highWavelen = l3.originalMaxPositionEmbeddings() / l3.highFreqFactor();
                double wavelen = 2 * Math.PI / base;
                double scaled = wavelen > lowWavelen ? base / l3.factor() : base;
                boolean medium = !(wavelen < highWavelen) && !(wavelen > lowWavelen);
                if (medium) {
                    double smooth = (l3.originalMaxPositionEmbeddings() / wavelen - l3.lowFreqFactor())
                            / (l3.highFreqFactor() - l3.lowFreqFactor());
                    scaled = (1 - smooth) * scaled / l3.factor() + smooth * scaled;
                }
                base = scaled;
            }
            inv[j] = base;
        }
        return inv;
    }

    private double[] rmsNorm(double[] x, float[] weight) {
        double sum = 0;
        for (double v : x) {
            sum += v * v;
        }
        double inv = 1 / Math.sqrt(sum / x.length + c.rmsNormEps());
        double[] y = new double[x.length];
        for (int i = 0; i < x.length; i++) {
            y[i] = x[i] * inv * weight[i];
        }
        return y;
    }

    /** {@code prefix.weight} times x, plus {@code prefix.bias} when the weights have one. */
    private double[] linear(double[] x, String prefix) {
        float[] weight = w.get(prefix + ".weight");
        double[] y = matVec(weight, weight.length / x.length, x.length, x);
        boolean dropped = variant == Variant.NO_BIASES
                || (variant == Variant.NO_OUTPUT_BIAS && prefix.endsWith("o_proj"));
        if (!dropped && w.names().contains(prefix + ".bias")) {
            float[] bias = w.get(prefix + ".bias");
            for (int i = 0; i < y.length; i++) {
                y[i] += bias[i];
            }
        }
        return y;
    }

    private static double[] matVec(float[] m, int rows, int cols, double[] x) {
        double[] y = new double[rows];
        for (int r = 0; r < rows; r++) {
            double s = 0;
            for (int j = 0; j < cols; j++) {
                s += m[r * cols + j] * x[j];
            }
            y[r] = s;
        }
        return y;
    }

    private static void add(double[] x, double[] delta) {
        for (int i = 0; i < x.length; i++) {
            x[i] += delta[i];
        }
    }
}
