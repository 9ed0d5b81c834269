package org.tagllm.knime.engine.tokenizer;

import java.util.OptionalLong;
import java.util.Set;

/** Text to token ids and back, as the model was trained to read them. */
public interface TextTokenizer extends AutoCloseable {

    /** The ids of {@code text}, with BOS in front when the tokenizer's post-processor adds one. */
    long[] encode(String text);

    /** The text of {@code ids}; special tokens (BOS, EOS, padding) are left out. */
    String decode(long[] ids);

    /** Number of ids: one more than the largest id in the vocabulary or among the added tokens. */
    int vocabSize();

    /** The id {@link #encode} puts in front of every text, if any. */
    OptionalLong bosId();

    /** Ids that end generation; empty when the model declares none. */
    Set<Long> eosIds();

    /**
     * The id of one vocabulary entry spelled exactly as stored (no normalisation, no dummy-prefix space): for a
     * SentencePiece vocabulary {@code "C"} and {@code "\u2581C"} are different pieces, and bytes are
     * {@code "<0x3D>"}. Empty when the vocabulary has no such piece.
     *
     * @throws UnsupportedOperationException when this tokenizer cannot look up pieces (the default)
     */
    default OptionalLong pieceId(String piece) {
        throw new UnsupportedOperationException(getClass().getName() + " cannot look up vocabulary pieces");
    }

    @Override
    void close();
}
