package org.tagllm.knime.engine.data;

/** What a run does with an example longer than the model's limit (see {@link LengthLimit}). */
public enum LengthPolicy {
    /** Cut the longest input value until the example fits; counted as truncated in the report. */
    TRUNCATE,
    /** Leave the row out, reported as "too long". */
    SKIP,
    /** Stop with a {@link BadRowException}. */
    FAIL
}
