package org.tagllm.knime.nodes.predict;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import org.tagllm.knime.engine.bank.ReferenceSequences;
import org.tagllm.knime.engine.method.ClassDecision;
import org.tagllm.knime.engine.method.TagPredictor;
import org.tagllm.knime.engine.predict.PredictionColumns;
import org.tagllm.knime.engine.predict.SequenceIdentityGroup;
import org.tagllm.knime.engine.predict.UncertaintyGroup;
import org.tagllm.knime.nodes.port.TagModelSpec;
import org.tagllm.knime.nodes.table.CellType;
import org.tagllm.knime.nodes.table.ColumnSpec;

/**
 * The columns the Predictor appends, named as KNIME's predictors name theirs, laid out by the engine's
 * {@link PredictionColumns} (so that columns other features add there reach KNIME too):
 * <ul>
 * <li>regression: {@code Prediction (QED)}; several outputs {@code Prediction (QED_0)}…;</li>
 * <li>classification: {@code P (BBBP=0)}, {@code P (BBBP=1)} (each with the probability suffix), the predicted class
 * {@code Prediction (BBBP)}, and optionally {@code Prediction (BBBP) (Confidence)}, the predicted class's
 * probability;</li>
 * <li>generation: {@code Prediction (Answer)} holding the text;</li>
 * <li>then the reason column.</li>
 * </ul>
 * {@code QED} is the function tag without its brackets; a prediction column name in the settings replaces
 * {@code Prediction (QED)} (several outputs: {@code name_0}…). The input columns pass through untouched (KNIME
 * appends), so the layout's row and kept-input columns and its truncation note are left out.
 */
public final class PredictorColumns {

    private static final Set<PredictionColumns.Role> APPENDED = EnumSet.of(PredictionColumns.Role.PREDICTION,
            PredictionColumns.Role.PREDICTED_CLASS, PredictionColumns.Role.ADDED, PredictionColumns.Role.PROBLEM);

    private final PredictionColumns layout;
    private final int[] appended;

    private PredictorColumns(PredictionColumns layout) {
        this.layout = layout;
        List<PredictionColumns.Column> all = layout.columns();
        this.appended = java.util.stream.IntStream.range(0, all.size())
                .filter(i -> APPENDED.contains(all.get(i).role())).toArray();
    }

    /**
     * The layout for {@code task}'s outputs, or null when they are unknown before execution (a classification head's
     * classes come from the data).
     */
    public static PredictorColumns of(TagModelSpec.Task task, PredictorSettings settings) {
        return of(task, settings, ClassDecision.MOST_PROBABLE);
    }

    /**
     * As {@link #of(TagModelSpec.Task, PredictorSettings)}, the predicted class (and its confidence) named by
     * {@code decision}: the tag model's validation-chosen threshold ({@link ClassDecision#of}), as {@code tagllm
     * predict} and Spark name it.
     */
    public static PredictorColumns of(TagModelSpec.Task task, PredictorSettings settings, ClassDecision decision) {
        return of(task, settings, decision, null);
    }

    /**
     * As {@link #of(TagModelSpec.Task, PredictorSettings, ClassDecision)}, with the tag model's reference sequences
     * for the {@code ad_identity} cells; null gives the layout only (configure).
     */
    public static PredictorColumns of(TagModelSpec.Task task, PredictorSettings settings, ClassDecision decision,
            ReferenceSequences reference) {
        List<String> outputs = task.outputNames();
        if (outputs == null) {
            return null;
        }
        boolean classification = TagModelSpec.CLASSIFICATION.equals(task.headType());
        List<String> classes = classification ? outputs.stream().map(PredictorColumns::classOf).toList() : List.of();
        String name = tagName(task.functionTag());
        String prediction = settings.predictionColumn().isBlank() ? "Prediction (" + name + ")"
                : settings.predictionColumn().strip();
        PredictionColumns.Naming naming = new PredictionColumns.Naming() {
            @Override
            public String prediction(String outputName) {
                if (classification) {
                    return "P (" + name + "=" + classOf(outputName) + ")" + settings.probabilitySuffix();
                }
                int bracket = outputName.lastIndexOf('[');
                if (outputs.size() == 1 || bracket < 0) {
                    return prediction;
                }
                String index = "_" + outputName.substring(bracket + 1, outputName.length() - 1);
                return settings.predictionColumn().isBlank() ? "Prediction (" + name + index + ")"
                        : settings.predictionColumn().strip() + index;
            }

            @Override
            public String predictedClass() {
                return prediction;
            }

            @Override
            public String problem() {
                return settings.reasonColumn();
            }
        };
        PredictionColumns.Builder b = PredictionColumns.builder(outputs, task.isGeneration(), classes, List.of())
                .optNaming(naming).classDecision(decision);
        if (classification && settings.appendConfidence()) {
            b.add(new Confidence(prediction + " (Confidence)", decision));
        }
        if (task.uncertainty().any()) {
            // Interval or set, ensemble sd, applicability domain: what the bank's calibration and ensemble give.
            b.add(new UncertaintyGroup(task.uncertainty(), task.functionTag()));
        }
        if (task.sequenceIdentity()) {
            b.add(new SequenceIdentityGroup(reference)); // a protein input's nearest training sequence
        }
        return new PredictorColumns(b.build());
    }

    /** {@code <QED>} → {@code QED}. */
    static String tagName(String tag) {
        return tag.replace("<", "").replace(">", "");
    }

    /** {@code P(1)} → {@code 1}. */
    private static String classOf(String outputName) {
        return outputName.startsWith("P(") && outputName.endsWith(")")
                ? outputName.substring(2, outputName.length() - 1) : outputName;
    }

    /** The appended columns, in order, with the node layer's cell types. */
    public List<ColumnSpec> specs() {
        List<ColumnSpec> specs = new ArrayList<>();
        for (int i : appended) {
            PredictionColumns.Column c = layout.columns().get(i);
            specs.add(ColumnSpec.of(c.name(), switch (c.type()) {
                case DOUBLE -> CellType.DOUBLE;
                case LONG -> CellType.LONG;
                case STRING -> CellType.STRING;
            }));
        }
        return specs;
    }

    /** The appended cells of one row, in {@link #specs()} order ({@code index}: the row's 0-based position). */
    public List<Object> cells(TagPredictor.Prediction p, long index) {
        List<Object> all = layout.cells(p, index);
        List<Object> cells = new ArrayList<>(appended.length);
        for (int i : appended) {
            cells.add(all.get(i));
        }
        return cells;
    }

    /** A classifier's confidence: the probability of the class it predicts (missing without a prediction). */
    private record Confidence(String name, ClassDecision decision) implements PredictionColumns.Group {
        @Override
        public List<String> names() {
            return List.of(name);
        }

        @Override
        public List<PredictionColumns.Type> types() {
            return List.of(PredictionColumns.Type.DOUBLE);
        }

        @Override
        public List<Object> cells(TagPredictor.Prediction prediction, long index) {
            double[] v = prediction.values();
            if (v == null || v.length == 0) {
                return java.util.Collections.singletonList(null);
            }
            return List.of(v[decision.classIndex(v)]);
        }
    }
}
