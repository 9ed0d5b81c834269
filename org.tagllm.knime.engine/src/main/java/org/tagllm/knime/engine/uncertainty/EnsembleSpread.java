package org.tagllm.knime.engine.uncertainty;

/**
 * An ensemble's answer for one row: the members' mean per output and their standard deviation (with the {@code n - 1}
 * divisor, the sample deviation; 0 for a single member).
 */
public final class EnsembleSpread {

    private EnsembleSpread() {}

    /** @param members {@code [member][output]}, at least one member, all of one width */
    public static double[] mean(double[][] members) {
        int k = check(members);
        double[] mean = new double[members[0].length];
        for (double[] m : members) {
            for (int j = 0; j < mean.length; j++) {
                mean[j] += m[j];
            }
        }
        for (int j = 0; j < mean.length; j++) {
            mean[j] /= k;
        }
        return mean;
    }

    /** The members' sample standard deviation per output. */
    public static double[] sd(double[][] members) {
        int k = check(members);
        double[] mean = mean(members);
        double[] sd = new double[mean.length];
        if (k == 1) {
            return sd;
        }
        for (double[] m : members) {
            for (int j = 0; j < sd.length; j++) {
                double d = m[j] - mean[j];
                sd[j] += d * d;
            }
        }
        for (int j = 0; j < sd.length; j++) {
            sd[j] = Math.sqrt(sd[j] / (k - 1));
        }
        return sd;
    }

    private static int check(double[][] members) {
        if (members.length == 0) {
            throw new IllegalArgumentException("an ensemble needs at least one member");
        }
        for (double[] m : members) {
            if (m.length != members[0].length) {
                throw new IllegalArgumentException("ensemble members answer with " + members[0].length + " and "
                        + m.length + " values");
            }
        }
        return members.length;
    }
}
