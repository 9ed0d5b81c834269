package org.tagllm.knime.engine.evaluate;

import java.util.Objects;
import org.tagllm.knime.engine.method.DataSource;
import org.tagllm.knime.engine.method.LabelledTask;
import org.tagllm.knime.engine.split.SplitSpec;

/**
 * One task of a comparison: what to learn from which rows, how they split, and the figure that ranks methods.
 *
 * @param id            short name, e.g. {@code qed}
 * @param title         how reports name it, e.g. {@code QED (drug-likeness)}
 * @param task          inputs (each with its domain tag), target or label, type
 * @param data          the table, joined or with a derived split column where needed
 * @param splitColumn   the column naming each row's part, or null for a seeded random 80/10/10 split
 * @param splitNote     the split in words, for reports
 * @param primaryMetric the figure that ranks methods (a key of {@code Metrics}), e.g. {@code mse}
 * @param split         a random, scaffold or group split instead of {@code splitColumn}, or null
 */
public record Benchmark(String id, String title, LabelledTask task, DataSource data, String splitColumn,
        String splitNote, String primaryMetric, SplitSpec split) {

    /** A task split by its column, or at random 80/10/10. */
    public Benchmark(String id, String title, LabelledTask task, DataSource data, String splitColumn,
            String splitNote, String primaryMetric) {
        this(id, title, task, data, splitColumn, splitNote, primaryMetric, null);
    }

    public Benchmark {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(task, "task");
        Objects.requireNonNull(data, "data");
        Objects.requireNonNull(primaryMetric, "primaryMetric");
    }

    /** Whether a larger primary figure is better (correlations, AUROC, accuracy, R²). */
    public boolean higherIsBetter() {
        return higherIsBetter(primaryMetric);
    }

    public static boolean higherIsBetter(String metric) {
        return switch (metric) {
            case "mse", "rmse", "mae", "nll" -> false;
            default -> true;
        };
    }
}
