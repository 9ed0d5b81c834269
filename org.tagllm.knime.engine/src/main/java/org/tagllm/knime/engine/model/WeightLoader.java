package org.tagllm.knime.engine.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.io.IOException;
import java.nio.FloatBuffer;
import java.nio.ShortBuffer;
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
 * {@code lm_head.weight} of a tied model) are ignored. With {@link WeightPrecision#STORED}, 16-bit projections and
 * embeddings are mapped, not read.
 */
final class WeightLoader {

    private final Map<String, long[]> expected;
    private final WeightSource source;
    private final NDManager manager;
    private final WeightPrecision precision;

    WeightLoader(ModelConfig config, WeightSource source, NDManager manager, WeightPrecision precision) {
        this.expected = WeightNames.expectedShapes(config);
        this.source = source;
        this.manager = manager;
        this.precision = precision;
    }

    FrozenMatrix embedTokens() throws IOException, ModelFormatException {
        return matrix(WeightNames.embedTokens());
    }

    NDArray finalNorm() throws IOException, ModelFormatException {
        return read(WeightNames.finalNorm());
    }

    FrozenMatrix lmHead() throws IOException, ModelFormatException {
        return matrix(WeightNames.lmHead());
    }

    StoredLayer layer(int i) throws IOException, ModelFormatException {
        return new StoredLayer(
                read(WeightNames.inputLayernorm(i)),
                matrix(WeightNames.qProj(i)),
                matrix(WeightNames.kProj(i)),
                matrix(WeightNames.vProj(i)),
                readIfExpected(WeightNames.qProjBias(i)),
                readIfExpected(WeightNames.kProjBias(i)),
                readIfExpected(WeightNames.vProjBias(i)),
                matrix(WeightNames.oProj(i)),
                readIfExpected(WeightNames.oProjBias(i)),
                read(WeightNames.postAttentionLayernorm(i)),
                matrix(WeightNames.gateProj(i)),
                matrix(WeightNames.upProj(i)),
                matrix(WeightNames.downProj(i)));
    }

    /** A projection or embedding: left in its file when stored precision is asked and the file is 16-bit. */
    private FrozenMatrix matrix(String name) throws IOException, ModelFormatException {
        if (precision == WeightPrecision.STORED) {
            TensorInfo info = checked(name);
            ShortBuffer view = source.halfView(name);
            if (view != null) {
                long[] shape = info.shape();
                return new HalfMatrix(info.dtype(), shape[0], Math.toIntExact(shape[1]), view);
            }
        }
        return new FrozenMatrix.Resident(read(name));
    }

    private TensorInfo checked(String name) throws ModelFormatException {
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
        return info;
    }

    private NDArray readIfExpected(String name) throws IOException, ModelFormatException {
        return expected.containsKey(name) ? read(name) : null;
    }

    /** Reads a tensor as a libtorch-owned float32 array after checking that it exists with the expected shape. */
    private NDArray read(String name) throws IOException, ModelFormatException {
        long[] expected = checked(name).shape();
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
