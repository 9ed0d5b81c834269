package org.tagllm.knime.engine.generate;

import java.util.Arrays;

/**
 * The outcome of {@link TextGenerator#generate}.
 *
 * @param tokens       the prompt followed by the generated ids (a stop id is not included)
 * @param promptLength how many of {@code tokens} are the prompt
 * @param stopReason   why generation ended
 */
public record Generation(long[] tokens, int promptLength, StopReason stopReason) {

    /** Why generation ended. */
    public enum StopReason {
        /** A stop id was drawn. */
        STOP_ID,
        /** maxNewTokens were generated. */
        MAX_NEW_TOKENS,
        /** The sequence filled the model's max positions. */
        MAX_POSITIONS
    }

    public Generation {
        tokens = tokens.clone();
    }

    @Override
    public long[] tokens() {
        return tokens.clone();
    }

    /** The generated ids only. */
    public long[] newTokens() {
        return Arrays.copyOfRange(tokens, promptLength, tokens.length);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Generation g && Arrays.equals(tokens, g.tokens) && promptLength == g.promptLength
                && stopReason == g.stopReason;
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(tokens) * 31 + promptLength;
    }

    @Override
    public String toString() {
        return "Generation" + Arrays.toString(tokens) + " prompt " + promptLength + ", " + stopReason;
    }
}
