package org.tagllm.knime.engine.data;

/**
 * The model's length limit for a run, and what to do with an example over it.
 *
 * @param budget the limit and how tokens are counted
 * @param policy what to do with a longer example
 */
public record LengthLimit(TokenBudget budget, LengthPolicy policy) {

    /** The reason a too-long row is reported under. */
    public static final String TOO_LONG = "too long";

    public LengthLimit {
        if (budget == null || policy == null) {
            throw new IllegalArgumentException("a length limit needs a token budget and a policy");
        }
    }
}
