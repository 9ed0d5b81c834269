package org.tagllm.cli;

import org.tagllm.knime.engine.data.BadRowPolicy;
import org.tagllm.knime.engine.method.LabelledTask;
import picocli.CommandLine.ITypeConverter;

/**
 * Enum options read case-insensitively, refused in the engine's words ("'ranking' is not a task type; use ..."):
 * picocli's own enum message lists the constants in capitals, which users never type. {@link UsageErrorHandler}
 * names the option and exits as for bad input.
 */
final class EnumOptions {

    private EnumOptions() {}

    /** {@code --task}: regression, classification or generation. */
    static final class TaskType implements ITypeConverter<LabelledTask.Type> {
        @Override
        public LabelledTask.Type convert(String value) {
            return LabelledTask.Type.parse(value);
        }
    }

    /** {@code --bad-rows}: fail, skip or keep. */
    static final class BadRows implements ITypeConverter<BadRowPolicy> {
        @Override
        public BadRowPolicy convert(String value) {
            return BadRowPolicy.parse(value);
        }
    }
}
