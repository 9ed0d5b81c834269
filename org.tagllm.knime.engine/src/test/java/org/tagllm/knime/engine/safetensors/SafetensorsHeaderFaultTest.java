package org.tagllm.knime.engine.safetensors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.tagllm.knime.engine.ModelFormatException;

/** Every malformed header is refused with a ModelFormatException that names the file and, if any, the tensor. */
class SafetensorsHeaderFaultTest {

    private static final String FILE = "bad.safetensors";

    @TempDir
    Path tmp;

    @Test
    void fileShorterThanTheLengthPrefix() throws Exception {
        Files.write(tmp.resolve(FILE), new byte[5]);
        assertRefused(open(), "5 bytes");
    }

    @Test
    void emptyFile() throws Exception {
        Files.write(tmp.resolve(FILE), new byte[0]);
        assertRefused(open(), "0 bytes");
    }

    @Test
    void headerLengthZero() throws Exception {
        assertHeaderRefused("", 0, "header length is 0");
    }

    @Test
    void headerLengthBeyondTheFile() throws Exception {
        RawSafetensors.header("{}").declaredHeaderLength(1000).write(tmp.resolve(FILE));
        assertRefused(open(), "1000", "beyond the end");
    }

    @Test
    void headerLengthAboveTheLimit() throws Exception {
        RawSafetensors.header("{}").declaredHeaderLength(100_000_001L).write(tmp.resolve(FILE));
        assertRefused(open(), "100000001", "limit");
    }

    /** The length is unsigned: 2^64 - 1 must read as huge, not as -1. */
    @Test
    void headerLengthWithTheTopBitSet() throws Exception {
        RawSafetensors.header("{}").declaredHeaderLength(-1L).write(tmp.resolve(FILE));
        assertRefused(open(), "18446744073709551615", "limit");
    }

    @Test
    void headerNotUtf8() throws Exception {
        RawSafetensors.header(new byte[] {'{', '"', (byte) 0xC3, 0x28, '"', ':', '1', '}'}).write(tmp.resolve(FILE));
        assertRefused(open(), "UTF-8", "header byte 2");
    }

    @Test
    void headerNotJson() throws Exception {
        assertHeaderRefused("{\"w\": {\"dtype\": \"F32\",", 0, "not valid JSON");
    }

    @Test
    void headerWithTrailingGarbage() throws Exception {
        assertHeaderRefused("{} {}", 0, "not valid JSON");
    }

    @Test
    void headerOnlySpaces() throws Exception {
        assertHeaderRefused("        ", 0, "empty");
    }

    @Test
    void headerNotAnObject() throws Exception {
        assertHeaderRefused("[1, 2]", 0, "must be a JSON object", "JSON array");
    }

    @Test
    void duplicateTensorName() throws Exception {
        String entry = "{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[0,4]}";
        assertHeaderRefused("{\"w.dup\":" + entry + ",\"w.dup\":" + entry + "}", 4, "w.dup");
    }

    @Test
    void entryNotAnObject() throws Exception {
        assertHeaderRefused("{\"w.scalar\": 5}", 0, "'w.scalar'", "JSON object");
    }

    @ParameterizedTest
    @ValueSource(strings = {"dtype", "shape", "data_offsets"})
    void entryMissingAKey(String key) throws Exception {
        String entry = "{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[0,8]}"
                .replaceFirst("\"" + key + "\":(\"F32\"|\\[[0-9,]*\\]),?", "").replace(",}", "}");
        assertHeaderRefused("{\"w.partial\":" + entry + "}", 8, "'w.partial'", "no '" + key + "'");
    }

    @Test
    void unknownDtypeListsTheSupportedOnes() throws Exception {
        RawSafetensors.tensors().tensor("w.ints", "I64", new long[] {1}, new byte[8]).write(tmp.resolve(FILE));
        assertRefused(open(), "'w.ints'", "I64", "F32", "F16", "BF16");
    }

    @Test
    void dtypeNotAString() throws Exception {
        assertHeaderRefused("{\"w.num\":{\"dtype\":4,\"shape\":[1],\"data_offsets\":[0,4]}}", 4, "'w.num'", "dtype 4");
    }

    @Test
    void negativeDimension() throws Exception {
        assertHeaderRefused("{\"w.neg\":{\"dtype\":\"F32\",\"shape\":[2,-1],\"data_offsets\":[0,0]}}", 0,
                "'w.neg'", "dimension 1", "non-negative integer");
    }

    @ParameterizedTest
    @ValueSource(strings = {"2.5", "\"3\"", "null", "1e2", "99999999999999999999"})
    void nonIntegerDimension(String dim) throws Exception {
        assertHeaderRefused("{\"w.frac\":{\"dtype\":\"F32\",\"shape\":[" + dim + "],\"data_offsets\":[0,4]}}", 4,
                "'w.frac'", "dimension 0");
    }

    @Test
    void shapeNotAnArray() throws Exception {
        assertHeaderRefused("{\"w.s\":{\"dtype\":\"F32\",\"shape\":4,\"data_offsets\":[0,16]}}", 16,
                "'w.s'", "shape must be a JSON array");
    }

    @ParameterizedTest
    @ValueSource(strings = {"[0]", "[0,4,8]", "[-4,0]", "[0.5,4]", "[\"0\",4]", "4", "[0,null]"})
    void offsetsNotTwoNonNegativeIntegers(String offsets) throws Exception {
        assertHeaderRefused("{\"w.off\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":" + offsets + "}}", 8,
                "'w.off'", "data_offsets must be two non-negative integers");
    }

    @Test
    void offsetsBeginAfterEnd() throws Exception {
        assertHeaderRefused("{\"w.rev\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[8,4]}}", 8,
                "'w.rev'", "[8,4]");
    }

    @Test
    void offsetsEndBeyondTheDataSection() throws Exception {
        assertHeaderRefused("{\"w.far\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[4,12]}}", 11,
                "'w.far'", "12", "11 bytes");
    }

    @Test
    void byteCountDisagreesWithShape() throws Exception {
        assertHeaderRefused("{\"w.size\":{\"dtype\":\"BF16\",\"shape\":[2,3],\"data_offsets\":[0,8]}}", 8,
                "'w.size'", "8 bytes", "needs 12");
    }

    @Test
    void shapeTooLargeToAddress() throws Exception {
        assertHeaderRefused("{\"w.huge\":{\"dtype\":\"F32\",\"shape\":[4294967296,4294967296],"
                + "\"data_offsets\":[0,4]}}", 4, "'w.huge'", "too large");
    }

    @Test
    void overlappingTensors() throws Exception {
        assertHeaderRefused("{\"w.first\":{\"dtype\":\"F32\",\"shape\":[4],\"data_offsets\":[0,16]},"
                + "\"w.second\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[12,20]}}", 20,
                "'w.first'", "'w.second'", "overlap");
    }

    /** The overlap is found whatever the order of the entries in the header. */
    @Test
    void overlapFoundAfterSortingByBegin() throws Exception {
        assertHeaderRefused("{\"a.late\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[16,24]},"
                + "\"b.ok\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[0,4]},"
                + "\"c.wide\":{\"dtype\":\"F32\",\"shape\":[4],\"data_offsets\":[8,24]}}", 24,
                "'a.late'", "'c.wide'", "overlap");
    }

    /** Empty tensors own no bytes, and gaps between tensors are allowed. */
    @Test
    void emptyTensorsAndGapsAreAccepted() throws Exception {
        RawSafetensors.header("{\"a\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[0,8]},"
                + "\"e\":{\"dtype\":\"F16\",\"shape\":[0],\"data_offsets\":[4,4]},"
                + "\"b\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[12,16]}}")
                .data(RawSafetensors.floats(1f, 2f, 99f, 3f)).write(tmp.resolve(FILE));
        try (SafetensorsFile f = SafetensorsFile.open(tmp.resolve(FILE))) {
            assertEquals(3f, f.readFloats("b").get(0));
            assertEquals(0, f.readFloats("e").remaining());
        }
    }

    @Test
    void metadataNotAStringMap() throws Exception {
        assertHeaderRefused("{\"__metadata__\":{\"total\":5}}", 0, "__metadata__", "'total'");
    }

    @Test
    void metadataNotAnObject() throws Exception {
        assertHeaderRefused("{\"__metadata__\":[\"x\"]}", 0, "__metadata__");
    }

    /** A file of {@code header} and {@code dataBytes} bytes of data is refused, naming the file and each mention. */
    private void assertHeaderRefused(String header, int dataBytes, String... mentions) throws Exception {
        RawSafetensors.header(header).data(new byte[dataBytes]).write(tmp.resolve(FILE));
        assertRefused(open(), mentions);
    }

    private ModelFormatException open() {
        return assertThrows(ModelFormatException.class, () -> SafetensorsFile.open(tmp.resolve(FILE)).close());
    }

    private void assertRefused(ModelFormatException e, String... mentions) {
        String message = e.getMessage();
        assertTrue(message.contains(tmp.resolve(FILE).toString()), () -> "names the file: " + message);
        for (String m : mentions) {
            assertTrue(message.contains(m), () -> "mentions '" + m + "': " + message);
        }
    }
}
