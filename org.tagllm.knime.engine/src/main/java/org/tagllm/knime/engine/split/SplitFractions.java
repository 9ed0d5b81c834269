package org.tagllm.knime.engine.split;

/**
 * Target shares of the rows for train, validation and test: each finite and non-negative, summing to 1 within
 * {@value #TOLERANCE}.
 *
 * <pre>
 * SplitFractions chemprop = new SplitFractions(0.8, 0.1, 0.1);
 * </pre>
 */
public record SplitFractions(double train, double valid, double test) {

    /** Allowed deviation of the sum from 1, for fractions written as decimals. */
    public static final double TOLERANCE = 1e-9;

    public SplitFractions {
        check("train", train);
        check("valid", valid);
        check("test", test);
        double sum = train + valid + test;
        if (Math.abs(sum - 1) > TOLERANCE) {
            throw new IllegalArgumentException("split fractions must sum to 1, got " + train + " + " + valid + " + "
                    + test + " = " + sum);
        }
    }

    public double of(Partition partition) {
        return switch (partition) {
            case TRAIN -> train;
            case VALID -> valid;
            case TEST -> test;
        };
    }

    private static void check(String name, double fraction) {
        if (!Double.isFinite(fraction) || fraction < 0) {
            throw new IllegalArgumentException(name + " fraction must be finite and not negative, got " + fraction);
        }
    }
}
