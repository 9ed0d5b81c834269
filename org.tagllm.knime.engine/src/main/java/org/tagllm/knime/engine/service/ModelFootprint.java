package org.tagllm.knime.engine.service;

import java.io.IOException;
import java.nio.file.Path;
import org.tagllm.knime.engine.ModelFormatException;
import org.tagllm.knime.engine.model.ModelDirectory;
import org.tagllm.knime.engine.safetensors.WeightSource;

/**
 * What a model folder will occupy once loaded, read from its safetensors headers without reading any weight: the
 * decoder holds every tensor as float32, whatever the file's element type (F16/BF16 are widened).
 *
 * @param parameters the weights' element count
 * @param bytes      the memory a load reserves: parameters × 4 bytes, plus {@link #WORKING_SHARE} for the arrays of
 *                   a forward and backward pass, the tags, heads and optimizer state
 */
public record ModelFootprint(long parameters, long bytes) {

    /** Share of the weights' size kept free for work beside them (measured: a stage-2 step on stories260K ≈ 0.1). */
    public static final double WORKING_SHARE = 0.25;

    public static ModelFootprint of(Path dir) throws IOException, ModelFormatException {
        try (ModelDirectory d = ModelDirectory.open(dir)) {
            WeightSource weights = d.weights();
            long n = 0;
            for (String name : weights.names()) {
                n += weights.info(name).elementCount();
            }
            return ofParameters(n);
        }
    }

    static ModelFootprint ofParameters(long parameters) {
        long weightBytes = parameters * Float.BYTES;
        return new ModelFootprint(parameters, weightBytes + (long) Math.ceil(weightBytes * WORKING_SHARE));
    }
}
