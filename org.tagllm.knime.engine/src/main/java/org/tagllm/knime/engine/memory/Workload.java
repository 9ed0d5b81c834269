package org.tagllm.knime.engine.memory;

/**
 * What the loaded model will be asked to do: sequences per forward pass, positions per sequence, whether gradients
 * flow back through every layer (training tags) or not (prediction), and whether training recomputes each block in
 * backward instead of keeping them all ({@code LlamaDecoder.recomputeInBackward}).
 */
public record Workload(int batch, int tokens, boolean training, boolean recompute) {

    public Workload {
        if (batch < 1 || tokens < 1) {
            throw new IllegalArgumentException("batch and tokens must be positive, got " + batch + " × " + tokens);
        }
        if (recompute && !training) {
            throw new IllegalArgumentException("only training recomputes blocks in backward");
        }
    }

    public Workload(int batch, int tokens, boolean training) {
        this(batch, tokens, training, false);
    }

    public static Workload prediction(int batch, int tokens) {
        return new Workload(batch, tokens, false);
    }

    public static Workload training(int batch, int tokens) {
        return new Workload(batch, tokens, true);
    }

    /** Training whose backward recomputes one block at a time. */
    public static Workload recomputing(int batch, int tokens) {
        return new Workload(batch, tokens, true, true);
    }

    /** The same training workload with or without recomputation; prediction stays as it is. */
    public Workload withRecompute(boolean on) {
        return training ? new Workload(batch, tokens, true, on) : this;
    }

    @Override
    public String toString() {
        return (training ? recompute ? "training, recomputing blocks in backward, " : "training, " : "prediction, ")
                + "batch " + batch + " × " + tokens + " tokens";
    }
}
