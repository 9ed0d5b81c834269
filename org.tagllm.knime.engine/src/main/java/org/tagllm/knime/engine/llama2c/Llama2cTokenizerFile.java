package org.tagllm.knime.engine.llama2c;

import java.io.IOException;
import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.tagllm.knime.engine.ModelFormatException;

/**
 * A llama2.c tokenizer file ({@code tokenizer.bin}, {@code tok512.bin}): an int32 maximum piece length, then for
 * every piece a float32 score, an int32 byte length and the UTF-8 bytes, all little-endian. Pieces are kept as
 * llama2.c stores them: SentencePiece's '▁' already turned into ' ', BOS and EOS as {@code "\n<s>\n"} and
 * {@code "\n</s>\n"}.
 *
 * @param maxPieceLength the longest piece in bytes, as the file declares it
 * @param pieces         the pieces, index = token id
 * @param scores         their scores (higher merges first)
 */
public record Llama2cTokenizerFile(int maxPieceLength, List<String> pieces, float[] scores) {

    public Llama2cTokenizerFile {
        pieces = List.copyOf(pieces);
        scores = scores.clone();
        if (pieces.size() != scores.length) {
            throw new IllegalArgumentException(pieces.size() + " pieces but " + scores.length + " scores");
        }
    }

    @Override
    public float[] scores() {
        return scores.clone();
    }

    public float score(int id) {
        return scores[id];
    }

    public int size() {
        return pieces.size();
    }

    /** Reads and validates the whole file; it holds as many pieces as it has records. */
    public static Llama2cTokenizerFile read(Path file) throws IOException, ModelFormatException {
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            throw new ModelFormatException(file + ": llama2.c tokenizer file not found", e);
        }
        ByteBuffer in = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
        if (bytes.length < Integer.BYTES) {
            throw new ModelFormatException(file + ": only " + bytes.length
                    + " bytes; a llama2.c tokenizer starts with an int32 maximum piece length");
        }
        int maxLength = in.getInt();
        if (maxLength <= 0) {
            throw new ModelFormatException(file + ": maximum piece length must be positive, got " + maxLength);
        }
        List<String> pieces = new ArrayList<>();
        List<Float> scores = new ArrayList<>();
        var utf8 = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        while (in.hasRemaining()) {
            int id = pieces.size();
            int at = in.position();
            try {
                float score = in.getFloat();
                int length = in.getInt();
                if (!Float.isFinite(score)) {
                    throw new ModelFormatException(file + ": piece " + id + " at byte " + at + " has score " + score);
                }
                if (length <= 0 || length > maxLength) {
                    throw new ModelFormatException(file + ": piece " + id + " at byte " + at + " has length "
                            + length + "; lengths must lie in 1.." + maxLength + " (the declared maximum)");
                }
                ByteBuffer piece = in.slice().limit(length);
                in.position(in.position() + length);
                pieces.add(utf8.decode(piece).toString());
                scores.add(score);
            } catch (BufferUnderflowException | IllegalArgumentException e) {
                throw new ModelFormatException(file + ": piece " + id + " at byte " + at
                        + " runs past the end of the file (" + bytes.length + " bytes); the file is truncated", e);
            } catch (CharacterCodingException e) {
                throw new ModelFormatException(file + ": piece " + id + " at byte " + at + " is not valid UTF-8", e);
            }
        }
        float[] s = new float[scores.size()];
        for (int i = 0; i < s.length; i++) {
            s[i] = scores.get(i);
        }
        return new Llama2cTokenizerFile(maxLength, pieces, s);
    }
}
