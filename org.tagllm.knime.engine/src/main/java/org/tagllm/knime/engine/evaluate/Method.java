package org.tagllm.knime.engine.evaluate;

import java.util.Arrays;
import java.util.Locale;
import org.tagllm.knime.engine.method.TagLayout;

/** A method compared by {@link Comparison}: a reference without the LLM, or a layout of the frozen LLM with tags. */
public enum Method {
    MEAN("Mean predictor", null),
    FINGERPRINT("Fingerprint + ridge / logistic", null),
    LINEAR_PROBE("Linear probe", TagLayout.LINEAR_PROBE),
    PROMPT_TUNING("Prompt tuning", TagLayout.PROMPT_TUNING),
    TAG_LLM("Tag-LLM", TagLayout.TAG_LLM),
    NO_DOMAIN_TAGS("Tag-LLM w/o domain tags", TagLayout.NO_DOMAIN_TAGS),
    NO_FUNCTION_TAG("Tag-LLM w/o function tag", TagLayout.NO_FUNCTION_TAG),
    NO_HEAD("Tag-LLM w/o head (LM head answers)", TagLayout.NO_HEAD);

    private final String label;
    private final TagLayout layout;

    Method(String label, TagLayout layout) {
        this.label = label;
        this.layout = layout;
    }

    /** How reports name it. */
    public String label() {
        return label;
    }

    /** The layout of the frozen LLM it trains, or null for a method without the LLM. */
    public TagLayout layout() {
        return layout;
    }

    /** Whether it trains through the LLM (and so has a learning rate to choose). */
    public boolean usesModel() {
        return layout != null;
    }

    /** Whether it needs stage-1 domain tags. */
    public boolean needsDomainTags() {
        return layout != null && layout.domainTags();
    }

    /** Command-line id, e.g. {@code linear-probe}. */
    public String id() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    public static Method ofId(String id) {
        for (Method m : values()) {
            if (m.id().equalsIgnoreCase(id.trim())) {
                return m;
            }
        }
        throw new IllegalArgumentException("unknown method '" + id + "'; expected one of "
                + Arrays.stream(values()).map(Method::id).toList());
    }
}
