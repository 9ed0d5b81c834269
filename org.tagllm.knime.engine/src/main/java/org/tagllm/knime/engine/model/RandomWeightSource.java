package org.tagllm.knime.engine.model;

import java.nio.FloatBuffer;
import java.util.Collections;
import java.util.Map;
import java.util.SortedSet;
import java.util.SplittableRandom;
import java.util.TreeSet;
import org.tagllm.knime.engine.config.ModelConfig;
import org.tagllm.knime.engine.safetensors.DType;
import org.tagllm.knime.engine.safetensors.TensorInfo;
import org.tagllm.knime.engine.safetensors.WeightSource;

/**
 * Deterministic random weights for every tensor a configuration implies: projections and embeddings N(0, 0.02²),
 * norm weights 1 + N(0, 0.05²), biases N(0, 0.02²). Each tensor draws from its own generator seeded by the seed and
 * the tensor's name, so a tensor's values do not depend on which other tensors are read or in what order. Normal
 * deviates come from Box-Muller over {@link SplittableRandom#nextDouble()}, whose algorithm is fixed, so a seed gives
 * the same bits on every JDK.
 */
public final class RandomWeightSource implements WeightSource {

    private static final double WEIGHT_STD = 0.02;
    private static final double NORM_STD = 0.05;
    private static final double BIAS_STD = 0.02;

    private final Map<String, long[]> shapes;
    private final long seed;

    public RandomWeightSource(ModelConfig config, long seed) {
        this.shapes = WeightNames.expectedShapes(config);
        this.seed = seed;
    }

    @Override
    public SortedSet<String> names() {
        return Collections.unmodifiableSortedSet(new TreeSet<>(shapes.keySet()));
    }

    @Override
    public TensorInfo info(String name) {
        long[] shape = shapes.get(name);
        if (shape == null) {
            return null;
        }
        long bytes = count(shape) * Float.BYTES;
        return new TensorInfo(name, DType.F32, shape, 0, bytes);
    }

    @Override
    public FloatBuffer readFloats(String name) {
        long[] shape = shapes.get(name);
        if (shape == null) {
            throw new IllegalArgumentException("no tensor named " + name);
        }
        float[] data = new float[Math.toIntExact(count(shape))];
        SplittableRandom random = new SplittableRandom(seed * 0x9E3779B97F4A7C15L + name.hashCode());
        boolean norm = name.endsWith("norm.weight");
        double mean = norm ? 1.0 : 0.0;
        double std = norm ? NORM_STD : name.endsWith(".bias") ? BIAS_STD : WEIGHT_STD;
        for (int i = 0; i < data.length; i += 2) {
            // Box-Muller: two independent standard normal deviates from two uniforms.
            double radius = Math.sqrt(-2 * Math.log(1 - random.nextDouble()));
            double angle = 2 * Math.PI * random.nextDouble();
            data[i] = (float) (mean + std * radius * Math.cos(angle));
            if (i + 1 < data.length) {
                data[i + 1] = (float) (mean + std * radius * Math.sin(angle));
            }
        }
        return FloatBuffer.wrap(data);
    }

    private static long count(long[] shape) {
        long n = 1;
        for (long d : shape) {
            n = Math.multiplyExact(n, d);
        }
        return n;
    }

    @Override
    public void close() {}
}
