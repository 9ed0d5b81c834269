package org.tagllm.knime.engine.baseline;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.tagllm.knime.engine.baseline.FingerprintBaseline.Column;

/**
 * The feature map, fixed on the training rows: one featuriser per input column by its kind, their vectors
 * concatenated in column order. SMILES: {@link Ecfp4}. PROTEIN: {@link ResidueOneHot} when every training sequence
 * has the same length, else {@link DipeptideComposition}. TEXT: {@link CategoryOneHot} of the training values.
 */
final class Features {

    private final List<Column> columns;
    private final List<ColumnFeaturizer> featurizers;
    private final int[] offsets;
    private final int size;

    private Features(List<Column> columns, List<ColumnFeaturizer> featurizers) {
        this.columns = List.copyOf(columns);
        this.featurizers = List.copyOf(featurizers);
        offsets = new int[featurizers.size()];
        int total = 0;
        for (int c = 0; c < featurizers.size(); c++) {
            offsets[c] = total;
            total += featurizers.get(c).size();
        }
        size = total;
    }

    static Features fit(List<Column> columns, List<Map<String, String>> trainInputs) {
        if (columns.isEmpty()) {
            throw new IllegalArgumentException("no input columns");
        }
        List<ColumnFeaturizer> featurizers = new ArrayList<>();
        for (Column column : columns) {
            List<String> values = values(trainInputs, column, "training");
            featurizers.add(switch (column.kind()) {
                case SMILES -> new Ecfp4();
                case PROTEIN, PROTEIN_IUPAC -> values.stream().map(String::length).distinct().count() == 1
                        ? new ResidueOneHot(values.get(0).length()) : new DipeptideComposition();
                case TEXT -> new CategoryOneHot(values);
            });
        }
        return new Features(columns, featurizers);
    }

    int size() {
        return size;
    }

    String describe() {
        List<String> parts = new ArrayList<>();
        for (int c = 0; c < columns.size(); c++) {
            parts.add(columns.get(c).name() + ": " + featurizers.get(c).describe());
        }
        return String.join("; ", parts);
    }

    /**
     * One feature row per input. A value repeated across rows (a drug paired with many targets) is featurised once.
     *
     * @param part names the rows in errors, e.g. "validation"
     */
    SparseRows rows(List<Map<String, String>> inputs, String part) {
        List<SparseVector[]> byColumn = new ArrayList<>();
        for (int c = 0; c < columns.size(); c++) {
            ColumnFeaturizer f = featurizers.get(c);
            int offset = offsets[c];
            Map<String, SparseVector> seen = new HashMap<>();
            List<String> values = values(inputs, columns.get(c), part);
            SparseVector[] encoded = new SparseVector[values.size()];
            for (int i = 0; i < encoded.length; i++) {
                try {
                    encoded[i] = seen.computeIfAbsent(values.get(i), v -> f.encode(v).shifted(offset));
                } catch (IllegalArgumentException e) {
                    throw new IllegalArgumentException(part + " row " + i + ", column '" + columns.get(c).name()
                            + "': " + e.getMessage(), e);
                }
            }
            byColumn.add(encoded);
        }
        List<SparseVector> rows = new ArrayList<>(inputs.size());
        for (int i = 0; i < inputs.size(); i++) {
            SparseVector[] parts = new SparseVector[columns.size()];
            for (int c = 0; c < parts.length; c++) {
                parts[c] = byColumn.get(c)[i];
            }
            rows.add(SparseVector.concat(parts));
        }
        return new SparseRows(rows, size);
    }

    private static List<String> values(List<Map<String, String>> inputs, Column column, String part) {
        if (inputs.isEmpty()) {
            throw new IllegalArgumentException("no " + part + " rows");
        }
        List<String> values = new ArrayList<>(inputs.size());
        for (int i = 0; i < inputs.size(); i++) {
            String v = inputs.get(i).get(column.name());
            if (v == null || v.isBlank()) {
                throw new IllegalArgumentException(part + " row " + i + " has no value for column '" + column.name()
                        + "'; it has " + inputs.get(i).keySet().stream().collect(Collectors.joining(", ", "[", "]")));
            }
            values.add(v);
        }
        return values;
    }
}
