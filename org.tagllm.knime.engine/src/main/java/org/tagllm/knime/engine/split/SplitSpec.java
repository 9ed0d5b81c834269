package org.tagllm.knime.engine.split;

import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import org.tagllm.knime.engine.data.SplitValues;

/**
 * How a loaded table is split into train, validation and test ({@link DatasetSplitter}). The same spec and seed give
 * the same split of the same rows.
 *
 * <ul>
 * <li>{@link Given}: a column names each row's partition, e.g. {@code train}/{@code valid}/{@code test};
 * <li>{@link Random}: rows shuffled and cut at the fractions;
 * <li>{@link Scaffold}: molecules grouped by Bemis–Murcko scaffold, so no scaffold is in two partitions;
 * <li>{@link ExchangeableScaffold}: the same, with validation and test drawn alike (for conformal calibration);
 * <li>{@link Grouped}: a cold split by a column, so no group (a drug, a target) is in two partitions.
 * </ul>
 */
public sealed interface SplitSpec {

    /**
     * The mapping a {@link Given} split uses unless told otherwise: {@code train} → train; {@code valid},
     * {@code validation}, {@code val}, {@code dev} → validation; {@code test} → test; and Davis' {@code train0} to
     * {@code train4}, DeepDTA's five cross-validation folds of its training set: {@code train0} to {@code train3} →
     * train, {@code train4} → validation (one fold held out, as a fixed validation set needs).
     */
    Map<String, Partition> DEFAULT_MAPPING = defaultMapping();

    /** One line for people, e.g. {@code scaffold of 'smiles', fractions 0.8 / 0.1 / 0.1, seed 0}. */
    String describe();

    /**
     * Each row's partition is the value of {@code column} looked up in {@code mapping}; values and keys are compared
     * ignoring case and surrounding spaces. A value the mapping lacks leaves its row out of the split, reported.
     */
    record Given(String column, Map<String, Partition> mapping) implements SplitSpec, SplitValues {

        public Given {
            requireColumn(column);
            Map<String, Partition> folded = new LinkedHashMap<>();
            for (Map.Entry<String, Partition> e : mapping.entrySet()) {
                Partition before = folded.put(fold(e.getKey()), e.getValue());
                if (before != null && before != e.getValue()) {
                    throw new IllegalArgumentException("split value '" + e.getKey() + "' maps to both " + before
                            + " and " + e.getValue() + " (values are compared ignoring case)");
                }
            }
            mapping = Collections.unmodifiableMap(folded);
        }

        /** {@code column} read with {@link #DEFAULT_MAPPING}. */
        public static Given byColumn(String column) {
            return new Given(column, DEFAULT_MAPPING);
        }

        /** The partition of {@code value}, or {@code null} when the mapping does not know it. */
        public Partition partitionOf(String value) {
            return value == null ? null : mapping.get(fold(value));
        }

        @Override
        public boolean allows(String value) {
            return partitionOf(value) != null;
        }

        @Override
        public Collection<String> names() {
            return mapping.keySet();
        }

        @Override
        public String describe() {
            return "given by column '" + column + "'";
        }
    }

    /** Rows shuffled by the seed and cut at the fractions, as chemprop does. */
    record Random(SplitFractions fractions, long seed) implements SplitSpec {

        public Random {
            requireFractions(fractions);
        }

        @Override
        public String describe() {
            return "random, " + fractionsAndSeed(fractions, seed);
        }
    }

    /**
     * chemprop's balanced scaffold split on the Bemis–Murcko scaffold of the molecule in {@code column}, an input
     * column. A row whose molecule has no computable scaffold is left out of the split, reported.
     */
    record Scaffold(String column, SplitFractions fractions, long seed) implements SplitSpec {

        public Scaffold {
            requireColumn(column);
            requireFractions(fractions);
        }

        @Override
        public String describe() {
            return "scaffold of '" + column + "', " + fractionsAndSeed(fractions, seed);
        }
    }

    /**
     * A scaffold split on the Bemis–Murcko scaffold of the molecule in {@code column} whose validation and test parts
     * are drawn alike ({@link Splits#scaffoldExchangeable}): big scaffold families train, the others are shuffled
     * into validation and test, so intervals or sets calibrated on the validation rows hold on the test rows.
     */
    record ExchangeableScaffold(String column, SplitFractions fractions, long seed) implements SplitSpec {

        public ExchangeableScaffold {
            requireColumn(column);
            requireFractions(fractions);
        }

        @Override
        public String describe() {
            return "exchangeable scaffold of '" + column + "', " + fractionsAndSeed(fractions, seed);
        }
    }

    /**
     * One fold of cross-conformal calibration: {@code base}'s test rows stay test; its other rows (train and validation)
     * are split into {@code folds} folds, whole groups at a time, shuffled by the seed; fold {@code fold} (0-based) is
     * held out as validation and the others train. Over {@code fold = 0 … folds - 1} every held-out row is held out
     * exactly once, by a model that never saw its group: the same footing as a test row. Groups are the Bemis–Murcko
     * scaffolds of {@code scaffoldColumn} when it is given (by default a scaffold split's own column), else a cold
     * split's groups, else single rows. When grouping by scaffold, the big families (more rows than half the base's
     * validation or test part), which a scaffold split always trains on and never tests, train in every fold.
     *
     * @param seed the seed of the fold shuffle (by default the base split's)
     */
    record Fold(SplitSpec base, int folds, int fold, String scaffoldColumn, long seed) implements SplitSpec {

        public Fold {
            if (base == null || base instanceof Fold) {
                throw new IllegalArgumentException("cross-conformal folds need a split to fold, not "
                        + (base == null ? "none" : base.describe()));
            }
            if (folds < 2 || fold < 0 || fold >= folds) {
                throw new IllegalArgumentException("a fold is 0 to folds - 1 of at least 2 folds, got fold " + fold
                        + " of " + folds);
            }
            if (scaffoldColumn != null && scaffoldColumn.isBlank()) {
                throw new IllegalArgumentException("a fold's scaffold column needs a name");
            }
        }

        /** Grouped as the base split groups (a scaffold split's scaffolds), shuffled by its seed. */
        public Fold(SplitSpec base, int folds, int fold) {
            this(base, folds, fold, ownScaffoldColumn(base), seedOf(base));
        }

        private static String ownScaffoldColumn(SplitSpec base) {
            if (base instanceof Scaffold s) {
                return s.column();
            }
            return base instanceof ExchangeableScaffold x ? x.column() : null;
        }

        private static long seedOf(SplitSpec base) {
            if (base instanceof Random r) {
                return r.seed();
            }
            if (base instanceof Scaffold s) {
                return s.seed();
            }
            if (base instanceof ExchangeableScaffold x) {
                return x.seed();
            }
            return base instanceof Grouped g ? g.seed() : 0;
        }

        @Override
        public String describe() {
            return base.describe() + ", its non-test rows in " + folds + " folds"
                    + (scaffoldColumn == null ? "" : " by scaffold of '" + scaffoldColumn + "'") + ", fold "
                    + (fold + 1) + " held out";
        }
    }

    /**
     * A cold split: whole groups of equal values of {@code column} (an input or group column) assigned at random, so
     * a model is tested on groups it has never seen, e.g. unseen drugs or unseen targets of pair data.
     */
    record Grouped(String column, SplitFractions fractions, long seed) implements SplitSpec {

        public Grouped {
            requireColumn(column);
            requireFractions(fractions);
        }

        @Override
        public String describe() {
            return "cold by '" + column + "', " + fractionsAndSeed(fractions, seed);
        }
    }

    /**
     * {@code random}, {@code scaffold:COLUMN}, {@code scaffold-exchangeable:COLUMN}, {@code group:COLUMN} or
     * {@code column:COLUMN} (the last with
     * {@link #DEFAULT_MAPPING}); the fractions and the seed apply to the first three.
     */
    static SplitSpec parse(String text, SplitFractions fractions, long seed) {
        String s = text.strip();
        int colon = s.indexOf(':');
        String method = (colon < 0 ? s : s.substring(0, colon)).strip().toLowerCase(Locale.ROOT);
        String column = colon < 0 ? null : s.substring(colon + 1).strip();
        if (method.equals("random") && column == null) {
            return new Random(fractions, seed);
        }
        if (column != null && !column.isEmpty()) {
            switch (method) {
                case "scaffold":
                    return new Scaffold(column, fractions, seed);
                case "scaffold-exchangeable":
                    return new ExchangeableScaffold(column, fractions, seed);
                case "group":
                    return new Grouped(column, fractions, seed);
                case "column":
                    return Given.byColumn(column);
                default:
                    break;
            }
        }
        throw new IllegalArgumentException("unknown split '" + text + "'; splits are random, scaffold:COLUMN, "
                + "scaffold-exchangeable:COLUMN, group:COLUMN and column:COLUMN");
    }

    private static String fractionsAndSeed(SplitFractions f, long seed) {
        return String.format(Locale.ROOT, "fractions %s / %s / %s, seed %d", f.train(), f.valid(), f.test(), seed);
    }

    private static void requireColumn(String column) {
        if (column == null || column.isBlank()) {
            throw new IllegalArgumentException("a split needs the name of its column");
        }
    }

    private static void requireFractions(SplitFractions fractions) {
        if (fractions == null) {
            throw new IllegalArgumentException("a split needs its fractions");
        }
    }

    private static String fold(String value) {
        return value.strip().toLowerCase(Locale.ROOT);
    }

    private static Map<String, Partition> defaultMapping() {
        Map<String, Partition> m = new LinkedHashMap<>();
        m.put("train", Partition.TRAIN);
        for (String valid : new String[] {"valid", "validation", "val", "dev"}) {
            m.put(valid, Partition.VALID);
        }
        m.put("test", Partition.TEST);
        for (int fold = 0; fold < 4; fold++) {
            m.put("train" + fold, Partition.TRAIN);
        }
        m.put("train4", Partition.VALID); // the last of DeepDTA's five folds validates, the other four train
        return Collections.unmodifiableMap(m);
    }
}
