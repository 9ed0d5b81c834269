package org.tagllm.knime.engine.model;

import java.io.IOException;
import java.nio.FloatBuffer;
import java.util.SortedSet;
import org.tagllm.knime.engine.safetensors.TensorInfo;
import org.tagllm.knime.engine.safetensors.WeightSource;

/**
 * Another source's weights with one tensor's values changed as they are read (cut short, scaled, or a read that
 * fails), for tests of what the loader or a model does with them.
 */
public record EditedWeights(WeightSource inner, String tensor, Edit edit) implements WeightSource {

    /** What reading the edited tensor gives instead of {@code values}. */
    @FunctionalInterface
    public interface Edit {
        FloatBuffer apply(FloatBuffer values) throws IOException;
    }

    @Override
    public SortedSet<String> names() {
        return inner.names();
    }

    @Override
    public TensorInfo info(String name) {
        return inner.info(name);
    }

    @Override
    public FloatBuffer readFloats(String name) throws IOException {
        FloatBuffer values = inner.readFloats(name);
        return name.equals(tensor) ? edit.apply(values) : values;
    }

    @Override
    public void close() throws IOException {
        inner.close();
    }
}
