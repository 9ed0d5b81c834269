package org.tagllm.knime.engine.llama2c;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tagllm.knime.engine.ModelFormatException;
import org.tagllm.knime.engine.SharedData;

class Llama2cCheckpointTest {

    @TempDir
    Path tmp;

    @Test
    void readsEveryTensorOfTiedCheckpointFromItsPlace() throws Exception {
        SyntheticCheckpoint s = SyntheticCheckpoint.tiny(true);
        try (Llama2cCheckpoint c = Llama2cCheckpoint.open(s.write(tmp.resolve("tied.bin")))) {
            Llama2cHeader h = c.header();
            assertEquals(new Llama2cHeader(8, 12, 2, 4, 2, 10, 6, true), h);
            assertEquals(2, h.headSize());
            assertEquals(4, h.kvDim());
            Llama2cTensor[] order = Llama2cTensor.values();
            for (int k = 0; k < order.length - 1; k++) {
                Llama2cTensor t = order[k];
                long perLayer = s.counts()[k] / t.layers(h);
                for (int layer = 0; layer < t.layers(h); layer++) {
                    float[] values = c.read(t, layer);
                    assertEquals(perLayer, values.length, t + " length");
                    long first = s.start(k) + layer * perLayer;
                    assertEquals(first, values[0], t + " layer " + layer + " first value");
                    assertEquals(first + perLayer - 1, values[values.length - 1], t + " last value");
                }
            }
            assertThrows(IllegalArgumentException.class, () -> c.read(Llama2cTensor.CLASSIFIER, 0));
        }
    }

    @Test
    void readsUntiedClassifierAfterRopeTables() throws Exception {
        SyntheticCheckpoint s = SyntheticCheckpoint.tiny(false);
        try (Llama2cCheckpoint c = Llama2cCheckpoint.open(s.write(tmp.resolve("untied.bin")))) {
            assertFalse(c.header().sharedClassifier());
            assertEquals(10, c.header().vocabSize());
            float[] cls = c.read(Llama2cTensor.CLASSIFIER, 0);
            assertArrayEquals(new long[] {10, 8}, Llama2cTensor.CLASSIFIER.shape(c.header()));
            assertEquals(80, cls.length);
            assertEquals(s.floatCount() - 80, cls[0]);
            assertEquals(s.floatCount() - 1, cls[79]);
        }
    }

    @Test
    void refusesTruncatedFileGivingBothSizes() throws Exception {
        SyntheticCheckpoint s = SyntheticCheckpoint.tiny(true);
        Path file = s.write(tmp.resolve("cut.bin"));
        byte[] all = Files.readAllBytes(file);
        Files.write(file, Arrays.copyOf(all, all.length - 4));
        String message = refusal(file);
        assertTrue(message.contains("implies " + all.length + " bytes"), message);
        assertTrue(message.contains("has " + (all.length - 4) + " bytes"), message);
        assertTrue(message.startsWith(file.toString()), message);
    }

    @Test
    void refusesTiedHeaderFollowedByAClassifier() throws Exception {
        SyntheticCheckpoint untied = SyntheticCheckpoint.tiny(false);
        Path file = untied.write(tmp.resolve("signflip.bin"));
        byte[] all = Files.readAllBytes(file);
        System.arraycopy(SyntheticCheckpoint.tiny(true).header(), 0, all, 0, 28);
        Files.write(file, all);
        String message = refusal(file);
        assertTrue(message.contains("has " + all.length + " bytes"), message);
        assertTrue(message.contains("with a separate classifier, yet vocab_size is positive"), message);
    }

    @Test
    void refusesPickleAndZipWithTheReason() throws Exception {
        byte[] pickle = new byte[200];
        pickle[0] = (byte) 0x80;
        pickle[1] = 2;
        pickle[2] = (byte) 0x8a;
        byte[] zip = Arrays.copyOf("PK\u0003\u0004archive/data.pkl".getBytes(), 200);
        for (byte[] content : new byte[][] {pickle, zip}) {
            Path file = Files.write(tmp.resolve("model.pt"), content);
            String message = refusal(file);
            assertTrue(message.contains("pickle can execute code"), message);
            assertTrue(message.startsWith(file.toString()), message);
        }
        Path tiny = Files.write(tmp.resolve("tiny.pt"), new byte[] {(byte) 0x80, 5, (byte) 0x95});
        assertTrue(refusal(tiny).contains("pickle can execute code"));
    }

    @Test
    void acceptsRealHeaderThatStartsLikePickle() throws Exception {
        // dim 896 is stored as 80 03 00 00: a pickle's PROTO 3 opcode, yet the size matches the header exactly.
        SyntheticCheckpoint s = new SyntheticCheckpoint(896, 4, 1, 2, 1, 3, 2, true);
        Path file = s.write(tmp.resolve("dim896.bin"));
        byte[] start = Files.readAllBytes(file);
        assertTrue(PickleSniffer.looksLikePickle(start));
        try (Llama2cCheckpoint c = Llama2cCheckpoint.open(file)) {
            assertEquals(896, c.header().dim());
        }
    }

    @Test
    void refusesImpossibleHeaders() throws Exception {
        assertTrue(refusal(withHeader(8, 12, 2, 3, 1, 10, 6)).contains("dim (8) is not a multiple of n_heads (3)"));
        assertTrue(refusal(withHeader(8, 12, 2, 4, 3, 10, 6))
                .contains("n_heads (4) is not a multiple of n_kv_heads (3)"));
        assertTrue(refusal(withHeader(8, 12, -2, 4, 2, 10, 6)).contains("n_layers must be positive, got -2"));
        assertTrue(refusal(withHeader(8, 12, 2, 4, 2, 0, 6)).contains("vocab_size must be non-zero"));
        assertTrue(refusal(withHeader(8, 12, 2, 8, 2, 10, 6)).contains("head size dim / n_heads = 1 is odd"));
        assertTrue(refusal(Files.write(tmp.resolve("short.bin"), new byte[] {1, 2, 3})).contains("only 3 bytes"));
        String missing = refusal(tmp.resolve("absent.bin"));
        assertTrue(missing.contains("absent.bin") && missing.contains("not found"), missing);
    }

    @Test
    void realStories260KHeaderMatchesReadme() throws Exception {
        Path file = SharedData.stories260K();
        try (Llama2cCheckpoint c = Llama2cCheckpoint.open(file)) {
            assertEquals(new Llama2cHeader(64, 172, 5, 8, 4, 512, 512, true), c.header());
            assertEquals(8, c.header().headSize());
            assertEquals(Files.size(file), c.header().expectedFileSize());
            float[] finalNorm = c.read(Llama2cTensor.FINAL_NORM, 0);
            assertEquals(64, finalNorm.length);
            for (float v : finalNorm) {
                assertTrue(Float.isFinite(v) && v != 0f, "final RMSNorm weights of a trained model: " + v);
            }
        }
    }

    private Path withHeader(int... values) throws IOException {
        ByteBuffer b = ByteBuffer.allocate(28 + 400).order(ByteOrder.LITTLE_ENDIAN);
        for (int v : values) {
            b.putInt(v);
        }
        return Files.write(tmp.resolve("header.bin"), b.array());
    }

    private static String refusal(Path file) {
        return assertThrows(ModelFormatException.class, () -> Llama2cCheckpoint.open(file).close()).getMessage();
    }
}
