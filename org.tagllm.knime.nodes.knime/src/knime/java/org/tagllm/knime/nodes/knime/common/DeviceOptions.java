package org.tagllm.knime.nodes.knime.common;

import org.knime.node.parameters.NodeParameters;
import org.knime.node.parameters.Widget;
import org.knime.node.parameters.migration.LoadDefaultsForAbsentFields;

/**
 * The device a node runs on, as the dialog shows it: CPU, or GPU number N. Written to the KNIME-free settings as the
 * engine's device string ({@code cpu} or {@code cuda:N}), which those settings check.
 */
@LoadDefaultsForAbsentFields // a setting added later loads its default from older workflows
public final class DeviceOptions implements NodeParameters {

    /** The two kinds of device. */
    public enum Device {
        CPU, GPU
    }

    @Widget(title = "Device", description = "Where the model runs: the CPU, or a CUDA GPU (an absent GPU falls back to "
        + "the CPU with a warning). The bundled libtorch is CPU-only; GPUs need a CUDA build of libtorch.")
    Device device = Device.CPU;

    @Widget(title = "GPU number", description = "Which GPU (counted from 0), when the device is GPU.")
    int gpu = 0;

    /** {@code cpu} or {@code cuda:N}. */
    public String toSetting() {
        return device == Device.GPU ? "cuda:" + gpu : "cpu";
    }
}
