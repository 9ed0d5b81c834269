package org.tagllm.knime.engine.safetensors;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.NavigableMap;
import java.util.TreeMap;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.tagllm.knime.engine.ModelFormatException;

/**
 * The parsed and validated JSON header of one safetensors file. Every check that does not need the data bytes happens
 * here, so that a file that opens can be read without further surprises.
 *
 * @param tensors  entries by name, offsets relative to the data section
 * @param metadata the optional {@code __metadata__} string map
 */
record SafetensorsHeader(NavigableMap<String, TensorInfo> tensors, Map<String, String> metadata) {

    static final String METADATA_KEY = "__metadata__";

    // Duplicate keys would make a tensor ambiguous; trailing tokens would mean the header is not one JSON object.
    private static final ObjectMapper JSON = new ObjectMapper()
            .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

    SafetensorsHeader {
        tensors = Collections.unmodifiableNavigableMap(new TreeMap<>(tensors));
        metadata = Collections.unmodifiableMap(new LinkedHashMap<>(metadata));
    }

    /**
     * Parses and validates a header.
     *
     * @param bytes      the header bytes (UTF-8 JSON, possibly padded with spaces)
     * @param dataLength bytes in the data section that follows the header
     * @param file       the file, named in every error message
     */
    static SafetensorsHeader parse(byte[] bytes, long dataLength, Path file) throws ModelFormatException {
        JsonNode root = parseJson(decodeUtf8(bytes, file), file);
        Map<String, String> metadata = Map.of();
        NavigableMap<String, TensorInfo> tensors = new TreeMap<>();
        for (Map.Entry<String, JsonNode> field : root.properties()) {
            if (field.getKey().equals(METADATA_KEY)) {
                metadata = metadata(field.getValue(), file);
            } else {
                TensorInfo info = tensor(field.getKey(), field.getValue(), file);
                if (info.end() > dataLength) {
                    throw new ModelFormatException(where(file, info.name()) + "data_offsets end at " + info.end()
                            + " but the data section holds only " + dataLength + " bytes (truncated file?)");
                }
                tensors.put(info.name(), info);
            }
        }
        checkNoOverlap(tensors.values(), file);
        return new SafetensorsHeader(tensors, metadata);
    }

    private static String decodeUtf8(byte[] bytes, Path file) throws ModelFormatException {
        CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        ByteBuffer in = ByteBuffer.wrap(bytes);
        CharBuffer out = CharBuffer.allocate(bytes.length); // UTF-8 never yields more chars than bytes
        CoderResult result = decoder.decode(in, out, true);
        if (result.isError()) {
            throw new ModelFormatException(file + ": the safetensors header is not valid UTF-8 (bad byte sequence at "
                    + "header byte " + in.position() + ")");
        }
        decoder.flush(out);
        return out.flip().toString();
    }

    private static JsonNode parseJson(String text, Path file) throws ModelFormatException {
        JsonNode root;
        try {
            root = JSON.readTree(text);
        } catch (JsonProcessingException e) {
            throw new ModelFormatException(file + ": the safetensors header is not valid JSON: "
                    + e.getOriginalMessage(), e);
        }
        if (root == null || root.isMissingNode()) {
            throw new ModelFormatException(file + ": the safetensors header is empty; it must be a JSON object");
        }
        if (!root.isObject()) {
            throw new ModelFormatException(file + ": the safetensors header must be a JSON object, not a JSON "
                    + root.getNodeType().toString().toLowerCase(Locale.ROOT));
        }
        return root;
    }

    private static Map<String, String> metadata(JsonNode node, Path file) throws ModelFormatException {
        if (!node.isObject()) {
            throw new ModelFormatException(file + ": " + METADATA_KEY + " must be a JSON object of strings");
        }
        Map<String, String> map = new LinkedHashMap<>();
        for (Map.Entry<String, JsonNode> e : node.properties()) {
            if (!e.getValue().isTextual()) {
                throw new ModelFormatException(file + ": " + METADATA_KEY + " key '" + e.getKey()
                        + "' must be a string, got " + e.getValue());
            }
            map.put(e.getKey(), e.getValue().textValue());
        }
        return map;
    }

    private static TensorInfo tensor(String name, JsonNode entry, Path file) throws ModelFormatException {
        if (!entry.isObject()) {
            throw new ModelFormatException(where(file, name) + "header entry must be a JSON object, got " + entry);
        }
        DType dtype = dtype(name, required(entry, "dtype", name, file), file);
        long[] shape = shape(name, required(entry, "shape", name, file), file);
        long[] offsets = offsets(name, required(entry, "data_offsets", name, file), file);
        long elements = 1;
        try {
            for (long d : shape) {
                elements = Math.multiplyExact(elements, d);
            }
            long expectedBytes = Math.multiplyExact(elements, dtype.bytes());
            if (offsets[1] - offsets[0] != expectedBytes) {
                throw new ModelFormatException(where(file, name) + "data_offsets " + Arrays.toString(offsets)
                        + " span " + (offsets[1] - offsets[0]) + " bytes but " + dtype + Arrays.toString(shape)
                        + " needs " + expectedBytes);
            }
        } catch (ArithmeticException e) {
            throw new ModelFormatException(where(file, name) + "shape " + Arrays.toString(shape)
                    + " is too large to address", e);
        }
        return new TensorInfo(name, dtype, shape, offsets[0], offsets[1]);
    }

    private static JsonNode required(JsonNode entry, String key, String name, Path file)
            throws ModelFormatException {
        JsonNode n = entry.get(key);
        if (n == null) {
            throw new ModelFormatException(where(file, name) + "header entry has no '" + key + "'");
        }
        return n;
    }

    private static DType dtype(String name, JsonNode n, Path file) throws ModelFormatException {
        DType dtype = n.isTextual() ? DType.fromHeader(n.textValue()) : null;
        if (dtype == null) {
            throw new ModelFormatException(where(file, name) + "dtype " + n + " is not supported; supported are "
                    + Stream.of(DType.values()).map(DType::name).collect(Collectors.joining(", "))
                    + " (convert the model to one of them)");
        }
        return dtype;
    }

    private static long[] shape(String name, JsonNode n, Path file) throws ModelFormatException {
        if (!n.isArray()) {
            throw new ModelFormatException(where(file, name) + "shape must be a JSON array, got " + n);
        }
        long[] shape = new long[n.size()];
        for (int i = 0; i < shape.length; i++) {
            JsonNode d = n.get(i);
            if (!isNonNegativeLong(d)) {
                throw new ModelFormatException(where(file, name) + "shape " + n + ": dimension " + i
                        + " must be a non-negative integer, got " + d);
            }
            shape[i] = d.longValue();
        }
        return shape;
    }

    private static long[] offsets(String name, JsonNode n, Path file) throws ModelFormatException {
        if (!n.isArray() || n.size() != 2 || !isNonNegativeLong(n.get(0)) || !isNonNegativeLong(n.get(1))) {
            throw new ModelFormatException(where(file, name) + "data_offsets must be two non-negative integers "
                    + "[begin, end], got " + n);
        }
        long begin = n.get(0).longValue();
        long end = n.get(1).longValue();
        if (begin > end) {
            throw new ModelFormatException(where(file, name) + "data_offsets " + n + " begin after they end");
        }
        return new long[] {begin, end};
    }

    private static boolean isNonNegativeLong(JsonNode n) {
        return n != null && n.isIntegralNumber() && n.canConvertToLong() && n.longValue() >= 0;
    }

    /** Two tensors sharing bytes would alias each other's weights; empty tensors occupy no bytes and never clash. */
    private static void checkNoOverlap(Iterable<TensorInfo> tensors, Path file) throws ModelFormatException {
        List<TensorInfo> byBegin = new ArrayList<>();
        tensors.forEach(t -> {
            if (t.byteLength() > 0) {
                byBegin.add(t);
            }
        });
        byBegin.sort(Comparator.comparingLong(TensorInfo::begin).thenComparingLong(TensorInfo::end));
        // Sorted by begin, a tensor that clashes with any earlier one clashes with its predecessor.
        for (int i = 1; i < byBegin.size(); i++) {
            TensorInfo previous = byBegin.get(i - 1);
            TensorInfo t = byBegin.get(i);
            if (t.begin() < previous.end()) {
                throw new ModelFormatException(file + ": tensors '" + previous.name() + "' [" + previous.begin()
                        + ", " + previous.end() + ") and '" + t.name() + "' [" + t.begin() + ", " + t.end()
                        + ") overlap in the data section");
            }
        }
    }

    private static String where(Path file, String tensor) {
        return file + ": tensor '" + tensor + "': ";
    }
}
