package org.tagllm.knime.engine.split;

import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * Rows per partition and, for a split by groups, groups per partition and how many groups are shared between
 * partitions (0 for {@link Splits#scaffold} and {@link Splits#grouped} by construction; a leak check for a given
 * split).
 */
public final class SplitSummary {

    private final Map<Partition, Integer> rows = new EnumMap<>(Partition.class);
    private final Map<Partition, Integer> groups;
    private final int sharedGroups;
    private final int total;

    private SplitSummary(Partition[] split, List<String> groupKeys) {
        for (Partition p : Partition.values()) {
            rows.put(p, 0);
        }
        for (int i = 0; i < split.length; i++) {
            if (split[i] == null) {
                throw new IllegalArgumentException("row " + (i + 1) + " (index " + i + ") has no partition");
            }
            rows.merge(split[i], 1, Integer::sum);
        }
        total = split.length;
        if (groupKeys == null) {
            groups = null;
            sharedGroups = 0;
            return;
        }
        if (groupKeys.size() != split.length) {
            throw new IllegalArgumentException(
                    "split has " + split.length + " rows but there are " + groupKeys.size() + " group keys");
        }
        Map<String, Integer> partitionsOfGroup = new HashMap<>(); // bit per partition ordinal
        for (int i = 0; i < split.length; i++) {
            partitionsOfGroup.merge(groupKeys.get(i), 1 << split[i].ordinal(), (a, b) -> a | b);
        }
        groups = new EnumMap<>(Partition.class);
        for (Partition p : Partition.values()) {
            groups.put(p, 0);
        }
        int shared = 0;
        for (int mask : partitionsOfGroup.values()) {
            for (Partition p : Partition.values()) {
                if ((mask & (1 << p.ordinal())) != 0) {
                    groups.merge(p, 1, Integer::sum);
                }
            }
            shared += Integer.bitCount(mask) > 1 ? 1 : 0;
        }
        sharedGroups = shared;
    }

    public static SplitSummary of(Partition[] split) {
        return new SplitSummary(split, null);
    }

    /** @param groupKeys one key per row (scaffold, drug id, …), aligned with {@code split} */
    public static SplitSummary of(Partition[] split, List<String> groupKeys) {
        return new SplitSummary(split, Objects.requireNonNull(groupKeys, "groupKeys"));
    }

    public int total() {
        return total;
    }

    public int rows(Partition partition) {
        return rows.get(partition);
    }

    /** Share of all rows; 0 for an empty split. */
    public double fraction(Partition partition) {
        return total == 0 ? 0 : rows(partition) / (double) total;
    }

    public boolean hasGroups() {
        return groups != null;
    }

    /** Distinct groups with at least one row in {@code partition}. */
    public int groups(Partition partition) {
        requireGroups();
        return groups.get(partition);
    }

    /** Groups with rows in more than one partition. */
    public int sharedGroups() {
        requireGroups();
        return sharedGroups;
    }

    private void requireGroups() {
        if (groups == null) {
            throw new IllegalStateException("this summary was made without group keys");
        }
    }

    @Override
    public String toString() {
        StringBuilder text = new StringBuilder();
        for (Partition p : Partition.values()) {
            text.append(text.length() == 0 ? "" : ", ").append(p.name().toLowerCase(Locale.ROOT)).append(' ').append(rows(p))
                    .append(String.format(Locale.ROOT, " rows (%.1f%%)", 100 * fraction(p)));
            if (groups != null) {
                text.append(", ").append(groups.get(p)).append(" groups");
            }
        }
        return groups == null ? text.toString() : text + "; " + sharedGroups + " groups in several partitions";
    }
}
