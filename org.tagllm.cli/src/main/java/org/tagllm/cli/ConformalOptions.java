package org.tagllm.cli;

import picocli.CommandLine.Option;

/** How conformal calibration is taken, shared by train and evaluate: the set method and cross-conformal folds. */
final class ConformalOptions {

    /** Folds of --cross-conformal when --ensemble is not given. */
    static final int DEFAULT_FOLDS = 5;

    @Option(names = "--marginal-sets", description = "Classification: one conformal quantile for all classes "
            + "(marginal sets) instead of one per class (class-conditional, or Mondrian, sets: each class's rows "
            + "covered at the rate asked, the default).")
    boolean marginalSets;

    @Option(names = "--cross-conformal", description = "Calibrate cross-conformally: train --ensemble K members (5 "
            + "when not given) on K folds of the non-test rows (whole scaffold families under a scaffold split), each "
            + "scoring the fold it did not see, and take the intervals' or sets' quantile over all those out-of-fold "
            + "rows instead of the validation rows alone (K times the training).")
    boolean crossConformal;

    /** The members to train: --ensemble, or {@value #DEFAULT_FOLDS} folds for --cross-conformal without it. */
    int members(int ensemble) {
        if (crossConformal && ensemble == 1) {
            return DEFAULT_FOLDS;
        }
        if (crossConformal && ensemble < 2) {
            throw new IllegalArgumentException("--ensemble " + ensemble + ": cross-conformal calibration needs at "
                    + "least 2 folds");
        }
        return ensemble;
    }
}
