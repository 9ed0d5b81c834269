package org.tagllm.cli;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;
import org.tagllm.knime.engine.train.TrainingResult;

/** The loss curve of a training run, written beside its bank. */
final class TrainingPlots {

    private TrainingPlots() {}

    static void write(Path png, String title, TrainingResult r) throws IOException {
        List<Integer> steps = IntStream.rangeClosed(1, r.stepLosses().size()).boxed().toList();
        List<LossCurvePlot.Series> series = new ArrayList<>();
        series.add(new LossCurvePlot.Series("training loss", steps, r.stepLosses()));
        if (!r.validations().isEmpty() && r.epochs() > 0) {
            long perEpoch = Math.max(1, r.steps() / Math.max(1, r.validations().size()));
            List<Long> at = IntStream.rangeClosed(1, r.validations().size()).mapToObj(i -> i * perEpoch).toList();
            // Validation is in the task's own units (MSE of the targets, NLL), training loss on standardised
            // targets: each on its own axis.
            series.add(new LossCurvePlot.Series("validation (task units)", at, r.validations(), true));
        }
        LossCurvePlot.write(png, title, series);
    }
}
