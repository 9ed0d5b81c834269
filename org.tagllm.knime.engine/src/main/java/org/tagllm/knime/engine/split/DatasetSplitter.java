package org.tagllm.knime.engine.split;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.tagllm.knime.engine.chem.InvalidMoleculeException;
import org.tagllm.knime.engine.chem.Scaffolds;
import org.tagllm.knime.engine.data.ColumnMapping;
import org.tagllm.knime.engine.data.Dataset;
import org.tagllm.knime.engine.data.Example;
import org.tagllm.knime.engine.data.InputColumn;
import org.tagllm.knime.engine.data.Problem;
import org.tagllm.knime.engine.data.SplitValues;

/**
 * Splits a loaded table as a {@link SplitSpec} says, with the {@link Splits} of the split package, so a seed
 * reproduces a split. Only usable rows are split, in file order. A row that cannot be placed is left out of every
 * partition and listed in {@link DatasetSplit#unsplit()} with its reason, never dropped silently:
 * <ul>
 * <li>{@value #BAD_ROW}: a row kept with a problem under {@link
 * org.tagllm.knime.engine.data.BadRowPolicy#KEEP} (it has no target to learn);
 * <li>{@value #NO_SCAFFOLD}: a scaffold split whose molecule CDK cannot reduce to a scaffold (its scaffold is
 * unknown, so putting it anywhere could leak a scaffold across partitions);
 * <li>{@value #UNKNOWN_SPLIT_VALUE}: a given split whose value the mapping does not know.
 * </ul>
 *
 * <pre>{@code
 * DatasetSplit split = DatasetSplitter.split(esol, mapping,
 *         new SplitSpec.Scaffold("smiles", new SplitFractions(0.8, 0.1, 0.1), 0));
 * List<Example> train = split.examples(Partition.TRAIN);
 * }</pre>
 */
public final class DatasetSplitter {

    public static final String BAD_ROW = "bad row";
    public static final String NO_SCAFFOLD = "no scaffold";
    public static final String UNKNOWN_SPLIT_VALUE = SplitValues.UNKNOWN;

    private DatasetSplitter() {}

    /** @see #split(List, ColumnMapping, SplitSpec) */
    public static DatasetSplit split(Dataset data, ColumnMapping mapping, SplitSpec spec) {
        return split(data.examples(), mapping, spec);
    }

    /**
     * @param examples rows in file order, as loaded with {@code mapping}
     * @throws IllegalArgumentException when the spec names a column the mapping does not read, or a scaffold split
     *     names a column that is not an input
     */
    public static DatasetSplit split(List<Example> examples, ColumnMapping mapping, SplitSpec spec) {
        String scaffoldColumn = scaffoldColumn(baseOf(spec));
        if (scaffoldColumn != null && !MappedColumn.isInput(mapping, scaffoldColumn)) {
            throw new IllegalArgumentException("a scaffold split needs the molecules of an input column, and '"
                    + scaffoldColumn + "' is not one (inputs: " + String.join(", ",
                    mapping.inputs().stream().map(InputColumn::name).toList()) + ")");
        }
        String columnName = columnOf(baseOf(spec));
        Function<Example, String> column = columnName == null ? e -> null : MappedColumn.of(mapping, columnName);
        String foldScaffolds = spec instanceof SplitSpec.Fold f && scaffoldColumn == null ? f.scaffoldColumn() : null;
        if (foldScaffolds != null && !MappedColumn.isInput(mapping, foldScaffolds)) {
            throw new IllegalArgumentException("folds by scaffold need the molecules of an input column, and '"
                    + foldScaffolds + "' is not one");
        }
        Function<Example, String> molecules = foldScaffolds == null ? null : MappedColumn.of(mapping, foldScaffolds);
        List<Example> placed = new ArrayList<>();
        List<String> keys = new ArrayList<>();
        List<String> groupKeys = new ArrayList<>();
        List<Problem> unsplit = new ArrayList<>();
        for (Example e : examples) {
            if (e.hasProblem()) {
                unsplit.add(new Problem(e.row(), e.line(), null, null, BAD_ROW, e.problem()));
                continue;
            }
            String value = column.apply(e);
            Problem problem = null;
            String key = value;
            if (scaffoldColumn != null) {
                try {
                    key = Scaffolds.murcko(value);
                } catch (InvalidMoleculeException x) {
                    problem = new Problem(e.row(), e.line(), scaffoldColumn, value, NO_SCAFFOLD, x.reason());
                }
            } else if (baseOf(spec) instanceof SplitSpec.Given g && g.partitionOf(value) == null) {
                problem = new Problem(e.row(), e.line(), g.column(), value, UNKNOWN_SPLIT_VALUE,
                        "known values: " + String.join(", ", g.mapping().keySet()));
            }
            String group = key;
            if (problem == null && molecules != null) {
                try {
                    group = Scaffolds.murcko(molecules.apply(e));
                } catch (InvalidMoleculeException x) {
                    problem = new Problem(e.row(), e.line(), foldScaffolds, molecules.apply(e), NO_SCAFFOLD,
                            x.reason());
                }
            }
            if (problem != null) {
                unsplit.add(problem);
            } else {
                placed.add(e);
                keys.add(key);
                groupKeys.add(group);
            }
        }
        Partition[] partitions = spec instanceof SplitSpec.Fold f ? fold(f, keys, groupKeys) : assign(spec, keys);
        boolean byGroup = scaffoldColumn != null || baseOf(spec) instanceof SplitSpec.Grouped;
        SplitSummary summary = byGroup ? SplitSummary.of(partitions, keys) : SplitSummary.of(partitions);
        return new DatasetSplit(spec, mapping, placed, partitions, summary, unsplit);
    }

    /** The split whose columns and groups a spec reads: a fold's base split, else the spec itself. */
    private static SplitSpec baseOf(SplitSpec spec) {
        return spec instanceof SplitSpec.Fold f ? f.base() : spec;
    }

    /** The molecule column of a scaffold split (either kind), or {@code null}. */
    private static String scaffoldColumn(SplitSpec spec) {
        if (spec instanceof SplitSpec.Scaffold s) {
            return s.column();
        }
        return spec instanceof SplitSpec.ExchangeableScaffold s ? s.column() : null;
    }

    /** The column the spec reads, or {@code null} for a random split. */
    private static String columnOf(SplitSpec spec) {
        if (spec instanceof SplitSpec.Given g) {
            return g.column();
        }
        if (scaffoldColumn(spec) != null) {
            return scaffoldColumn(spec);
        }
        return spec instanceof SplitSpec.Grouped g ? g.column() : null;
    }

    private static Partition[] assign(SplitSpec spec, List<String> keys) {
        if (spec instanceof SplitSpec.Random r) {
            return Splits.random(keys.size(), r.fractions(), r.seed());
        }
        if (spec instanceof SplitSpec.Scaffold s) {
            return Splits.scaffold(keys, s.fractions(), s.seed());
        }
        if (spec instanceof SplitSpec.ExchangeableScaffold s) {
            return Splits.scaffoldExchangeable(keys, s.fractions(), s.seed());
        }
        if (spec instanceof SplitSpec.Grouped g) {
            return Splits.grouped(keys, g.fractions(), g.seed());
        }
        SplitSpec.Given given = (SplitSpec.Given) spec;
        return keys.stream().map(given::partitionOf).toArray(Partition[]::new);
    }

    /**
     * The base split's test rows stay test; its other rows go to the fold's validation or to train by group
     * ({@code groupKeys}: scaffolds, a cold split's groups, or the base's keys). Grouped by scaffold, the big
     * families (more rows than half the base's validation or test part), which a scaffold split always trains on and
     * so never tests, train in every fold too: the held-out rows are drawn as test rows are.
     */
    private static Partition[] fold(SplitSpec.Fold f, List<String> keys, List<String> groupKeys) {
        Partition[] base = assign(f.base(), keys);
        boolean byScaffold = f.scaffoldColumn() != null;
        boolean single = !byScaffold && !(f.base() instanceof SplitSpec.Grouped);
        Map<String, Integer> sizes = new HashMap<>();
        groupKeys.forEach(k -> sizes.merge(k, 1, Integer::sum));
        long valid = Arrays.stream(base).filter(p -> p == Partition.VALID).count();
        long test = Arrays.stream(base).filter(p -> p == Partition.TEST).count();
        double bigAbove = byScaffold ? Math.min(valid, test) / 2.0 : Double.POSITIVE_INFINITY;
        List<Integer> held = new ArrayList<>();
        List<String> heldKeys = new ArrayList<>();
        for (int i = 0; i < base.length; i++) {
            if (base[i] == Partition.TEST) {
                continue;
            }
            if (sizes.get(groupKeys.get(i)) > bigAbove) {
                base[i] = Partition.TRAIN;
            } else {
                held.add(i);
                // A random or given split groups nothing: each row is its own group.
                heldKeys.add(single ? Integer.toString(i) : groupKeys.get(i));
            }
        }
        int[] fold = Splits.folds(heldKeys, f.folds(), f.seed());
        Partition[] out = base.clone();
        for (int j = 0; j < held.size(); j++) {
            out[held.get(j)] = fold[j] == f.fold() ? Partition.VALID : Partition.TRAIN;
        }
        return out;
    }
}
