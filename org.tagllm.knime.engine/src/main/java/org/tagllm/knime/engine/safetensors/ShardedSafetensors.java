package org.tagllm.knime.engine.safetensors;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.FloatBuffer;
import java.nio.ShortBuffer;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.NavigableMap;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;
import org.tagllm.knime.engine.ModelFormatException;

/**
 * A model split over several safetensors files, as listed by Hugging Face's {@code model.safetensors.index.json}
 * ({@code weight_map}: tensor name to shard file name). All shards are opened and cross-checked by {@link #open}, so
 * a missing shard or tensor is reported before any weight is read.
 */
public final class ShardedSafetensors implements WeightSource {

    /** The index file's conventional name in a Hugging Face model folder. */
    public static final String INDEX_FILE_NAME = "model.safetensors.index.json";

    private static final ObjectMapper JSON =
            new ObjectMapper().enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);

    private final Path indexFile;
    /** Open shards by their name in the index. */
    private final Map<String, SafetensorsFile> shards;
    /** Tensor name to the shard that holds it. */
    private final NavigableMap<String, SafetensorsFile> owners;

    private ShardedSafetensors(Path indexFile, Map<String, SafetensorsFile> shards,
            NavigableMap<String, SafetensorsFile> owners) {
        this.indexFile = indexFile;
        this.shards = Collections.unmodifiableMap(shards);
        this.owners = Collections.unmodifiableNavigableMap(owners);
    }

    /**
     * Reads an index file and opens every shard it names (shard names resolve against the index's folder).
     *
     * @throws ModelFormatException when the index is malformed, a shard is missing, outside the folder or not a valid
     *                              safetensors file, or a tensor is missing from its shard or present in two shards
     */
    public static ShardedSafetensors open(Path indexFile) throws ModelFormatException, IOException {
        Map<String, String> weightMap = readWeightMap(indexFile);
        Path dir = indexFile.toAbsolutePath().normalize().getParent();
        Map<String, SafetensorsFile> shards = new LinkedHashMap<>();
        try {
            for (String shardName : new TreeSet<>(weightMap.values())) {
                shards.put(shardName, SafetensorsFile.open(shardPath(indexFile, dir, shardName, weightMap)));
            }
            return new ShardedSafetensors(indexFile, shards, owners(indexFile, weightMap, shards));
        } catch (ModelFormatException | IOException | RuntimeException e) {
            closeAll(shards.values(), e);
            throw e;
        }
    }

    private static Map<String, String> readWeightMap(Path indexFile) throws ModelFormatException, IOException {
        JsonNode root;
        try {
            root = JSON.readTree(indexFile.toFile());
        } catch (JsonProcessingException e) {
            throw new ModelFormatException(indexFile + ": not valid JSON: " + e.getOriginalMessage(), e);
        }
        JsonNode map = root == null ? null : root.get("weight_map");
        if (map == null || !map.isObject()) {
            throw new ModelFormatException(indexFile + ": expected a JSON object with a 'weight_map' object "
                    + "(tensor name to shard file name)");
        }
        if (map.isEmpty()) {
            throw new ModelFormatException(indexFile + ": 'weight_map' lists no tensors");
        }
        Map<String, String> weightMap = new LinkedHashMap<>();
        for (Map.Entry<String, JsonNode> e : map.properties()) {
            if (!e.getValue().isTextual() || e.getValue().textValue().isBlank()) {
                throw new ModelFormatException(indexFile + ": tensor '" + e.getKey()
                        + "' must map to a shard file name, got " + e.getValue());
            }
            weightMap.put(e.getKey(), e.getValue().textValue());
        }
        return weightMap;
    }

    /**
     * Resolves a shard name inside the index's folder. The check is lexical, not on real paths, because Hugging Face's
     * cache links every file in a snapshot folder to a blob elsewhere.
     */
    private static Path shardPath(Path indexFile, Path dir, String shardName, Map<String, String> weightMap)
            throws ModelFormatException {
        String example = firstTensorIn(weightMap, shardName);
        Path shard;
        try {
            Path relative = dir.getFileSystem().getPath(shardName);
            shard = dir.resolve(relative).normalize();
            if (relative.isAbsolute() || !shard.startsWith(dir) || shard.equals(dir)) {
                throw new ModelFormatException(indexFile + ": shard '" + shardName + "' (for tensor '" + example
                        + "') lies outside the model folder; shard names must be files inside it");
            }
        } catch (InvalidPathException e) {
            throw new ModelFormatException(indexFile + ": shard '" + shardName + "' (for tensor '" + example
                    + "') is not a valid file name", e);
        }
        if (!Files.isRegularFile(shard)) {
            throw new ModelFormatException(indexFile + ": shard '" + shardName + "' (for tensor '" + example
                    + "') does not exist in " + dir);
        }
        return shard;
    }

    private static String firstTensorIn(Map<String, String> weightMap, String shardName) {
        return weightMap.entrySet().stream().filter(e -> e.getValue().equals(shardName)).map(Map.Entry::getKey)
                .findFirst().orElseThrow();
    }

    /** Each listed tensor's shard, after checking it is there and in no other shard. */
    private static NavigableMap<String, SafetensorsFile> owners(Path indexFile, Map<String, String> weightMap,
            Map<String, SafetensorsFile> shards) throws ModelFormatException {
        Map<String, String> holder = new TreeMap<>();
        for (Map.Entry<String, SafetensorsFile> shard : shards.entrySet()) {
            for (String tensor : shard.getValue().names()) {
                String other = holder.putIfAbsent(tensor, shard.getKey());
                if (other != null) {
                    throw new ModelFormatException(indexFile + ": tensor '" + tensor + "' is present in two shards, '"
                            + other + "' and '" + shard.getKey() + "'; which one to use is ambiguous");
                }
            }
        }
        NavigableMap<String, SafetensorsFile> owners = new TreeMap<>();
        for (Map.Entry<String, String> e : weightMap.entrySet()) {
            SafetensorsFile shard = shards.get(e.getValue());
            if (shard.info(e.getKey()) == null) {
                throw new ModelFormatException(indexFile + ": tensor '" + e.getKey() + "' is mapped to shard '"
                        + e.getValue() + "', but that file has no such tensor");
            }
            owners.put(e.getKey(), shard);
        }
        return owners;
    }

    private static void closeAll(Iterable<SafetensorsFile> files, Exception pending) {
        for (SafetensorsFile f : files) {
            try {
                f.close();
            } catch (IOException e) {
                pending.addSuppressed(e);
            }
        }
    }

    public Path indexFile() {
        return indexFile;
    }

    /** The open shards, by their name in the index. */
    public Map<String, SafetensorsFile> shards() {
        return shards;
    }

    /** The shard that holds a tensor, or {@code null} when the index does not list it. */
    public SafetensorsFile shardOf(String name) {
        return owners.get(name);
    }

    /** The tensors listed in the index; tensors a shard holds but the index omits are not part of the model. */
    @Override
    public SortedSet<String> names() {
        return owners.navigableKeySet();
    }

    @Override
    public TensorInfo info(String name) {
        SafetensorsFile shard = owners.get(name);
        return shard == null ? null : shard.info(name);
    }

    @Override
    public FloatBuffer readFloats(String name) throws IOException {
        return owner(name).readFloats(name);
    }

    @Override
    public ShortBuffer halfView(String name) throws IOException {
        return owner(name).halfView(name);
    }

    /** The shard the index puts {@code name} in. */
    private SafetensorsFile owner(String name) {
        SafetensorsFile shard = owners.get(name);
        if (shard == null) {
            throw new IllegalArgumentException(indexFile + ": the index lists no tensor '" + name + "'");
        }
        return shard;
    }

    /** Closes every shard, even when closing one fails. */
    @Override
    public void close() throws IOException {
        IOException first = null;
        for (SafetensorsFile shard : shards.values()) {
            try {
                shard.close();
            } catch (IOException e) {
                if (first == null) {
                    first = e;
                } else {
                    first.addSuppressed(e);
                }
            }
        }
        if (first != null) {
            throw first;
        }
    }

    @Override
    public String toString() {
        return "ShardedSafetensors[" + indexFile + ", " + shards.size() + " shards, " + owners.size() + " tensors]";
    }
}
