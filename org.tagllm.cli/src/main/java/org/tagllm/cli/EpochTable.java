package org.tagllm.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.tagllm.knime.engine.train.TrainingResult;

/**
 * A run's history per epoch, as a console table and as JSON: epoch and step as whole numbers, the training loss and
 * the validation score in columns of their own, each headed by its name and units (a regression head's training loss
 * is on standardised targets, its validation MSE in the targets' units: one column would mix them).
 */
final class EpochTable {

    private EpochTable() {}

    /** One row per epoch: epoch, the step it ended at (where validated), mean training loss, validation score. */
    static String text(TrainingResult r) {
        boolean validated = !r.validations().isEmpty();
        List<String[]> rows = new ArrayList<>();
        rows.add(validated ? new String[] {"epoch", "step", r.scoreNames().trainingLoss(), r.scoreNames().validation()}
                : new String[] {"epoch", r.scoreNames().trainingLoss()});
        for (int e = 0; e < r.epochLosses().size(); e++) {
            String loss = String.format(Locale.ROOT, "%.4f", r.epochLosses().get(e));
            if (validated && e < r.validations().size()) {
                rows.add(new String[] {String.valueOf(e + 1), String.valueOf(r.validationSteps().get(e)), loss,
                    String.format(Locale.ROOT, "%.4f", r.validations().get(e))});
            } else if (!validated) {
                rows.add(new String[] {String.valueOf(e + 1), loss});
            }
        }
        int[] width = new int[rows.get(0).length];
        for (String[] row : rows) {
            for (int i = 0; i < row.length; i++) {
                width[i] = Math.max(width[i], row[i].length());
            }
        }
        StringBuilder b = new StringBuilder();
        for (String[] row : rows) {
            StringBuilder line = new StringBuilder();
            for (int i = 0; i < row.length; i++) {
                line.append(i == 0 ? "" : "  ").append(String.format("%-" + width[i] + "s", row[i]));
            }
            b.append(line.toString().stripTrailing()).append(System.lineSeparator());
        }
        return b.toString();
    }

    /** {@code history}: one object per epoch (epoch, step where validated, training_loss, validation). */
    static ArrayNode json(TrainingResult r, ObjectMapper mapper) {
        ArrayNode history = mapper.createArrayNode();
        for (int e = 0; e < r.epochLosses().size(); e++) {
            ObjectNode n = history.addObject().put("epoch", e + 1);
            if (e < r.validationSteps().size()) {
                n.put("step", r.validationSteps().get(e));
            }
            n.put("training_loss", r.epochLosses().get(e));
            if (e < r.validations().size() && Double.isFinite(r.validations().get(e))) {
                n.put("validation", r.validations().get(e));
            }
        }
        return history;
    }

    /** {@code scores}: what {@code training_loss} and {@code validation} are, with their units. */
    static ObjectNode names(TrainingResult r, ObjectMapper mapper) {
        return mapper.createObjectNode().put("training_loss", r.scoreNames().trainingLoss())
                .put("validation", r.scoreNames().validation());
    }
}
