package org.tagllm.knime.engine.split;

import java.util.Collections;
import java.util.List;
import java.util.SplittableRandom;

/**
 * The one shuffle all splits use, so a seed reproduces a split anywhere: Fisher–Yates from the last element down,
 * swapping element i with element {@code random.nextInt(i + 1)}, drawing from {@code new SplittableRandom(seed)}.
 */
final class Shuffle {

    private Shuffle() {}

    static <T> void inPlace(List<T> items, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        for (int i = items.size() - 1; i > 0; i--) {
            Collections.swap(items, i, random.nextInt(i + 1));
        }
    }
}
