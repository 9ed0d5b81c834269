package org.tagllm.cli;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.LongStream;
import org.knowm.xchart.XYChart;
import org.tagllm.knime.engine.train.ScoreNames;
import org.tagllm.knime.engine.train.TrainingResult;

/** The loss curve of a training run, written beside its bank. */
final class TrainingPlots {

    private TrainingPlots() {}

    static void write(Path png, String title, TrainingResult r) throws IOException {
        LossCurvePlot.write(png, chart(title, r));
    }

    /**
     * Training loss per step; validation scores at the steps they were taken. Scores in the loss's units share its
     * axis; others (a regression head's MSE in target units against its loss on standardised targets) get their own.
     */
    static XYChart chart(String title, TrainingResult r) {
        ScoreNames names = r.scoreNames();
        List<Long> steps = LongStream.rangeClosed(1, r.stepLosses().size()).boxed().toList();
        List<LossCurvePlot.Series> series = new ArrayList<>();
        series.add(new LossCurvePlot.Series(names.trainingLoss(), steps, r.stepLosses()));
        if (!r.validations().isEmpty()) {
            series.add(new LossCurvePlot.Series(names.validation(), r.validationSteps(), r.validations(),
                    !names.sameUnits()));
        }
        String axis = names.sameUnits() ? "loss (" + units(names.validation()) + ")" : names.trainingLoss();
        return LossCurvePlot.chart(title, axis, series);
    }

    /** The text in a name's last parentheses ("nats/token" of "held-out loss (nats/token)"), or the name. */
    static String units(String name) {
        int open = name.lastIndexOf('(');
        return open >= 0 && name.endsWith(")") ? name.substring(open + 1, name.length() - 1) : name;
    }
}
