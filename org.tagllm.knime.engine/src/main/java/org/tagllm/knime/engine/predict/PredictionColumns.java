package org.tagllm.knime.engine.predict;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import org.tagllm.knime.engine.method.ClassDecision;
import org.tagllm.knime.engine.method.TagPredictor;

/**
 * The one layout of a prediction output, shared by every writer (CLI files, Spark rows): which columns, in which
 * order, under which names, and each row's cells.
 *
 * <p>Order: {@code row} (the input's record number, 1-based), the kept input columns in input order, groups added
 * {@linkplain Builder#addBeforePredictions before the predictions} (e.g. a known target), the prediction values
 * ({@link #predictionName readable names}: {@code QED} for the tag {@code <QED>}, {@code QED_0}… for several outputs,
 * {@code P(class)} per class), {@value #PREDICTED_CLASS} for classification, groups {@linkplain Builder#add added}
 * by other features (conformal intervals, ensemble spread, applicability flags, a chosen threshold), then
 * {@value #PROBLEM} (why a row has no prediction) and {@value #TRUNCATED} (how a row was cut to fit). A generated
 * column whose name an input column already has is suffixed {@code _2}, {@code _3}…, so no input column is hidden.
 *
 * <pre>{@code
 * PredictionColumns columns = PredictionColumns.builder(predictor, stream.inputColumns()).build();
 * writer.header(columns.names());
 * for (Prediction p; (p = stream.next()) != null; ) writer.row(columns.cells(p, index++));
 * }</pre>
 */
public final class PredictionColumns {

    public static final String ROW = "row";
    public static final String PREDICTED_CLASS = "predicted_class";
    public static final String PROBLEM = "problem";
    public static final String TRUNCATED = "truncated";

    /** What a column holds, for writers with typed columns (Parquet, Spark, KNIME). */
    public enum Type {
        /** a whole number (the row number) */
        LONG,
        /** a double, missing for a row without a prediction */
        DOUBLE,
        /** text, missing when empty */
        STRING
    }

    /** Why a column is there. */
    public enum Role {
        ROW, INPUT, PREDICTION, PREDICTED_CLASS, ADDED, PROBLEM, TRUNCATED
    }

    public record Column(String name, Type type, Role role) {}

    /**
     * Columns another feature adds to every row (e.g. a conformal interval's bounds). Its cells are computed from the
     * row's prediction; {@code index} is the row's 0-based position in the output.
     */
    public interface Group {
        /** The columns' names as wished; clashes with input columns are suffixed. */
        List<String> names();

        /** The columns' types, one per name. */
        List<Type> types();

        /** One cell per column: a Double, Long or String, or null for missing. */
        List<Object> cells(TagPredictor.Prediction prediction, long index);
    }

    /**
     * How the generated columns are named. The command line's names by default ({@link #CLI}); KNIME's predictor
     * pattern ({@code Prediction (QED)}, {@code P (BBBP=1)}) is another naming of the same layout.
     */
    public interface Naming {
        /** A prediction value's column, from its output name ({@code <QED>}, {@code <QED>[1]}, {@code P(class)}). */
        String prediction(String outputName);

        /** The predicted-class column of a classification head. */
        String predictedClass();

        /** The column saying why a row has no prediction. */
        String problem();
    }

    /** {@code QED}, {@code QED_1}, {@code P(class)}, {@value #PREDICTED_CLASS}, {@value #PROBLEM}. */
    public static final Naming CLI = new Naming() {
        @Override
        public String prediction(String outputName) {
            return predictionName(outputName);
        }

        @Override
        public String predictedClass() {
            return PREDICTED_CLASS;
        }

        @Override
        public String problem() {
            return PROBLEM;
        }
    };

    private final List<Column> columns;
    private final List<String> kept;
    private final List<Group> before;
    private final List<Group> after;
    private final int outputs;
    private final boolean generation;
    private final List<String> classLabels;
    private final ClassDecision decision;

    private PredictionColumns(List<Column> columns, List<String> kept, List<Group> before, List<Group> after,
            int outputs, boolean generation, List<String> classLabels, ClassDecision decision) {
        this.decision = decision;
        this.columns = List.copyOf(columns);
        this.kept = List.copyOf(kept);
        this.before = List.copyOf(before);
        this.after = List.copyOf(after);
        this.outputs = outputs;
        this.generation = generation;
        this.classLabels = List.copyOf(classLabels);
    }

    /**
     * The layout for {@code predictor}'s outputs, keeping {@code kept} input columns (in that order), with the
     * uncertainty columns the predictor gives ({@link UncertaintyGroup}, {@link SequenceIdentityGroup}) after the
     * predictions.
     */
    public static Builder builder(TagPredictor predictor, List<String> kept) {
        Builder b = new Builder(predictor.outputNames(), predictor.generates(), predictor.classLabels(), kept)
                .classDecision(predictor.classDecision());
        UncertaintyGroup.of(predictor).ifPresent(b::add);
        SequenceIdentityGroup.of(predictor).ifPresent(b::add);
        return b;
    }

    /**
     * The layout for outputs named as {@link TagPredictor#outputNames()} names them.
     *
     * @param classLabels the classes of a classification head, in the order of its probabilities; else empty
     */
    public static Builder builder(List<String> outputNames, boolean generation, List<String> classLabels,
            List<String> kept) {
        return new Builder(outputNames, generation, classLabels, kept);
    }

    /**
     * The readable name of a prediction value: the function tag without its brackets ({@code <QED>} → {@code QED},
     * {@code <QED>[1]} → {@code QED_1}); class probabilities keep {@code P(class)}.
     */
    public static String predictionName(String outputName) {
        if (outputName.startsWith("P(")) {
            return outputName;
        }
        String name = outputName.replace("<", "").replace(">", "");
        int bracket = name.indexOf('[');
        if (bracket > 0 && name.endsWith("]")) {
            name = name.substring(0, bracket) + "_" + name.substring(bracket + 1, name.length() - 1);
        }
        return name.isBlank() ? "prediction" : name;
    }

    public List<Column> columns() {
        return columns;
    }

    public List<String> names() {
        return columns.stream().map(Column::name).toList();
    }

    /** The input columns kept, in order. */
    public List<String> kept() {
        return kept;
    }

    /**
     * The row's cells in column order: Long for the row, String for inputs (null when the row lacks the field),
     * Double per value (null without a prediction) or String for generated text, String for the rest (null when
     * empty).
     *
     * @param index the row's 0-based position in the output
     */
    public List<Object> cells(TagPredictor.Prediction p, long index) {
        List<Object> row = new ArrayList<>(columns.size());
        row.add(p.row());
        for (String c : kept) {
            row.add(p.fields().get(c));
        }
        before.forEach(g -> row.addAll(checked(g, g.cells(p, index))));
        for (int i = 0; i < outputs; i++) {
            row.add(p.text() != null ? p.text() : p.values() == null ? null : (Object) p.values()[i]);
        }
        if (!classLabels.isEmpty()) {
            row.add(p.values() == null ? null : decision.decide(p.values(), classLabels));
        }
        after.forEach(g -> row.addAll(checked(g, g.cells(p, index))));
        row.add(p.problem());
        row.add(p.truncated());
        return row;
    }

    private static List<Object> checked(Group g, List<Object> cells) {
        if (cells.size() != g.names().size()) {
            throw new IllegalStateException(g + " gave " + cells.size() + " cells for " + g.names());
        }
        return cells;
    }

    /** Collects the parts, then names the columns. */
    public static final class Builder {

        private final List<String> outputNames;
        private final boolean generation;
        private final List<String> classLabels;
        private final List<String> kept;
        private final List<Group> before = new ArrayList<>();
        private final List<Group> after = new ArrayList<>();
        private ClassDecision decision = ClassDecision.MOST_PROBABLE;
        private Naming naming = CLI;

        private Builder(List<String> outputNames, boolean generation, List<String> classLabels, List<String> kept) {
            this.outputNames = List.copyOf(outputNames);
            this.generation = generation;
            this.classLabels = List.copyOf(classLabels);
            this.kept = List.copyOf(kept);
        }

        /**
         * How {@value #PREDICTED_CLASS} names a row's class: the bank's decision threshold ({@link
         * TagPredictor#classDecision()}, set by {@link #builder(TagPredictor, List)}); default the most probable
         * class.
         */
        public Builder classDecision(ClassDecision d) {
            this.decision = java.util.Objects.requireNonNull(d, "decision");
            return this;
        }

        /** Columns placed after the kept inputs, before the predictions (e.g. the known target). */
        public Builder addBeforePredictions(Group group) {
            before.add(group);
            return this;
        }

        /** How the prediction, predicted-class and problem columns are named; {@link #CLI} by default. */
        public Builder optNaming(Naming naming) {
            this.naming = Objects.requireNonNull(naming, "naming");
            return this;
        }

        /** Columns placed after the predictions (and the predicted class), before {@value #PROBLEM}. */
        public Builder add(Group group) {
            after.add(group);
            return this;
        }

        public PredictionColumns build() {
            Set<String> taken = new HashSet<>(kept);
            List<Column> columns = new ArrayList<>();
            columns.add(new Column(unique(ROW, taken), Type.LONG, Role.ROW));
            kept.forEach(c -> columns.add(new Column(c, Type.STRING, Role.INPUT)));
            before.forEach(g -> addGroup(g, taken, columns));
            for (String o : outputNames) {
                columns.add(new Column(unique(naming.prediction(o), taken), generation ? Type.STRING : Type.DOUBLE,
                        Role.PREDICTION));
            }
            if (!classLabels.isEmpty()) {
                columns.add(new Column(unique(naming.predictedClass(), taken), Type.STRING, Role.PREDICTED_CLASS));
            }
            after.forEach(g -> addGroup(g, taken, columns));
            columns.add(new Column(unique(naming.problem(), taken), Type.STRING, Role.PROBLEM));
            columns.add(new Column(unique(TRUNCATED, taken), Type.STRING, Role.TRUNCATED));
            return new PredictionColumns(columns, kept, before, after, outputNames.size(), generation, classLabels,
                    decision);
        }

        private static void addGroup(Group g, Set<String> taken, List<Column> columns) {
            if (g.names().size() != g.types().size()) {
                throw new IllegalArgumentException(g + ": " + g.names().size() + " names, " + g.types().size()
                        + " types");
            }
            for (int i = 0; i < g.names().size(); i++) {
                columns.add(new Column(unique(g.names().get(i), taken), g.types().get(i), Role.ADDED));
            }
        }

        /** {@code name}, or with the first free suffix {@code _2}, {@code _3}…; then taken. */
        private static String unique(String name, Set<String> taken) {
            String n = name;
            for (int i = 2; taken.contains(n); i++) {
                n = name + "_" + i;
            }
            taken.add(n);
            return n;
        }
    }
}
