package org.tagllm.knime.engine.train;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Balanced batch sampling: each of an epoch's {@code n} places takes a class chosen uniformly, then an example of that
 * class uniformly, with replacement; so every class fills about the same share of every batch however rare it is
 * (rare examples recur within an epoch, common ones may be skipped). Seeded like {@link EpochOrder}, from a stream of
 * its own.
 */
public final class BalancedEpochOrder implements EpochOrdering {

    private static final long GOLDEN_GAMMA = 0x9E3779B97F4A7C15L;
    private static final long STREAM = 0x5851F42D4C957F2DL; // apart from the shuffle's stream

    private final int[][] byClass;

    /** @param labels the class of each training example, in the trainer's data order */
    public BalancedEpochOrder(int[] labels) {
        int classes = 0;
        for (int l : labels) {
            if (l < 0) {
                throw new IllegalArgumentException("class label " + l + " is negative");
            }
            classes = Math.max(classes, l + 1);
        }
        List<List<Integer>> members = new ArrayList<>();
        for (int c = 0; c < classes; c++) {
            members.add(new ArrayList<>());
        }
        for (int i = 0; i < labels.length; i++) {
            members.get(labels[i]).add(i);
        }
        byClass = members.stream().filter(m -> !m.isEmpty())
                .map(m -> m.stream().mapToInt(Integer::intValue).toArray()).toArray(int[][]::new);
        if (byClass.length == 0) {
            throw new IllegalArgumentException("no training examples to sample");
        }
    }

    @Override
    public int[] order(long seed, int epoch, int n) {
        SplittableRandom random = new SplittableRandom((seed ^ STREAM) + (epoch + 1L) * GOLDEN_GAMMA);
        int[] order = new int[n];
        for (int i = 0; i < n; i++) {
            int[] members = byClass[random.nextInt(byClass.length)];
            order[i] = members[random.nextInt(members.length)];
        }
        return order;
    }
}
