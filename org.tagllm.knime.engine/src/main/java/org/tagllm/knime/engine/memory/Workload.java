package org.tagllm.knime.engine.memory;

/**
 * What the loaded model will be asked to do: sequences per forward pass, positions per sequence, and whether gradients
 * flow back through every layer (training tags) or not (prediction).
 */
public record Workload(int batch, int tokens, boolean training) {

    public Workload {
        if (batch < 1 || tokens < 1) {
            throw new IllegalArgumentException("batch and tokens must be positive, got " + batch + " × " + tokens);
        }
    }

    public static Workload prediction(int batch, int tokens) {
        return new Workload(batch, tokens, false);
    }

    public static Workload training(int batch, int tokens) {
        return new Workload(batch, tokens, true);
    }

    @Override
    public String toString() {
        return (training ? "training, " : "prediction, ") + "batch " + batch + " × " + tokens + " tokens";
    }
}
