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
            series.add(new LossCurvePlot.Series("validation", at, r.validations()));
        }
        LossCurvePlot.write(png, title, series);
    }
}
