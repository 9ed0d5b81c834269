package org.tagllm.knime.engine.llama2c;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tagllm.knime.engine.ModelFormatException;
import org.tagllm.knime.engine.SharedData;

class Llama2cTokenizerFileTest {

    @TempDir
    Path tmp;

    @Test
    void readsRealTok512() throws Exception {
        Llama2cTokenizerFile t = Llama2cTokenizerFile.read(SharedData.tok512());
        assertEquals(512, t.size());
        assertEquals(7, t.maxPieceLength());
        assertEquals("<unk>", t.pieces().get(0));
        assertEquals("\n<s>\n", t.pieces().get(1));
        assertEquals("\n</s>\n", t.pieces().get(2));
        assertEquals("<0x00>", t.pieces().get(3));
        assertEquals("<0xFF>", t.pieces().get(258));
        assertEquals(" t", t.pieces().get(259));
        assertEquals(-1.0f, t.score(260));
        assertTrue(t.pieces().stream().allMatch(p -> p.getBytes(StandardCharsets.UTF_8).length <= 7));
    }

    @Test
    void roundTripsWrittenFile() throws Exception {
        Path file = Llama2cTokenizerFiles.write(tmp.resolve("t.bin"), List.of("<unk>", "a", " é"),
                new float[] {0f, -1f, -2.5f});
        Llama2cTokenizerFile t = Llama2cTokenizerFile.read(file);
        assertEquals(List.of("<unk>", "a", " é"), t.pieces());
        assertEquals(-2.5f, t.score(2));
        assertEquals(5, t.maxPieceLength());
    }

    @Test
    void refusesTruncatedOverlongAndMalformedPieces() throws Exception {
        Path file = Llama2cTokenizerFiles.write(tmp.resolve("t.bin"), List.of("<unk>", "abc"), new float[] {0f, -1f});
        byte[] all = Files.readAllBytes(file);
        Path cut = Files.write(tmp.resolve("cut.bin"), Arrays.copyOf(all, all.length - 1));
        assertMessage(cut, "piece 1 at byte 17 runs past the end of the file (27 bytes)");

        byte[] overlong = all.clone();
        overlong[0] = 2; // declared maximum below the 5 bytes of "<unk>"
        assertMessage(Files.write(tmp.resolve("long.bin"), overlong), "piece 0 at byte 4 has length 5");

        byte[] malformed = all.clone();
        malformed[all.length - 1] = (byte) 0xC3; // a lead byte with no continuation
        assertMessage(Files.write(tmp.resolve("utf8.bin"), malformed), "piece 1 at byte 17 is not valid UTF-8");

        assertMessage(Files.write(tmp.resolve("empty.bin"), new byte[0]), "only 0 bytes");
        assertMessage(tmp.resolve("absent.bin"), "not found");
    }

    private static void assertMessage(Path file, String expected) {
        String message = assertThrows(ModelFormatException.class, () -> Llama2cTokenizerFile.read(file)).getMessage();
        assertTrue(message.startsWith(file.toString()) && message.contains(expected), message);
    }
}
