package org.tagllm.knime.nodes.workflow;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import org.tagllm.knime.nodes.exec.SettingsException;
import org.tagllm.knime.nodes.table.InMemoryTable;
import org.tagllm.knime.nodes.table.Row;

/** How Row Sampling and Partitioning draw rows: the first ones, or at random with a seed, kept in input order. */
final class RowDraw {

    private RowDraw() {}

    /** How rows are drawn: the first ones, or at random with a seed (kept in input order). */
    enum Mode { TOP, RANDOM }

    static void check(int count, Mode mode) throws SettingsException {
        SettingChecks.atLeast("count", count, 0);
        if (mode == null) {
            throw new SettingsException("mode", null, "choose TOP or RANDOM");
        }
    }

    /** Which of {@code size} rows are drawn. */
    static boolean[] draw(int size, int count, Mode mode, long seed) {
        boolean[] drawn = new boolean[size];
        List<Integer> order = new ArrayList<>();
        for (int i = 0; i < size; i++) {
            order.add(i);
        }
        if (mode == Mode.RANDOM) {
            Collections.shuffle(order, new Random(seed));
        }
        order.subList(0, Math.min(count, size)).forEach(i -> drawn[i] = true);
        return drawn;
    }

    static InMemoryTable rows(InMemoryTable t, boolean[] drawn, boolean which) {
        InMemoryTable.Builder b = InMemoryTable.builder(t.shape());
        for (int i = 0; i < drawn.length; i++) {
            if (drawn[i] == which) {
                b.add(t.row(i));
            }
        }
        return b.build();
    }
}
