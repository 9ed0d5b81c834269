package org.tagllm.cli;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.tagllm.knime.engine.bank.TagBank;
import org.tagllm.knime.engine.io.OutputLock;
import org.tagllm.knime.engine.io.OutputPreflight;
import org.tagllm.knime.engine.train.TrainingCheckpoint;

/**
 * What a training command writes (the bank, its loss curve, the JSON results, the checkpoint folder), checked and
 * claimed before the model loads: a run must not train for an hour and then fail to save, nor share its output and
 * checkpoints with a second run.
 */
final class TrainingOutputs implements AutoCloseable {

    final Path bank;
    final Path lossCurve;
    final Path checkpoints;
    private final List<OutputLock> locks;

    private TrainingOutputs(Path bank, Path checkpoints, List<OutputLock> locks) {
        this.bank = bank;
        this.lossCurve = lossCurveOf(bank);
        this.checkpoints = checkpoints;
        this.locks = locks;
    }

    static Path lossCurveOf(Path bank) {
        return bank.resolveSibling(bank.getFileName() + ".loss.png");
    }

    /**
     * Checks every output can be written, then locks the bank and checkpoint folder for this run.
     *
     * @param json the JSON results file, or null
     * @throws IOException naming the output at fault and why, or the run that holds it
     */
    static TrainingOutputs claim(String command, Path bank, Path json, TrainingOptions training) throws IOException {
        Path checkpoints = training.checkpointDir(bank);
        OutputPreflight.folder(bank);
        OutputPreflight.file(lossCurveOf(bank));
        if (json != null) {
            OutputPreflight.file(json);
        }
        OutputPreflight.folder(checkpoints);
        List<OutputLock> locks = new ArrayList<>();
        try {
            locks.add(OutputLock.acquire(bank, command));
            locks.add(OutputLock.acquire(checkpoints, command));
            // What is there is judged once the output is ours: a live run's checkpoints are not leftovers.
            TagBank.checkWritable(bank);
            Optional<Path> left = TrainingCheckpoint.latest(checkpoints);
            if (left.isPresent() && !training.resume) {
                throw new IllegalArgumentException(checkpoints + " holds " + left.get().getFileName() + " of a run "
                        + "that did not finish; add --resume to continue it, or delete the folder to start afresh");
            }
        } catch (IOException | RuntimeException e) {
            release(locks);
            throw e;
        }
        return new TrainingOutputs(bank, checkpoints, locks);
    }

    /**
     * After a successful run: removes the checkpoints, which were there to resume a run that stops, unless kept.
     *
     * @return the line saying so, or null when nothing was removed
     */
    String removeCheckpoints(boolean keep) throws IOException {
        if (keep) {
            return null;
        }
        return TrainingCheckpoint.deleteAll(checkpoints) ? "removed checkpoints " + checkpoints
                + " (the run finished; --keep-checkpoints keeps them)" : null;
    }

    @Override
    public void close() throws IOException {
        release(locks);
    }

    private static void release(List<OutputLock> locks) throws IOException {
        IOException first = null;
        for (OutputLock l : locks) {
            try {
                l.close();
            } catch (IOException e) {
                first = first == null ? e : first;
            }
        }
        if (first != null) {
            throw first;
        }
    }
}
