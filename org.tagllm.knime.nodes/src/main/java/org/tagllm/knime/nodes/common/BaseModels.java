package org.tagllm.knime.nodes.common;

import java.util.List;
import java.util.Objects;
import org.tagllm.knime.engine.bank.BaseModelFingerprint;
import org.tagllm.knime.nodes.exec.SettingsException;
import org.tagllm.knime.nodes.port.TagModelSpec;

/** Whether the tag models at a node's input ports belong to one base model. */
public final class BaseModels {

    private BaseModels() {}

    /**
     * Refuses ports whose base models are known and differ, naming both ports (counted from 1) and both models.
     * Ports whose model is unknown before execution pass; execution checks again.
     */
    public static void requireSame(List<TagModelSpec> ports) throws SettingsException {
        for (int i = 0; i < ports.size(); i++) {
            for (int j = i + 1; j < ports.size(); j++) {
                BaseModelFingerprint a = ports.get(i).baseModel();
                BaseModelFingerprint b = ports.get(j).baseModel();
                if (a != null && b != null && !a.equals(b)) {
                    throw SettingsException.ofInputs("the tag models at ports " + (i + 1) + " and " + (j + 1)
                            + " belong to different base models: port " + (i + 1) + " to " + a.describe() + ", port "
                            + (j + 1) + " to " + b.describe() + ". Tags only work with the model they were trained "
                            + "on; train both on one base model");
                }
            }
        }
    }

    /** The ports' common fingerprint when every port knows it, else null. */
    public static BaseModelFingerprint common(List<TagModelSpec> ports) {
        if (ports.isEmpty() || ports.stream().anyMatch(p -> p.baseModel() == null)) {
            return null;
        }
        BaseModelFingerprint first = ports.get(0).baseModel();
        return ports.stream().allMatch(p -> Objects.equals(p.baseModel(), first)) ? first : null;
    }

    /** The base model folder of the first port that names one. */
    public static String folder(List<TagModelSpec> ports) throws SettingsException {
        return ports.stream().map(TagModelSpec::baseModelFolder).filter(f -> !f.isEmpty()).findFirst()
                .orElseThrow(() -> SettingsException.ofInputs("no input tag model names its base model folder; "
                        + "connect the output of a Domain Tag Pretrain node"));
    }
}
