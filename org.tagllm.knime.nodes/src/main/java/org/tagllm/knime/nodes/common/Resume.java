package org.tagllm.knime.nodes.common;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Optional;
import org.tagllm.knime.engine.io.OutputPreflight;
import org.tagllm.knime.nodes.exec.NodeProgress;

/** Where a training node picks up: the newest checkpoint of its checkpoint folder, said in the progress message. */
public final class Resume {

    private Resume() {}

    /** The checkpoint to resume from, or null to start afresh. */
    public static Path from(TrainingParameters training, NodeProgress progress) throws IOException {
        if (!training.checkpointFolder().isEmpty()) {
            // Before the model loads, not at the first checkpoint after minutes of training.
            OutputPreflight.folder(Path.of(training.checkpointFolder()));
        }
        Optional<Path> latest = training.resumePoint();
        latest.ifPresent(p -> progress.progress(0, "resuming from checkpoint " + p.getFileName() + " in "
                + training.checkpointFolder()));
        return latest.orElse(null);
    }
}
