package org.tagllm.knime.engine.bank;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;
import org.tagllm.knime.engine.tensor.FloatTensor;

/**
 * A function tag's task head with its tensors: a linear layer {@code y = W h + b} for regression and classification,
 * nothing for generation (the model's LM head decodes).
 *
 * @param entry  the head as the manifest describes it
 * @param weight {@code [output_dim, input_dim]}; present exactly when {@link HeadEntry#storesWeights()}
 * @param bias   {@code [output_dim]}; present exactly when {@link HeadEntry#bias()}
 */
public record Head(HeadEntry entry, Optional<FloatTensor> weight, Optional<FloatTensor> bias) {

    public Head {
        Require.present(entry, "entry");
        Require.present(weight, "weight");
        Require.present(bias, "bias");
        String tag = entry.functionTag();
        if (entry.storesWeights() != weight.isPresent()) {
            throw new IllegalArgumentException("tensor '" + HeadEntry.weightTensorName(tag) + "' is "
                    + (weight.isPresent() ? "present, but a generation head stores no tensors"
                            : "missing; the " + typeName(entry) + " head of " + tag + " needs it"));
        }
        if (entry.bias() != bias.isPresent()) {
            throw new IllegalArgumentException("tensor '" + HeadEntry.biasTensorName(tag) + "' is "
                    + (bias.isPresent() ? "present, but the head of " + tag + " declares bias: false"
                            : "missing; the head of " + tag + " declares bias: true"));
        }
        weight.ifPresent(w -> checkShape(w, HeadEntry.weightTensorName(tag), entry.outputDim(), entry.inputDim()));
        bias.ifPresent(b -> checkShape(b, HeadEntry.biasTensorName(tag), entry.outputDim()));
    }

    /** A linear head without bias. */
    public static Head linear(HeadEntry entry, FloatTensor weight) {
        return new Head(entry, Optional.of(weight), Optional.empty());
    }

    /** A linear head with bias. */
    public static Head linear(HeadEntry entry, FloatTensor weight, FloatTensor bias) {
        return new Head(entry, Optional.of(weight), Optional.of(bias));
    }

    /** A generation head, which stores no tensors. */
    public static Head generation(HeadEntry entry) {
        return new Head(entry, Optional.empty(), Optional.empty());
    }

    public String functionTag() {
        return entry.functionTag();
    }

    private static void checkShape(FloatTensor t, String name, long... expected) {
        if (!t.hasShape(expected)) {
            throw new IllegalArgumentException("tensor '" + name + "' has shape " + Arrays.toString(t.shape())
                    + " but the head declares " + Arrays.toString(expected) + " (output_dim, input_dim)");
        }
    }

    private static String typeName(HeadEntry entry) {
        return entry.type().name().toLowerCase(Locale.ROOT);
    }
}
