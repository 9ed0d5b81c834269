package org.tagllm.knime.nodes.port;

import java.util.List;
import java.util.Objects;
import org.tagllm.knime.engine.train.TrainingResult;

/**
 * The losses of one training run, for the port view: every optimizer step's training loss, every epoch's mean
 * training loss, and the validation score after every epoch (stage 1: held-out next-token loss; stage 2/3: MSE or
 * class NLL; empty without validation rows).
 *
 * @param run e.g. {@code stage 1 [<SMILES>]} or {@code stage 2 <Carbons>}
 */
public record TrainingCurve(String run, List<Double> stepLosses, List<Double> epochLosses, List<Double> validations) {

    public TrainingCurve {
        Objects.requireNonNull(run, "run");
        stepLosses = List.copyOf(stepLosses);
        epochLosses = List.copyOf(epochLosses);
        validations = List.copyOf(validations);
    }

    public static TrainingCurve of(String run, TrainingResult r) {
        return new TrainingCurve(run, r.stepLosses(), r.epochLosses(), r.validations());
    }
}
