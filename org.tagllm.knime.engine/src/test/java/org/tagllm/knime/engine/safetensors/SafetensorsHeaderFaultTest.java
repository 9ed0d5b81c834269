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
        RawSafetensors.header("").write(tmp.resolve(FILE));
        assertRefused(open(), "header length is 0");
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
        RawSafetensors.header("{\"w\": {\"dtype\": \"F32\",").write(tmp.resolve(FILE));
        assertRefused(open(), "not valid JSON");
    }

    @Test
    void headerWithTrailingGarbage() throws Exception {
        RawSafetensors.header("{} {}").write(tmp.resolve(FILE));
        assertRefused(open(), "not valid JSON");
    }

    @Test
    void headerOnlySpaces() throws Exception {
        RawSafetensors.header("        ").write(tmp.resolve(FILE));
        assertRefused(open(), "empty");
    }

    @Test
    void headerNotAnObject() throws Exception {
        RawSafetensors.header("[1, 2]").write(tmp.resolve(FILE));
        assertRefused(open(), "must be a JSON object", "JSON array");
    }

    @Test
    void duplicateTensorName() throws Exception {
        String entry = "{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[0,4]}";
        RawSafetensors.header("{\"w.dup\":" + entry + ",\"w.dup\":" + entry + "}").data(new byte[4])
                .write(tmp.resolve(FILE));
        assertRefused(open(), "w.dup");
    }

    @Test
    void entryNotAnObject() throws Exception {
        RawSafetensors.header("{\"w.scalar\": 5}").write(tmp.resolve(FILE));
        assertRefused(open(), "'w.scalar'", "JSON object");
    }

    @ParameterizedTest
    @ValueSource(strings = {"dtype", "shape", "data_offsets"})
    void entryMissingAKey(String key) throws Exception {
        String entry = "{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[0,8]}"
                .replaceFirst("\"" + key + "\":(\"F32\"|\\[[0-9,]*\\]),?", "").replace(",}", "}");
        RawSafetensors.header("{\"w.partial\":" + entry + "}").data(new byte[8]).write(tmp.resolve(FILE));
        assertRefused(open(), "'w.partial'", "no '" + key + "'");
    }

    @Test
    void unknownDtypeListsTheSupportedOnes() throws Exception {
        RawSafetensors.tensors().tensor("w.ints", "I64", new long[] {1}, new byte[8]).write(tmp.resolve(FILE));
        assertRefused(open(), "'w.ints'", "I64", "F32", "F16", "BF16");
    }

    @Test
    void dtypeNotAString() throws Exception {
        RawSafetensors.header("{\"w.num\":{\"dtype\":4,\"shape\":[1],\"data_offsets\":[0,4]}}").data(new byte[4])
                .write(tmp.resolve(FILE));
        assertRefused(open(), "'w.num'", "dtype 4");
    }

    @Test
    void negativeDimension() throws Exception {
        RawSafetensors.header("{\"w.neg\":{\"dtype\":\"F32\",\"shape\":[2,-1],\"data_offsets\":[0,0]}}")
                .write(tmp.resolve(FILE));
        assertRefused(open(), "'w.neg'", "dimension 1", "non-negative integer");
    }

    @ParameterizedTest
    @ValueSource(strings = {"2.5", "\"3\"", "null", "1e2", "99999999999999999999"})
    void nonIntegerDimension(String dim) throws Exception {
        RawSafetensors.header("{\"w.frac\":{\"dtype\":\"F32\",\"shape\":[" + dim + "],\"data_offsets\":[0,4]}}")
                .data(new byte[4]).write(tmp.resolve(FILE));
        assertRefused(open(), "'w.frac'", "dimension 0");
    }

    @Test
    void shapeNotAnArray() throws Exception {
        RawSafetensors.header("{\"w.s\":{\"dtype\":\"F32\",\"shape\":4,\"data_offsets\":[0,16]}}")
                .data(new byte[16]).write(tmp.resolve(FILE));
        assertRefused(open(), "'w.s'", "shape must be a JSON array");
    }

    @ParameterizedTest
    @ValueSource(strings = {"[0]", "[0,4,8]", "[-4,0]", "[0.5,4]", "[\"0\",4]", "4", "[0,null]"})
    void offsetsNotTwoNonNegativeIntegers(String offsets) throws Exception {
        RawSafetensors.header("{\"w.off\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":" + offsets + "}}")
                .data(new byte[8]).write(tmp.resolve(FILE));
        assertRefused(open(), "'w.off'", "data_offsets must be two non-negative integers");
    }

    @Test
    void offsetsBeginAfterEnd() throws Exception {
        RawSafetensors.header("{\"w.rev\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[8,4]}}")
                .data(new byte[8]).write(tmp.resolve(FILE));
        assertRefused(open(), "'w.rev'", "[8,4]");
    }

    @Test
    void offsetsEndBeyondTheDataSection() throws Exception {
        RawSafetensors.header("{\"w.far\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[4,12]}}")
                .data(new byte[11]).write(tmp.resolve(FILE));
        assertRefused(open(), "'w.far'", "12", "11 bytes");
    }

    @Test
    void byteCountDisagreesWithShape() throws Exception {
        RawSafetensors.header("{\"w.size\":{\"dtype\":\"BF16\",\"shape\":[2,3],\"data_offsets\":[0,8]}}")
                .data(new byte[8]).write(tmp.resolve(FILE));
        assertRefused(open(), "'w.size'", "8 bytes", "needs 12");
    }

    @Test
    void shapeTooLargeToAddress() throws Exception {
        RawSafetensors.header("{\"w.huge\":{\"dtype\":\"F32\",\"shape\":[4294967296,4294967296],"
                + "\"data_offsets\":[0,4]}}").data(new byte[4]).write(tmp.resolve(FILE));
        assertRefused(open(), "'w.huge'", "too large");
    }

    @Test
    void overlappingTensors() throws Exception {
        RawSafetensors.header("{\"w.first\":{\"dtype\":\"F32\",\"shape\":[4],\"data_offsets\":[0,16]},"
                + "\"w.second\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[12,20]}}")
                .data(new byte[20]).write(tmp.resolve(FILE));
        assertRefused(open(), "'w.first'", "'w.second'", "overlap");
    }

    /** The overlap is found whatever the order of the entries in the header. */
    @Test
    void overlapFoundAfterSortingByBegin() throws Exception {
        RawSafetensors.header("{\"a.late\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[16,24]},"
                + "\"b.ok\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[0,4]},"
                + "\"c.wide\":{\"dtype\":\"F32\",\"shape\":[4],\"data_offsets\":[8,24]}}")
                .data(new byte[24]).write(tmp.resolve(FILE));
        assertRefused(open(), "'a.late'", "'c.wide'", "overlap");
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
        RawSafetensors.header("{\"__metadata__\":{\"total\":5}}").write(tmp.resolve(FILE));
        assertRefused(open(), "__metadata__", "'total'");
    }

    @Test
    void metadataNotAnObject() throws Exception {
        RawSafetensors.header("{\"__metadata__\":[\"x\"]}").write(tmp.resolve(FILE));
        assertRefused(open(), "__metadata__");
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
