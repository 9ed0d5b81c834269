package org.tagllm.knime.engine.data;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The longest example the model takes, in its own tokens: the input values as counted by {@code counter} plus a fixed
 * {@code overheadTokens} per example (tags, BOS). The caller passes the model's limit.
 *
 * @param counter tokens per value
 * @param overheadTokens tokens every example has besides its values
 * @param maxTokens the limit, e.g. the model's maximum positions
 * @param fieldMaxTokens per column, its value's tokens at most (a column not named has no cap of its own)
 */
public record TokenBudget(TokenCounter counter, int overheadTokens, int maxTokens,
        Map<String, Integer> fieldMaxTokens) {

    /** A budget for the whole example only. */
    public TokenBudget(TokenCounter counter, int overheadTokens, int maxTokens) {
        this(counter, overheadTokens, maxTokens, Map.of());
    }

    public TokenBudget {
        if (counter == null) {
            throw new IllegalArgumentException("a token budget needs a token counter");
        }
        fieldMaxTokens = Map.copyOf(fieldMaxTokens);
        fieldMaxTokens.forEach((column, max) -> {
            if (max < 1) {
                throw new IllegalArgumentException("the cap of column " + column + " must be positive, got " + max);
            }
        });
        if (overheadTokens < 0 || maxTokens <= overheadTokens) {
            throw new IllegalArgumentException("a limit of " + maxTokens + " tokens leaves no room for values after "
                    + overheadTokens + " tokens of overhead per example");
        }
    }

    /** Tokens of the whole example: overhead plus every value. */
    public int tokens(Map<String, String> inputs) {
        int total = overheadTokens;
        for (Map.Entry<String, String> e : inputs.entrySet()) {
            total += counter.count(e.getKey(), e.getValue());
        }
        return total;
    }

    public boolean fits(Map<String, String> inputs) {
        for (Map.Entry<String, Integer> cap : fieldMaxTokens.entrySet()) {
            String value = inputs.get(cap.getKey());
            if (value != null && counter.count(cap.getKey(), value) > cap.getValue()) {
                return false;
            }
        }
        return tokens(inputs) <= maxTokens;
    }

    /**
     * The inputs cut to fit, or {@code null} when they cannot be (more values than tokens to spare). The longest value
     * is cut to what the others leave it; when they leave it less than an even share, it is cut to its share and the
     * next longest follows. Each cut keeps the longest prefix that fits, found by binary search on its length, so a
     * 100,000-character value costs about 17 counts. A value over its column's own cap is first cut to that cap.
     */
    public Map<String, String> truncate(Map<String, String> inputs) {
        int budget = maxTokens - overheadTokens;
        if (budget < inputs.size()) {
            return null;
        }
        Map<String, String> values = new LinkedHashMap<>(inputs);
        Map<String, Integer> counts = new LinkedHashMap<>();
        values.forEach((column, value) -> counts.put(column, counter.count(column, value)));
        for (Map.Entry<String, Integer> cap : fieldMaxTokens.entrySet()) {
            String column = cap.getKey();
            if (counts.containsKey(column) && counts.get(column) > cap.getValue()) {
                values.put(column, longestPrefixWithin(column, values.get(column), cap.getValue()));
                counts.put(column, counter.count(column, values.get(column)));
            }
        }
        int share = budget / values.size();
        // Each round cuts one value below its count; the cap only guards against a counter that is not monotonic.
        for (int round = 0; round < 4 * values.size() + 4; round++) {
            int total = counts.values().stream().mapToInt(Integer::intValue).sum();
            if (total <= budget) {
                return values;
            }
            String longest = longest(counts);
            int target = Math.max(budget - (total - counts.get(longest)), share);
            String cut = longestPrefixWithin(longest, values.get(longest), target);
            values.put(longest, cut);
            counts.put(longest, counter.count(longest, cut));
        }
        return null;
    }

    private String longestPrefixWithin(String column, String value, int target) {
        int fits = 0;
        int tooLong = value.length() + 1;
        while (tooLong - fits > 1) {
            int mid = safeEnd(value, (fits + tooLong) >>> 1);
            if (mid <= fits) {
                mid = fits + 1; // the midpoint fell inside the only surrogate pair left to try
            }
            if (counter.count(column, value.substring(0, mid)) <= target) {
                fits = mid;
            } else {
                tooLong = mid;
            }
        }
        return value.substring(0, safeEnd(value, fits));
    }

    /** {@code end}, or one less when it would split a surrogate pair. */
    private static int safeEnd(String value, int end) {
        return end > 0 && end < value.length() && Character.isHighSurrogate(value.charAt(end - 1)) ? end - 1 : end;
    }

    private static String longest(Map<String, Integer> counts) {
        String longest = null;
        for (Map.Entry<String, Integer> e : counts.entrySet()) {
            if (longest == null || e.getValue() > counts.get(longest)) {
                longest = e.getKey();
            }
        }
        return longest;
    }
}
