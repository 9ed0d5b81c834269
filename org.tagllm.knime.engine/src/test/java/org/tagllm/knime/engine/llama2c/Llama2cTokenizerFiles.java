package org.tagllm.knime.engine.llama2c;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Writes llama2.c tokenizer files for tests. */
final class Llama2cTokenizerFiles {

    private Llama2cTokenizerFiles() {}

    static Path write(Path file, List<String> pieces, float[] scores) throws IOException {
        int max = pieces.stream().mapToInt(p -> p.getBytes(StandardCharsets.UTF_8).length).max().orElse(1);
        int size = 4 + pieces.stream().mapToInt(p -> 8 + p.getBytes(StandardCharsets.UTF_8).length).sum();
        ByteBuffer b = ByteBuffer.allocate(size).order(ByteOrder.LITTLE_ENDIAN).putInt(max);
        for (int i = 0; i < pieces.size(); i++) {
            byte[] bytes = pieces.get(i).getBytes(StandardCharsets.UTF_8);
            b.putFloat(scores[i]).putInt(bytes.length).put(bytes);
        }
        return Files.write(file, b.array());
    }

    /** {@code <unk>}, BOS, EOS and the 256 byte pieces as llama2.c exports them, then {@code extra} with falling scores. */
    static Path withBytePieces(Path file, String... extra) throws IOException {
        List<String> pieces = new ArrayList<>(List.of("<unk>", "\n<s>\n", "\n</s>\n"));
        for (int b = 0; b < 256; b++) {
            pieces.add(String.format("<0x%02X>", b));
        }
        pieces.addAll(List.of(extra));
        float[] scores = new float[pieces.size()];
        for (int i = 0; i < extra.length; i++) {
            scores[259 + i] = -i;
        }
        return write(file, pieces, scores);
    }
}
