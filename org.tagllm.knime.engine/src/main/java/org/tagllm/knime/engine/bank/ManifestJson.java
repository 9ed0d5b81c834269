package org.tagllm.knime.engine.bank;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.deser.std.StdScalarDeserializer;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.ser.std.ToStringSerializer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Pattern;
import org.tagllm.knime.engine.io.JsonFieldErrors;

/**
 * {@code bank.json} to and from {@link BankManifest}. The format and its version are checked on the raw tree first, so
 * that a manifest from a newer Tag-LLM is refused with "upgrade" rather than with whatever its new structure breaks.
 * Unknown fields are ignored: a newer writer may add optional ones within the same major version.
 */
final class ManifestJson {

    private static final ObjectMapper JSON = new ObjectMapper()
            // Two values for one key would make the manifest ambiguous; trailing text means it is not one document.
            .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
            // 2.5 vectors is an error, not 2.
            .disable(DeserializationFeature.ACCEPT_FLOAT_AS_INT)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(SerializationFeature.INDENT_OUTPUT)
            .enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS)
            .registerModule(new SimpleModule("iso-instants")
                    .addSerializer(Instant.class, ToStringSerializer.instance)
                    .addDeserializer(Instant.class, new IsoInstantDeserializer()));

    /**
     * The key of {@code bank.json} that records the SHA-256 of each of the bank's other files, by file name. It lives
     * beside the manifest, not in it: it describes the stored files, not the bank, so a bank's equality and content
     * hash do not depend on it. Banks written before it was recorded lack it and are read unchecked.
     */
    static final String FILE_DIGESTS = "file_sha256";

    private static final Pattern HEX_SHA256 = Pattern.compile("[0-9a-f]{64}");

    /** A manifest as read from {@code bank.json}, with the file digests recorded beside it (empty in older banks). */
    record Stored(BankManifest manifest, Map<String, String> fileDigests) {}

    private ManifestJson() {}

    /** The text of {@code bank.json}: the manifest, then the digests of the bank's other files. */
    static String toJson(BankManifest manifest, Map<String, String> fileDigests) {
        try {
            ObjectNode root = (ObjectNode) JSON.readTree(toJson(manifest));
            ObjectNode digests = root.putObject(FILE_DIGESTS);
            new TreeMap<>(fileDigests).forEach(digests::put);
            return JSON.writeValueAsString(root);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write the bank manifest as JSON", e);
        }
    }

    /** The manifest as the indented JSON text of {@code bank.json}; the same manifest always gives the same text. */
    static String toJson(BankManifest manifest) {
        try {
            return JSON.writeValueAsString(manifest);
        } catch (JsonProcessingException e) {
            // Records of strings, numbers and lists always serialise; failing here is a bug in this package.
            throw new IllegalStateException("cannot write the bank manifest as JSON", e);
        }
    }

    /**
     * Reads and checks {@code bank.json}.
     *
     * @throws BankFormatException naming the file and the field when the manifest is not valid JSON, not a bank
     *                             manifest, from a newer format version, or lacks or misstates a field
     */
    static Stored read(Path file) throws BankFormatException, IOException {
        JsonNode root;
        try {
            root = JSON.readTree(Files.readAllBytes(file));
        } catch (JsonProcessingException e) {
            String where = e.getLocation() == null ? ""
                    : " (line " + e.getLocation().getLineNr() + ", column " + e.getLocation().getColumnNr() + ")";
            throw new BankFormatException(file + ": not valid JSON: " + e.getOriginalMessage() + where, e);
        }
        if (root == null || !root.isObject()) {
            throw new BankFormatException(file + ": expected a JSON object (a tag bank manifest)");
        }
        checkFormat(file, root);
        Map<String, String> digests = fileDigests(file, root.get(FILE_DIGESTS));
        try {
            return new Stored(JSON.treeToValue(root, BankManifest.class), digests);
        } catch (JsonMappingException e) {
            throw new BankFormatException(file + ": " + JsonFieldErrors.describe(e, root, JSON), e);
        } catch (JsonProcessingException e) {
            throw new BankFormatException(file + ": " + e.getOriginalMessage(), e);
        }
    }

    private static Map<String, String> fileDigests(Path file, JsonNode node) throws BankFormatException {
        Map<String, String> digests = new TreeMap<>();
        if (node == null) {
            return digests;
        }
        if (!node.isObject()) {
            throw new BankFormatException(file + ": '" + FILE_DIGESTS + "' is " + node + "; it must map file names "
                    + "to SHA-256 digests");
        }
        for (Map.Entry<String, JsonNode> e : node.properties()) {
            JsonNode digest = e.getValue();
            if (!digest.isTextual() || !HEX_SHA256.matcher(digest.textValue()).matches()) {
                throw new BankFormatException(file + ": '" + FILE_DIGESTS + "." + e.getKey() + "' is " + digest
                        + "; it must be a SHA-256 digest, 64 hexadecimal digits in lower case");
            }
            digests.put(e.getKey(), digest.textValue());
        }
        return digests;
    }

    private static void checkFormat(Path file, JsonNode root) throws BankFormatException {
        JsonNode format = root.get("format");
        if (format == null || !BankManifest.FORMAT.equals(format.asText(null))) {
            throw new BankFormatException(file + ": not a Tag-LLM bank manifest: 'format' is " + format
                    + ", expected \"" + BankManifest.FORMAT + "\"");
        }
        JsonNode version = root.get("format_version");
        if (version == null || !version.isIntegralNumber() || !version.canConvertToInt() || version.asInt() < 1) {
            throw new BankFormatException(file + ": 'format_version' must be a positive integer, got " + version);
        }
        if (version.asInt() > BankManifest.FORMAT_VERSION) {
            throw new BankFormatException(file + ": this bank has format version " + version.asInt()
                    + ", written by a newer Tag-LLM; this version reads format version "
                    + BankManifest.FORMAT_VERSION + " and older. Upgrade Tag-LLM to use this bank");
        }
    }

    /** ISO-8601 instants, e.g. {@code 2024-05-01T12:00:00Z}; offsets such as {@code +02:00} are accepted too. */
    private static final class IsoInstantDeserializer extends StdScalarDeserializer<Instant> {

        private static final long serialVersionUID = 1L;

        IsoInstantDeserializer() {
            super(Instant.class);
        }

        @Override
        public Instant deserialize(JsonParser p, DeserializationContext ctxt) throws IOException {
            String text = p.getValueAsString();
            if (text != null) {
                try {
                    return Instant.parse(text);
                } catch (DateTimeParseException e) {
                    // Reported below, with the value, like any other malformed field.
                }
            }
            return (Instant) ctxt.handleWeirdStringValue(Instant.class, String.valueOf(text), "not an ISO-8601 time");
        }
    }
}
