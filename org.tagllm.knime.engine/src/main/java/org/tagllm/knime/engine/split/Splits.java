package org.tagllm.knime.engine.split;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Train/validation/test splits. Each returns one {@link Partition} per input row, in input order, and is a pure
 * function of its arguments: the same seed gives the same split. Randomness is a Fisher–Yates shuffle driven by
 * {@code new java.util.SplittableRandom(seed)} (see {@link Shuffle}).
 *
 * <pre>
 * List&lt;String&gt; scaffolds = new ArrayList&lt;&gt;();
 * for (String s : smiles) {
 *     scaffolds.add(Scaffolds.murcko(s)); // org.tagllm.knime.engine.chem
 * }
 * Partition[] split = Splits.scaffold(scaffolds, new SplitFractions(0.8, 0.1, 0.1), 0);
 * System.out.println(SplitSummary.of(split, scaffolds));
 * </pre>
 *
 * Row counts per partition are the fractions times n rounded as each method describes; group splits cannot hit the
 * fractions exactly when groups are large. Thread-safe (stateless).
 */
public final class Splits {

    /** Slack for comparisons of row counts with fraction × n, so 0.7 + 0.2 of 10 rows is 9, not 8. */
    private static final double SLACK = 1e-9;

    private Splits() {}

    /**
     * Rows shuffled, then cut as chemprop does: the first ⌊train·n⌋ rows train, up to ⌊(train+valid)·n⌋ valid, the
     * rest test.
     */
    public static Partition[] random(int n, SplitFractions fractions, long seed) {
        if (n < 0) {
            throw new IllegalArgumentException("row count must not be negative, got " + n);
        }
        Objects.requireNonNull(fractions, "fractions");
        List<Integer> rows = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            rows.add(i);
        }
        Shuffle.inPlace(rows, seed);
        int trainEnd = (int) Math.floor(fractions.train() * n + SLACK);
        int validEnd = (int) Math.floor((fractions.train() + fractions.valid()) * n + SLACK);
        Partition[] split = new Partition[n];
        for (int k = 0; k < n; k++) {
            split[rows.get(k)] = k < trainEnd ? Partition.TRAIN : k < validEnd ? Partition.VALID : Partition.TEST;
        }
        return split;
    }

    /**
     * chemprop's balanced scaffold split, so no scaffold appears in two partitions. Rows are grouped by scaffold key
     * (for example {@code Scaffolds.murcko}; all acyclic molecules share the key {@code ""}). A group is big when it
     * has more rows than half the validation target or half the test target (targets are fraction × n). Big groups
     * come first, largest first (ties: the group seen first in the input); then the other groups in an order
     * shuffled by the seed. Each group in turn goes to train if it still fits within the train target, else to
     * validation if it fits there, else to test.
     *
     * <p>Unlike chemprop, which shuffles the big groups too, big groups are taken in size order: the largest
     * scaffolds then always land in train whatever the seed, and the seed varies only the small ones.
     */
    public static Partition[] scaffold(List<String> scaffoldKeys, SplitFractions fractions, long seed) {
        Objects.requireNonNull(fractions, "fractions");
        int n = scaffoldKeys.size();
        double trainTarget = fractions.train() * n;
        double validTarget = fractions.valid() * n;
        double testTarget = fractions.test() * n;
        List<List<Integer>> big = new ArrayList<>();
        List<List<Integer>> small = new ArrayList<>();
        for (List<Integer> group : Groups.of(scaffoldKeys)) {
            boolean isBig = group.size() > validTarget / 2 || group.size() > testTarget / 2;
            (isBig ? big : small).add(group);
        }
        big.sort(Comparator.comparingInt((List<Integer> g) -> g.size()).reversed()); // stable: ties keep input order
        Shuffle.inPlace(small, seed);
        Partition[] split = new Partition[n];
        int trainRows = 0;
        int validRows = 0;
        List<List<Integer>> ordered = new ArrayList<>(big);
        ordered.addAll(small);
        for (List<Integer> group : ordered) {
            Partition partition;
            if (trainRows + group.size() <= trainTarget + SLACK) {
                partition = Partition.TRAIN;
                trainRows += group.size();
            } else if (validRows + group.size() <= validTarget + SLACK) {
                partition = Partition.VALID;
                validRows += group.size();
            } else {
                partition = Partition.TEST;
            }
            assign(split, group, partition);
        }
        return split;
    }

    /**
     * A scaffold split whose validation and test parts are drawn alike, so that a conformal calibration fitted on the
     * validation rows holds on the test rows. Groups are big or small as in {@link #scaffold}; big groups come first,
     * largest first, then the small ones shuffled by the seed, all laid end to end, and a group trains when its middle
     * row falls within the train target. The groups left over are shuffled again and laid end to end, and a group
     * validates when its middle row falls within the validation share of those rows, else tests.
     *
     * <p>{@link #scaffold} fills train, then validation, greedily: each takes the groups that still fit, so its last
     * places go to single molecules and the larger families left over go to test (on ESOL, seeds 0–4, test held
     * fewer and larger scaffold families than validation every time). Here whether a leftover group validates or
     * tests is decided by a shuffle alone. Train misses its target by at most half a group, validation and test by at
     * most one.
     */
    public static Partition[] scaffoldExchangeable(List<String> scaffoldKeys, SplitFractions fractions, long seed) {
        Objects.requireNonNull(fractions, "fractions");
        int n = scaffoldKeys.size();
        double trainTarget = fractions.train() * n;
        List<List<Integer>> big = new ArrayList<>();
        List<List<Integer>> small = new ArrayList<>();
        for (List<Integer> group : Groups.of(scaffoldKeys)) {
            boolean isBig = group.size() > fractions.valid() * n / 2 || group.size() > fractions.test() * n / 2;
            (isBig ? big : small).add(group);
        }
        big.sort(Comparator.comparingInt((List<Integer> g) -> g.size()).reversed()); // stable: ties keep input order
        Shuffle.inPlace(small, seed);
        List<List<Integer>> ordered = new ArrayList<>(big);
        ordered.addAll(small);
        Partition[] split = new Partition[n];
        List<List<Integer>> rest = new ArrayList<>();
        int laid = 0;
        int restRows = 0;
        for (List<Integer> group : ordered) {
            if (laid + group.size() / 2.0 < trainTarget) {
                assign(split, group, Partition.TRAIN);
            } else {
                rest.add(group);
                restRows += group.size();
            }
            laid += group.size();
        }
        Shuffle.inPlace(rest, seed);
        double held = fractions.valid() + fractions.test();
        double validEnd = held <= 0 ? 0 : restRows * fractions.valid() / held;
        laid = 0;
        for (List<Integer> group : rest) {
            assign(split, group, laid + group.size() / 2.0 < validEnd ? Partition.VALID : Partition.TEST);
            laid += group.size();
        }
        return split;
    }

    /**
     * Each row's fold, 0 to {@code folds - 1}, whole groups at a time: groups shuffled by the seed and laid end to end,
     * a group in the fold where its middle row falls (fold f covers rows [f·n/folds, (f+1)·n/folds)). Each fold misses
     * n/folds rows by at most one group.
     */
    public static int[] folds(List<String> groupKeys, int folds, long seed) {
        if (folds < 1) {
            throw new IllegalArgumentException("folds must be at least 1, got " + folds);
        }
        int n = groupKeys.size();
        List<List<Integer>> groups = Groups.of(groupKeys);
        Shuffle.inPlace(groups, seed);
        int[] fold = new int[n];
        int laid = 0;
        for (List<Integer> group : groups) {
            double middle = laid + group.size() / 2.0;
            int f = Math.min(folds - 1, (int) Math.floor(middle * folds / n));
            for (int row : group) {
                fold[row] = f;
            }
            laid += group.size();
        }
        return fold;
    }

    /**
     * A cold split: whole groups (drugs, targets, …) assigned at random, so every group is unseen outside its
     * partition. Groups, in order of first appearance, are shuffled by the seed and laid end to end; a group goes to
     * the partition in which its middle row falls, with train covering rows [0, train·n), validation
     * [train·n, (train+valid)·n) and test the rest. Each cut therefore lands within half a group of its target: train
     * and test miss their targets by at most half the largest group, validation (two cuts) by at most one group.
     */
    public static Partition[] grouped(List<String> groupKeys, SplitFractions fractions, long seed) {
        Objects.requireNonNull(fractions, "fractions");
        int n = groupKeys.size();
        double trainEnd = fractions.train() * n;
        double validEnd = (fractions.train() + fractions.valid()) * n;
        List<List<Integer>> groups = Groups.of(groupKeys);
        Shuffle.inPlace(groups, seed);
        Partition[] split = new Partition[n];
        int laid = 0;
        for (List<Integer> group : groups) {
            double middle = laid + group.size() / 2.0;
            assign(split, group, middle < trainEnd ? Partition.TRAIN
                    : middle < validEnd ? Partition.VALID : Partition.TEST);
            laid += group.size();
        }
        return split;
    }

    /**
     * A split given in the data, for example Davis' {@code split} column mapped {@code train0…train3 → TRAIN},
     * {@code train4 → VALID}, {@code test → TEST}. Values are matched exactly (case and spaces count).
     *
     * @throws UnknownPartitionException at the first row whose value is missing from {@code mapping}
     */
    public static Partition[] given(List<String> values, Map<String, Partition> mapping)
            throws UnknownPartitionException {
        Objects.requireNonNull(mapping, "mapping");
        Partition[] split = new Partition[values.size()];
        for (int i = 0; i < split.length; i++) {
            String value = values.get(i);
            Partition partition = value == null ? null : mapping.get(value);
            if (partition == null) {
                throw new UnknownPartitionException(i + 1, value, mapping.keySet());
            }
            split[i] = partition;
        }
        return split;
    }

    private static void assign(Partition[] split, List<Integer> rows, Partition partition) {
        for (int row : rows) {
            split[row] = partition;
        }
    }
}
