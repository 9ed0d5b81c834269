package org.tagllm.cli;

import java.io.IOException;
import java.nio.file.Path;
import org.tagllm.knime.engine.config.ModelConfigJson;
import org.tagllm.knime.engine.model.ModelDirectory;
import org.tagllm.knime.engine.runtime.DjlRuntime;

/**
 * libtorch's intra-op threads for a run: one for a tiny model (its operations are too small to split, and on busy
 * cores libtorch's threads wait on each other at every operation: measured 10–60× slower on these shared machines),
 * else libtorch's own choice, unless the user says.
 */
final class LibtorchThreads {

    /** Widest model for which one thread is the default. */
    static final int TINY_WIDTH = 256;

    static final String DESCRIPTION = "libtorch threads during the run (default: 1 for a model of width "
            + TINY_WIDTH + " or less, whose operations are too small to share, else libtorch's own choice).";

    private LibtorchThreads() {}

    /** The thread setting for a model of {@code width}; null when libtorch keeps its own. Closing restores it. */
    static DjlRuntime.IntraOpThreads forWidth(Integer explicit, int width) {
        if (explicit != null) {
            if (explicit < 1) {
                throw new IllegalArgumentException("--threads must be at least 1, got " + explicit);
            }
            return DjlRuntime.intraOpThreads(explicit);
        }
        return width <= TINY_WIDTH ? DjlRuntime.intraOpThreads(1) : null;
    }

    /** The same for the model folder {@code dir}, read from its config.json. */
    static DjlRuntime.IntraOpThreads forModel(Integer explicit, Path dir)
            throws IOException, org.tagllm.knime.engine.ModelFormatException {
        return forWidth(explicit, ModelConfigJson.read(dir.resolve(ModelDirectory.CONFIG_FILE_NAME)).hiddenSize());
    }
}
