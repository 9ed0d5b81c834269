package org.tagllm.knime.engine.model;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SortedSet;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.tagllm.knime.engine.ModelFormatException;
import org.tagllm.knime.engine.config.ModelConfig;
import org.tagllm.knime.engine.config.ModelConfigJson;
import org.tagllm.knime.engine.safetensors.SafetensorsFile;
import org.tagllm.knime.engine.safetensors.ShardedSafetensors;
import org.tagllm.knime.engine.safetensors.TensorInfo;
import org.tagllm.knime.engine.safetensors.WeightSource;

/**
 * A local Hugging Face model folder: {@code config.json}, safetensors weights (one {@code model.safetensors} or a
 * sharded {@code model.safetensors.index.json}) and, optionally, {@code tokenizer.json}. Pickle checkpoints are refused
 * before any file is read. Closing the directory closes its weights.
 *
 * <pre>{@code
 * try (ModelDirectory model = ModelDirectory.open(dir)) {
 *     model.checkWeights();
 *     FloatBuffer embed = model.weights().readFloats(WeightNames.embedTokens());
 * }
 * }</pre>
 */
public final class ModelDirectory implements AutoCloseable {

    public static final String CONFIG_FILE_NAME = "config.json";
    public static final String WEIGHTS_FILE_NAME = "model.safetensors";
    public static final String TOKENIZER_FILE_NAME = "tokenizer.json";

    private final Path dir;
    private final ModelConfig config;
    private final Path weightsFile;
    private final WeightSource weights;
    private final Path tokenizerJson;

    private ModelDirectory(Path dir, ModelConfig config, Path weightsFile, WeightSource weights, Path tokenizerJson) {
        this.dir = dir;
        this.config = config;
        this.weightsFile = weightsFile;
        this.weights = weights;
        this.tokenizerJson = tokenizerJson;
    }

    /**
     * Locates and opens a model folder: refuses pickle checkpoints, reads and validates {@code config.json}, and opens
     * the weights (validating their headers). Tensor shapes are checked by {@link #checkWeights()}.
     *
     * @throws ModelFormatException when the folder is missing, holds only pickle checkpoints, lacks config.json or
     *                              safetensors weights, or any of them is malformed
     */
    public static ModelDirectory open(Path dir) throws ModelFormatException, IOException {
        Path weightsFile = locateWeights(dir);
        Path configFile = dir.resolve(CONFIG_FILE_NAME);
        if (!Files.isRegularFile(configFile)) {
            throw new ModelFormatException(dir + ": there is no " + CONFIG_FILE_NAME + "; a Hugging Face model folder "
                    + "holds config.json next to its weights");
        }
        ModelConfig config = ModelConfigJson.read(configFile);
        Path tokenizer = dir.resolve(TOKENIZER_FILE_NAME);
        WeightSource weights = weightsFile.getFileName().toString().equals(WEIGHTS_FILE_NAME)
                ? SafetensorsFile.open(weightsFile)
                : ShardedSafetensors.open(weightsFile);
        return new ModelDirectory(dir, config, weightsFile, weights,
                Files.isRegularFile(tokenizer) ? tokenizer : null);
    }

    /** The weights file to open; every refusal that needs no file contents happens here, pickles first. */
    private static Path locateWeights(Path dir) throws ModelFormatException, IOException {
        if (!Files.exists(dir)) {
            throw new ModelFormatException(dir + ": the model folder does not exist");
        }
        if (!Files.isDirectory(dir)) {
            if (PickleFiles.isPickle(dir)) {
                throw PickleFiles.refusal(dir, List.of(dir));
            }
            throw new ModelFormatException(dir + ": this is a file; give the model folder that holds "
                    + CONFIG_FILE_NAME + " and the weights");
        }
        Path single = dir.resolve(WEIGHTS_FILE_NAME);
        if (Files.isRegularFile(single)) {
            return single;
        }
        Path index = dir.resolve(ShardedSafetensors.INDEX_FILE_NAME);
        if (Files.isRegularFile(index)) {
            return index;
        }
        List<Path> pickles = PickleFiles.in(dir);
        if (!pickles.isEmpty()) {
            throw PickleFiles.refusal(dir, pickles);
        }
        throw new ModelFormatException(dir + ": there is no " + WEIGHTS_FILE_NAME + " and no "
                + ShardedSafetensors.INDEX_FILE_NAME + otherSafetensorsHint(dir));
    }

    /** Shards without their index, or differently named weights, are worth mentioning. */
    private static String otherSafetensorsHint(Path dir) throws IOException {
        try (Stream<Path> entries = Files.list(dir)) {
            List<String> others = entries.map(p -> p.getFileName().toString())
                    .filter(n -> n.endsWith(".safetensors")).sorted().collect(Collectors.toList());
            return others.isEmpty() ? "" : " (found " + String.join(", ", others)
                    + "; a sharded model also needs its index file)";
        }
    }

    public Path dir() {
        return dir;
    }

    public ModelConfig config() {
        return config;
    }

    /** The open weights; closed with this directory. */
    public WeightSource weights() {
        return weights;
    }

    /** {@code model.safetensors} or {@code model.safetensors.index.json}. */
    public Path weightsFile() {
        return weightsFile;
    }

    public Optional<Path> tokenizerJson() {
        return Optional.ofNullable(tokenizerJson);
    }

    /** The element type(s) of the weights on disk: {@code "F32"}, {@code "BF16"}, or e.g. {@code "mixed F16/F32"}. */
    public String dtypeOnDisk() {
        SortedSet<String> dtypes = new TreeSet<>();
        for (String name : weights.names()) {
            dtypes.add(weights.info(name).dtype().name());
        }
        if (dtypes.isEmpty()) {
            return "none";
        }
        return dtypes.size() == 1 ? dtypes.first() : "mixed " + String.join("/", dtypes);
    }

    /**
     * Checks that every tensor the configuration implies is present with the right shape and small enough to read,
     * naming the first one that is not. Tensors the configuration does not use are ignored.
     */
    public void checkWeights() throws ModelFormatException {
        checkNoExtraLayers();
        for (Map.Entry<String, long[]> e : WeightNames.expectedShapes(config).entrySet()) {
            String name = e.getKey();
            long[] expected = e.getValue();
            TensorInfo info = weights.info(name);
            if (info == null) {
                throw new ModelFormatException(weightsFile + ": tensor '" + name + "' is missing; "
                        + CONFIG_FILE_NAME + " implies it with shape " + Arrays.toString(expected));
            }
            if (!Arrays.equals(info.shape(), expected)) {
                throw new ModelFormatException(fileHolding(name) + ": tensor '" + name + "' has shape "
                        + Arrays.toString(info.shape()) + " but " + CONFIG_FILE_NAME + " implies "
                        + Arrays.toString(expected));
            }
            // Refused here, with the model, rather than half-way through loading it.
            if (info.elementCount() * Float.BYTES > SafetensorsFile.MAX_FLOAT32_BYTES) {
                throw new ModelFormatException(fileHolding(name) + ": tensor '" + name + "' " + Arrays.toString(
                        expected) + " is larger than the " + SafetensorsFile.MAX_FLOAT32_BYTES
                        + " bytes of float32 one Java buffer can hold; this model is too large for Tag-LLM");
            }
        }
    }

    /** Decoder blocks the weights hold beyond {@code num_hidden_layers} would be skipped without a word. */
    private void checkNoExtraLayers() throws ModelFormatException {
        String beyond = null;
        int held = 0;
        for (String name : weights.names()) {
            int layer = WeightNames.layerOf(name);
            held = Math.max(held, layer + 1);
            if (layer >= config.numLayers() && (beyond == null || name.compareTo(beyond) < 0)) {
                beyond = name;
            }
        }
        if (beyond != null) {
            throw new ModelFormatException(fileHolding(beyond) + ": holds " + held + " decoder layers (e.g. tensor '"
                    + beyond + "'), but " + CONFIG_FILE_NAME + " says 'num_hidden_layers' is " + config.numLayers()
                    + "; it must name every layer the weights hold");
        }
    }

    private Path fileHolding(String tensor) {
        if (weights instanceof ShardedSafetensors sharded && sharded.shardOf(tensor) != null) {
            return sharded.shardOf(tensor).file();
        }
        return weightsFile;
    }

    @Override
    public void close() throws IOException {
        weights.close();
    }

    @Override
    public String toString() {
        return "ModelDirectory[" + dir + ", " + config.modelType() + ", " + weights + "]";
    }
}
