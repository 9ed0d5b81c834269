package org.tagllm.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.tagllm.knime.engine.ModelFormatException;
import org.tagllm.knime.engine.demo.DemoModel;

/** Where the command line finds its defaults: its home folder, the embedded demo model, the shared data. */
final class Defaults {

    private Defaults() {}

    /** {@code -Dtagllm.home}, else {@code $TAGLLM_HOME}, else {@code ~/.tagllm}. */
    static Path home() {
        String prop = System.getProperty("tagllm.home");
        if (prop != null && !prop.isBlank()) {
            return Path.of(prop);
        }
        String env = System.getenv("TAGLLM_HOME");
        return env != null && !env.isBlank() ? Path.of(env) : Path.of(System.getProperty("user.home"), ".tagllm");
    }

    /** The embedded demo model, made on first use; says on {@code err} what it is. */
    static Path demoModel(PrintWriter err) throws IOException, ModelFormatException {
        return demoModel(err, "its text is gibberish");
    }

    /**
     * The embedded demo model, made on first use; says on {@code err} what it is and what that means here.
     *
     * @param consequence what random weights mean for this command, e.g. "its text is gibberish"
     */
    static Path demoModel(PrintWriter err, String consequence) throws IOException, ModelFormatException {
        Path dir = home().resolve("models").resolve(DemoModel.NAME);
        if (!Files.isRegularFile(dir.resolve("config.json"))) {
            err.println("tagllm: making the embedded demo model in " + dir);
        }
        err.println("tagllm: using the demo model (tiny, random untrained weights: " + consequence + "). "
                + "Pass --model DIR for a real model.");
        return DemoModel.ensure(dir);
    }

    /**
     * The project's shared data folder ({@code -Dtagllm.shared.data}, set by the launcher to {@code ../shared/data}
     * beside the project), if it exists.
     */
    static Optional<Path> sharedData() {
        String p = System.getProperty("tagllm.shared.data");
        return p == null ? Optional.empty() : Optional.of(Path.of(p)).filter(Files::isDirectory);
    }
}
