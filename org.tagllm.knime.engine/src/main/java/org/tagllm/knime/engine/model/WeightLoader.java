package org.tagllm.knime.engine.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.io.IOException;
import java.nio.FloatBuffer;
import java.util.Arrays;
import java.util.Map;
import org.tagllm.knime.engine.ModelFormatException;
import org.tagllm.knime.engine.config.ModelConfig;
import org.tagllm.knime.engine.runtime.OwnedArrays;
import org.tagllm.knime.engine.safetensors.TensorInfo;
import org.tagllm.knime.engine.safetensors.WeightSource;

/**
 * Reads one decoder's tensors from a {@link WeightSource} by their Hugging Face names, checking each shape against
 * the configuration before reading it. Tensors the decoder does not use (e.g. {@code rotary_emb.inv_freq}, or
 * {@code lm_head.weight} of a tied model) are ignored.
 */
final class WeightLoader {

    private final Map<String, long[]> expected;
    private final WeightSource source;
    private final NDManager manager;

    WeightLoader(ModelConfig config, WeightSource source, NDManager manager) {
        this.expected = WeightNames.expectedShapes(config);
        this.source = source;
        this.manager = manager;
    }

    NDArray embedTokens() throws IOException, ModelFormatException {
        return read(WeightNames.embedTokens());
    }

    NDArray finalNorm() throws IOException, ModelFormatException {
        return read(WeightNames.finalNorm());
    }

    NDArray lmHead() throws IOException, ModelFormatException {
        return read(WeightNames.lmHead());
    }

    LayerWeights layer(int i) throws IOException, ModelFormatException {
        return new LayerWeights(
                read(WeightNames.inputLayernorm(i)),
                read(WeightNames.qProj(i)),
                read(WeightNames.kProj(i)),
                read(WeightNames.vProj(i)),
                readIfExpected(WeightNames.qProjBias(i)),
                readIfExpected(WeightNames.kProjBias(i)),
                readIfExpected(WeightNames.vProjBias(i)),
                read(WeightNames.oProj(i)),
                readIfExpected(WeightNames.oProjBias(i)),
                read(WeightNames.postAttentionLayernorm(i)),
                read(WeightNames.gateProj(i)),
                read(WeightNames.upProj(i)),
                read(WeightNames.downProj(i)));
    }

    private NDArray readIfExpected(String name) throws IOException, ModelFormatException {
        return expected.containsKey(name) ? read(name) : null;
    }

    /** Reads a tensor as a libtorch-owned float32 array after checking that it exists with the expected shape. */
    private NDArray read(String name) throws IOException, ModelFormatException {
        long[] expected = this.expected.get(name);
        TensorInfo info = source.info(name);
        if (info == null) {
            throw new ModelFormatException("tensor " + name + " is missing (expected shape "
                    + Arrays.toString(expected) + ")");
        }
        if (!Arrays.equals(info.shape(), expected)) {
            throw new ModelFormatException("tensor " + name + " has shape " + Arrays.toString(info.shape())
                    + " but the configuration implies " + Arrays.toString(expected));
        }
        FloatBuffer data;
        try {
            data = source.readFloats(name);
        } catch (IOException e) {
            throw new IOException("reading tensor " + name + " failed: " + e.getMessage(), e);
        }
        long count = new Shape(expected).size();
        if (data.remaining() != count) {
            throw new ModelFormatException("tensor " + name + " delivered " + data.remaining()
                    + " elements but its shape " + Arrays.toString(expected) + " holds " + count);
        }
        NDArray array = OwnedArrays.floats(manager, data, new Shape(expected));
        array.setName(name);
        return array;
    }
}
