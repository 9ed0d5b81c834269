package org.tagllm.knime.engine.uncertainty;

import java.util.ArrayList;
import java.util.List;
import org.tagllm.knime.engine.bank.HeadEntry;
import org.tagllm.knime.engine.bank.TagBank;

/**
 * The output columns of a prediction's uncertainty, in one order for every writer (CLI files, the Predictor node,
 * Spark rows): {@code <value>_low} and {@code <value>_high} (the conformal interval), or {@code prediction_set} (the
 * conformal set, e.g. {@code {active}}, {@code {active;inactive}} or {@code {}}); {@code <value>_sd} (the ensemble's
 * spread); {@code ad_similarity} (Tanimoto, ECFP4, to the nearest training molecule); {@code ad_percentile} (the
 * readout's distance to the training readouts as a percentile of theirs) and {@code outside_domain} ({@code true} or
 * {@code false}). Only the columns the bank holds the calibration for are there.
 */
public final class UncertaintyCells {

    public static final String SET = "prediction_set";
    public static final String SIMILARITY = "ad_similarity";
    public static final String PERCENTILE = "ad_percentile";
    public static final String OUTSIDE = "outside_domain";

    /** A column: its name and whether it holds numbers (else text). */
    public record Column(String name, boolean numeric) {}

    private final UncertaintyColumns columns;
    private final List<Column> layout;

    /** @param valueName the name of the prediction's (first) value column, e.g. {@code QED} */
    public UncertaintyCells(UncertaintyColumns columns, String valueName) {
        this.columns = columns;
        List<Column> out = new ArrayList<>();
        if (columns.interval()) {
            out.add(new Column(valueName + "_low", true));
            out.add(new Column(valueName + "_high", true));
        }
        if (columns.set()) {
            out.add(new Column(SET, false));
        }
        if (columns.sd()) {
            out.add(new Column(valueName + "_sd", true));
        }
        if (columns.similarity()) {
            out.add(new Column(SIMILARITY, true));
        }
        if (columns.domain()) {
            out.add(new Column(PERCENTILE, true));
            out.add(new Column(OUTSIDE, false));
        }
        this.layout = List.copyOf(out);
    }

    /**
     * The columns a bank's function tag gives, known from the bank alone (before any row): what its calibration and
     * ensemble allow, as {@code TagPredictor} gives them.
     *
     * @param calibrated whether the caller wants the calibrated parts (else only an ensemble's spread)
     */
    public static UncertaintyColumns of(TagBank bank, String functionTag, boolean calibrated) {
        boolean ensemble = bank.ensemble(functionTag).isPresent();
        HeadEntry head = bank.head(functionTag).map(h -> h.entry()).orElse(null);
        if (head == null || head.type() == HeadEntry.Type.GENERATION) {
            return UncertaintyColumns.NONE;
        }
        return bank.calibration(functionTag).filter(c -> calibrated)
                .map(c -> new UncertaintyColumns(ensemble, c.entry().intervalQuantile() != null
                        && head.outputDim() == 1, c.entry().setQuantile() != null, c.entry().fingerprintField() != null,
                        c.entry().hasDomain(), c.entry().hasConformal() ? c.entry().coverage() : Double.NaN))
                .orElse(new UncertaintyColumns(ensemble, false, false, false, false, Double.NaN));
    }

    public List<Column> columns() {
        return layout;
    }

    public List<String> names() {
        return layout.stream().map(Column::name).toList();
    }

    /** One cell per column: a Double or a String, null when missing (no prediction, or not computable). */
    public List<Object> cells(RowUncertainty u) {
        List<Object> out = new ArrayList<>(layout.size());
        if (columns.interval()) {
            out.add(u == null ? null : number(u.low()));
            out.add(u == null ? null : number(u.high()));
        }
        if (columns.set()) {
            out.add(u == null || u.set() == null ? null : "{" + String.join(";", u.set()) + "}");
        }
        if (columns.sd()) {
            out.add(u == null ? null : number(u.sd()));
        }
        if (columns.similarity()) {
            out.add(u == null ? null : number(u.similarity()));
        }
        if (columns.domain()) {
            out.add(u == null ? null : number(u.percentile()));
            out.add(u == null || u.outside() == null ? null : u.outside().toString());
        }
        return out;
    }

    private static Double number(double v) {
        return Double.isNaN(v) ? null : v;
    }
}
