package org.tagllm.knime.engine.data;

import java.util.Arrays;
import java.util.Locale;

/** What a run does with a row it cannot use. Whatever the policy, the {@link DataReport} accounts for the row. */
public enum BadRowPolicy {
    /** Stop at the first bad row with a {@link BadRowException} naming row, column, value and reason. */
    FAIL,
    /** Leave the row out. */
    SKIP,
    /** Pass the row on marked with its problem: nothing is predicted for it, and the reason is written instead. */
    KEEP;

    /** Case-insensitive; the error lists the policies there are. */
    public static BadRowPolicy parse(String name) {
        try {
            return valueOf(name.strip().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("unknown bad-row policy '" + name + "'; policies are "
                    + Arrays.toString(values()).toLowerCase(Locale.ROOT), e);
        }
    }
}
