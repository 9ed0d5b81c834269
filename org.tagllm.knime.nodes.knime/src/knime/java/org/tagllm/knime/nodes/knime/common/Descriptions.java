package org.tagllm.knime.nodes.knime.common;

import java.util.List;

/** Texts the four node descriptions share (XHTML fragments, as KNIME's node description schema takes them). */
public final class Descriptions {

    private Descriptions() {}

    /** Search keywords of all four nodes. */
    public static final List<String> KEYWORDS = List.of("Tag-LLM", "tags", "LLM", "LLaMA", "prompt tuning",
        "molecules", "SMILES", "proteins");

    /** The node behaviour every node shares. */
    public static final String COMMON = """
        <p>The node runs on the shared Tag-LLM engine (one copy of each model in memory, jobs queued per device). The
        device (CPU or GPU N) is an option; final metrics are pushed as flow variables; the engine's resources
        held for the node are released when the node is reset or removed. Headless runs (batch executor, KNIME
        Server/Hub) never open a window.</p>
        """;

    /** The tag-model output port. */
    public static final String TAG_MODEL_OUT = "Tag model: the tag bank (tags, heads, task layout, base-model "
        + "fingerprint), the base model folder, the training curves and the final metrics; stored in the workflow "
        + "(not in the node settings). Its spec (base model, tags, heads) is known before execution, so downstream "
        + "nodes configure early. The port view lists tags, heads and training curves.";

    /** The metrics output port. */
    public static final String METRICS_OUT = "Training metrics in long form: columns <i>metric</i>, <i>epoch</i>, "
        + "<i>value</i>; one row per epoch for the training loss and the validation loss, then one row per final "
        + "metric (epoch missing). The final metrics are also flow variables of the same names.";

    /** The icon path for a node factory in a sub-package of {@code org.tagllm.knime.nodes.knime} (see plugin.xml). */
    public static String icon(String file) {
        // relative to the factory's package org/tagllm/knime/nodes/knime/<node>/, resolved by KNIME to icons/<file>
        return "../../../../../../icons/" + file;
    }
}
