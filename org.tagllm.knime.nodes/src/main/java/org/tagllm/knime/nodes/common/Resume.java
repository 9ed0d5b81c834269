package org.tagllm.knime.nodes.common;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Optional;
import org.tagllm.knime.engine.io.OutputLock;
import org.tagllm.knime.engine.io.OutputPreflight;
import org.tagllm.knime.nodes.exec.NodeProgress;

/** Where a training node picks up: the newest checkpoint of its checkpoint folder, said in the progress message. */
public final class Resume {

    private Resume() {}

    /**
     * Checks the checkpoint folder can be written and claims it for this run, so that two nodes (or a node and
     * {@code tagllm}) never train into one; nothing to claim without a folder.
     *
     * @throws IOException naming the folder and the run holding it
     */
    public static Claim claim(TrainingParameters training, String what) throws IOException {
        if (training.checkpointFolder().isEmpty()) {
            return () -> { };
        }
        Path folder = Path.of(training.checkpointFolder());
        OutputPreflight.folder(folder); // before the model loads, not at the first checkpoint minutes later
        return OutputLock.acquire(folder, what)::close;
    }

    /** A claim held until closed. */
    public interface Claim extends AutoCloseable {
        @Override
        void close() throws IOException;
    }

    /** The checkpoint to resume from, or null to start afresh. */
    public static Path from(TrainingParameters training, NodeProgress progress) throws IOException {
        Optional<Path> latest = training.resumePoint();
        latest.ifPresent(p -> progress.progress(0, "resuming from checkpoint " + p.getFileName() + " in "
                + training.checkpointFolder()));
        return latest.orElse(null);
    }
}
