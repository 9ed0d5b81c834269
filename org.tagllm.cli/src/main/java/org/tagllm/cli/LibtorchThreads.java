package org.tagllm.cli;

import java.io.IOException;
import java.nio.file.Path;
import org.tagllm.knime.engine.ModelFormatException;
import org.tagllm.knime.engine.config.ModelConfigJson;
import org.tagllm.knime.engine.model.ModelDirectory;
import org.tagllm.knime.engine.runtime.DjlRuntime;
import picocli.CommandLine;

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

    /**
     * {@code --threads N}, checked as it is read: libtorch given more threads than the machine has never finishes a
     * step (they wait on each other at every operation), so such a count is refused with the machine's own.
     */
    static final class Count implements CommandLine.ITypeConverter<Integer> {
        @Override
        public Integer convert(String value) {
            int n;
            try {
                n = Integer.parseInt(value.trim());
            } catch (NumberFormatException e) {
                throw new CommandLine.TypeConversionException("'" + value + "' is not a whole number");
            }
            try {
                return check(n);
            } catch (IllegalArgumentException e) {
                throw new CommandLine.TypeConversionException(e.getMessage());
            }
        }
    }

    /** {@code n}, when it is between 1 and the processors this machine has; else an IllegalArgumentException. */
    static int check(int n) {
        int processors = Runtime.getRuntime().availableProcessors();
        if (n < 1) {
            throw new IllegalArgumentException(n + ": give at least 1 (this machine has " + processors
                    + " processors)");
        }
        if (n > processors) {
            throw new IllegalArgumentException(n + ": this machine has " + processors + " processors; give at most "
                    + processors);
        }
        return n;
    }

    /** The same, for a count read without {@link Count}: the message names {@code --threads}. */
    static int checkOption(int n) {
        try {
            return check(n);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("--threads " + e.getMessage(), e);
        }
    }

    /** The thread setting for a model of {@code width}; null when libtorch keeps its own. Closing restores it. */
    static DjlRuntime.IntraOpThreads forWidth(Integer explicit, int width) {
        if (explicit != null) {
            return DjlRuntime.intraOpThreads(checkOption(explicit));
        }
        return width <= TINY_WIDTH ? DjlRuntime.intraOpThreads(1) : null;
    }

    /** The same for the model folder {@code dir}, read from its config.json. */
    static DjlRuntime.IntraOpThreads forModel(Integer explicit, Path dir)
            throws IOException, ModelFormatException {
        return forWidth(explicit, ModelConfigJson.read(dir.resolve(ModelDirectory.CONFIG_FILE_NAME)).hiddenSize());
    }
}
