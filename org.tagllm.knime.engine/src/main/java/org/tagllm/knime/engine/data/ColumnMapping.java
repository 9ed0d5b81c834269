package org.tagllm.knime.engine.data;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Which columns of a table mean what: inputs (with their kind), then either numeric targets (one output each) or one
 * label column, an optional split column, and optional group columns (e.g. drug and target ids of pair data).
 * A table for prediction has no targets.
 *
 * <pre>{@code
 * ColumnMapping m = ColumnMapping.builder().input("smiles", ColumnKind.SMILES).numericTarget("log_solubility").build();
 * }</pre>
 */
public record ColumnMapping(List<InputColumn> inputs, List<String> numericTargets, String label, String split,
        List<String> groups) {

    public ColumnMapping {
        inputs = List.copyOf(inputs);
        numericTargets = List.copyOf(numericTargets);
        groups = List.copyOf(groups);
        if (inputs.isEmpty()) {
            throw new IllegalArgumentException("at least one input column is required");
        }
        if (!numericTargets.isEmpty() && label != null) {
            throw new IllegalArgumentException("numeric targets " + numericTargets + " and label column '" + label
                    + "' together: a task is either regression or classification");
        }
        Set<String> roles = new HashSet<>();
        for (InputColumn c : inputs) {
            requireOnce(roles, c.name(), "input");
        }
        for (String t : numericTargets) {
            requireOnce(roles, t, "target");
        }
        if (label != null) {
            requireOnce(roles, label, "label");
        }
        if (split != null) {
            requireOnce(roles, split, "split");
        }
        if (new HashSet<>(groups).size() < groups.size()) {
            throw new IllegalArgumentException("a group column is named twice: " + groups);
        }
    }

    private static void requireOnce(Set<String> roles, String column, String role) {
        if (!roles.add(column)) {
            throw new IllegalArgumentException("column '" + column + "' is named twice (again as " + role
                    + "); an input must not also be a target, label or split");
        }
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Every column this mapping reads, in order: inputs, targets, label, split, groups. */
    public Set<String> referencedColumns() {
        Set<String> all = new LinkedHashSet<>();
        inputs.forEach(c -> all.add(c.name()));
        all.addAll(numericTargets);
        if (label != null) {
            all.add(label);
        }
        if (split != null) {
            all.add(split);
        }
        all.addAll(groups);
        return all;
    }

    public boolean hasTargets() {
        return !numericTargets.isEmpty() || label != null;
    }

    /** Builds a mapping; {@code input} at least once. */
    public static final class Builder {
        private final List<InputColumn> inputs = new ArrayList<>();
        private final List<String> numericTargets = new ArrayList<>();
        private final List<String> groups = new ArrayList<>();
        private String label;
        private String split;

        private Builder() {}

        public Builder input(String column, ColumnKind kind) {
            inputs.add(new InputColumn(column, kind));
            return this;
        }

        public Builder input(InputColumn column) {
            inputs.add(column);
            return this;
        }

        public Builder numericTarget(String column) {
            numericTargets.add(column);
            return this;
        }

        public Builder label(String column) {
            label = column;
            return this;
        }

        public Builder split(String column) {
            split = column;
            return this;
        }

        public Builder group(String column) {
            groups.add(column);
            return this;
        }

        public ColumnMapping build() {
            return new ColumnMapping(inputs, numericTargets, label, split, groups);
        }
    }
}
