package org.tagllm.knime.engine.method;

import java.util.Arrays;
import java.util.Locale;

/**
 * Which parts of Tag-LLM a stage-2/3 run uses: the full method, or one of the paper's baselines and Table 4
 * ablations, all trained by the same code on the same frozen model, data and split.
 *
 * <ul>
 *   <li>{@link #TAG_LLM}: domain tags (frozen, from stage 1) + a function tag + a task head;</li>
 *   <li>{@link #NO_DOMAIN_TAGS}: the inputs untagged, the function tag and head as usual;</li>
 *   <li>{@link #NO_FUNCTION_TAG}: domain tags, no function tag; the head reads the last position;</li>
 *   <li>{@link #NO_HEAD}: domain and function tags, the frozen LM head writes the answer as text (a number with
 *       {@link #ANSWER_DECIMALS} decimals, or the class label);</li>
 *   <li>{@link #LINEAR_PROBE}: no tags at all; a head on the last position's hidden state;</li>
 *   <li>{@link #PROMPT_TUNING}: one soft prompt after BOS with as many vectors as the tags have (p per domain tag
 *       and p for the function tag), untagged inputs, the head on the last position.</li>
 * </ul>
 */
public enum TagLayout {
    TAG_LLM(true, true, false, true),
    NO_DOMAIN_TAGS(false, true, false, true),
    NO_FUNCTION_TAG(true, false, false, true),
    NO_HEAD(true, true, false, false),
    LINEAR_PROBE(false, false, false, true),
    PROMPT_TUNING(false, false, true, true);

    /** Decimals of a numeric answer the LM head writes ({@link #NO_HEAD}). */
    public static final int ANSWER_DECIMALS = 2;

    /** The soft prompt's tag name ({@link #PROMPT_TUNING}). */
    public static final String SOFT_PROMPT = "<SoftPrompt>";

    private final boolean domainTags;
    private final boolean functionTag;
    private final boolean softPrompt;
    private final boolean head;

    TagLayout(boolean domainTags, boolean functionTag, boolean softPrompt, boolean head) {
        this.domainTags = domainTags;
        this.functionTag = functionTag;
        this.softPrompt = softPrompt;
        this.head = head;
    }

    public boolean domainTags() {
        return domainTags;
    }

    public boolean functionTag() {
        return functionTag;
    }

    public boolean softPrompt() {
        return softPrompt;
    }

    /** Whether a task head answers; otherwise the frozen LM head writes the answer. */
    public boolean head() {
        return head;
    }

    /** The lower-case, hyphenated name used on the command line and in reports, e.g. {@code linear-probe}. */
    public String id() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    /** The layout of a command-line id. */
    public static TagLayout ofId(String id) {
        for (TagLayout l : values()) {
            if (l.id().equalsIgnoreCase(id.trim())) {
                return l;
            }
        }
        throw new IllegalArgumentException("unknown layout '" + id + "'; expected one of "
                + Arrays.stream(values()).map(TagLayout::id).toList());
    }
}
