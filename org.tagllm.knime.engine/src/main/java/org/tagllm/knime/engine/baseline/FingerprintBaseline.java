package org.tagllm.knime.engine.baseline;

import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.tagllm.knime.engine.data.ColumnKind;

/**
 * A reference model chemists know: fixed features and a linear model, to set beside Tag-LLM on the same split.
 *
 * <pre>
 * List&lt;Column&gt; columns = List.of(new Column("smiles", ColumnKind.SMILES));
 * RegressionModel m = FingerprintBaseline.fitRegression(columns, trainInputs, trainY, validInputs, validY);
 * Map&lt;String, Double&gt; test = m.metrics(testInputs, testY); // mse, rmse, …, as Metrics.regression
 * </pre>
 *
 * <p>Features, fixed on the training rows and concatenated in column order (e.g. ECFP(a) ‖ ECFP(b) ‖ one-hot(cell
 * line) for drug-pair synergy):
 * <ul>
 * <li>SMILES: CDK's ECFP4 folded to 2048 bits.
 * <li>PROTEIN: if every training sequence has the same length L, one-hot per position (20 standard residues + 1
 *     other; the FLIP baseline), where a later sequence of another length is cut to L or zero-padded; otherwise
 *     dipeptide composition (400 frequencies). The choice is made once, from the training rows.
 * <li>TEXT: one-hot of the values seen in training; an unseen value is all zeros.
 * </ul>
 * Bits and codes are not standardised.
 *
 * <p>Models, each with an unpenalised intercept: ridge regression for a numeric target, L2-regularised logistic
 * regression (Newton's method) for two classes. Each solves its linear systems on the smaller side, d × d in the
 * features or n × n in the rows; both give the same model. λ is chosen from {@link #LAMBDAS} by the validation loss
 * (MSE, or mean negative log-likelihood), every candidate fitted on the training rows only; the chosen model is
 * returned as fitted, so the validation rows choose λ but never enter the weights.
 *
 * <p>Inputs are column name → value maps, as {@code org.tagllm.knime.engine.data.Example#inputs()} holds; rows are
 * expected to be checked by the data layer already. A missing or blank value, or a SMILES CDK cannot parse, is an
 * {@link IllegalArgumentException} naming the part, row, column and value.
 */
public final class FingerprintBaseline {

    /** An input column and what it holds. */
    public record Column(String name, ColumnKind kind) {
        public Column {
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(kind, "kind");
        }
    }

    /** The penalties tried, log-spaced from 10⁻² to 10³. */
    public static final List<Double> LAMBDAS = List.of(1e-2, 1e-1, 1.0, 1e1, 1e2, 1e3);

    private FingerprintBaseline() {}

    /**
     * Ridge regression.
     *
     * @param trainY one finite target per training row
     * @param validY one finite target per validation row; at least one row, since λ is chosen there
     */
    public static RegressionModel fitRegression(List<Column> columns, List<Map<String, String>> trainInputs,
            double[] trainY, List<Map<String, String>> validInputs, double[] validY) {
        checkTargets("training", trainInputs, trainY);
        checkTargets("validation", validInputs, validY);
        Prepared p = prepare(columns, trainInputs, validInputs);
        PenaltySelection.Selected s = PenaltySelection.ridge(p.train(), trainY, p.valid(), validY, p.path());
        return new RegressionModel(new FittedLinear(p.features(), p.selection(), p.kept(), s));
    }

    /**
     * L2-regularised logistic regression for two classes.
     *
     * @param trainLabels class index (0 or 1) per training row; both classes must occur
     * @param validLabels class index (0 or 1) per validation row; at least one row, since λ is chosen there
     */
    public static ClassificationModel fitClassification(List<Column> columns, List<Map<String, String>> trainInputs,
            int[] trainLabels, List<Map<String, String>> validInputs, int[] validLabels) {
        checkLabels("training", trainInputs, trainLabels);
        checkLabels("validation", validInputs, validLabels);
        long ones = Arrays.stream(trainLabels).filter(l -> l == 1).count();
        if (ones == 0 || ones == trainLabels.length) {
            throw new IllegalArgumentException("every training label is " + trainLabels[0]
                    + "; logistic regression needs both classes 0 and 1 in the training rows");
        }
        Prepared p = prepare(columns, trainInputs, validInputs);
        PenaltySelection.Selected s = PenaltySelection.logistic(p.train(), trainLabels, p.valid(), validLabels,
                p.path());
        return new ClassificationModel(new FittedLinear(p.features(), p.selection(), p.kept(), s));
    }

    /** Features fixed on the training rows, both parts featurised, constant columns dropped, the cheaper path. */
    private record Prepared(Features features, int[] selection, int kept, SparseRows train, SparseRows valid,
            SolverPath path) {}

    private static Prepared prepare(List<Column> columns, List<Map<String, String>> trainInputs,
            List<Map<String, String>> validInputs) {
        Features features = Features.fit(columns, trainInputs);
        SparseRows allTrain = features.rows(trainInputs, "training");
        int[] selection = allTrain.varyingColumns();
        int kept = (int) Arrays.stream(selection).filter(j -> j >= 0).count();
        SparseRows train = allTrain.select(selection, kept);
        SparseRows valid = features.rows(validInputs, "validation").select(selection, kept);
        return new Prepared(features, selection, kept, train, valid, SolverPath.cheaper(train.rowCount(), kept));
    }

    private static void checkTargets(String part, List<Map<String, String>> inputs, double[] y) {
        checkCount(part, inputs, y.length, "targets");
        for (int i = 0; i < y.length; i++) {
            if (!Double.isFinite(y[i])) {
                throw new IllegalArgumentException(part + " target of row " + i + " is " + y[i]);
            }
        }
    }

    private static void checkLabels(String part, List<Map<String, String>> inputs, int[] labels) {
        checkCount(part, inputs, labels.length, "labels");
        for (int i = 0; i < labels.length; i++) {
            if (labels[i] != 0 && labels[i] != 1) {
                throw new IllegalArgumentException(part + " label of row " + i + " is " + labels[i]
                        + "; the baseline classifies two classes, 0 and 1");
            }
        }
    }

    private static void checkCount(String part, List<Map<String, String>> inputs, int count, String what) {
        if (inputs.size() != count) {
            throw new IllegalArgumentException(part + " has " + inputs.size() + " input rows but " + count + " "
                    + what);
        }
        if (count == 0) {
            throw new IllegalArgumentException("no " + part + " rows" + (part.equals("validation")
                    ? "; λ is chosen on the validation rows, so give at least one" : ""));
        }
    }
}
