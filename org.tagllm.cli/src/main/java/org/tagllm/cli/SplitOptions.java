package org.tagllm.cli;

import org.tagllm.knime.engine.split.SplitFractions;
import org.tagllm.knime.engine.split.SplitSpec;
import picocli.CommandLine.Option;

/**
 * {@code --split-by} and {@code --split-fractions}: how rows split, the same in {@code inspect}, {@code train} and
 * {@code evaluate} (a picocli mixin), all read by the engine's {@code DatasetSplitter}.
 */
final class SplitOptions {

    static final SplitFractions DEFAULT_FRACTIONS = new SplitFractions(0.8, 0.1, 0.1);

    @Option(names = "--split-by", paramLabel = "METHOD", description = {"How rows split into train, validation and "
            + "test: random; scaffold:COL, Bemis-Murcko scaffolds of a SMILES input, none in two partitions; "
            + "scaffold-exchangeable:COL, the same with validation and test drawn alike (big scaffolds train, the "
            + "rest shuffled into validation and test), so that conformal calibration on validation holds on test; "
            + "group:COL, a cold split, no value of COL (e.g. a drug id) in two partitions; column:COL, the partition "
            + "named in COL (train; valid, validation, val, dev; test; Davis' train0-train3 as train, train4 as "
            + "valid). Seeded by --seed (evaluate: --data-seed)."})
    String splitBy;

    @Option(names = "--split-fractions", paramLabel = "TRAIN,VALID,TEST",
            description = "Shares of train, validation and test for --split-by random, scaffold and group (default: "
                    + "0.8,0.1,0.1; in train, from --valid and --test).")
    String splitFractions;

    /** The split the options name, or null without {@code --split-by}. */
    SplitSpec spec(long seed, SplitFractions fallback) {
        return splitBy == null ? null : SplitSpec.parse(splitBy, fractions(fallback), seed);
    }

    /** {@code --split-fractions}, or {@code fallback} when it is not given. */
    SplitFractions fractions(SplitFractions fallback) {
        if (splitFractions == null) {
            return fallback;
        }
        String[] parts = splitFractions.split(",", -1);
        if (parts.length != 3) {
            throw new IllegalArgumentException("--split-fractions needs three numbers for train, valid and test, "
                    + "e.g. 0.8,0.1,0.1, not '" + splitFractions + "'");
        }
        double[] f = new double[3];
        for (int i = 0; i < 3; i++) {
            try {
                f[i] = Double.parseDouble(parts[i].strip());
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("--split-fractions: '" + parts[i].strip() + "' is not a number",
                        e);
            }
        }
        return new SplitFractions(f[0], f[1], f[2]);
    }
}
