package org.tagllm.knime.engine.train;

/**
 * AdamW in double precision, written from the formulas of Loshchilov and Hutter as {@code torch.optim.AdamW}
 * documents them, independent of the engine code: the reference for {@link AdamWTest}.
 */
final class ReferenceAdamW {

    final double[] p;
    final double[] m;
    final double[] v;
    private final double beta1;
    private final double beta2;
    private final double eps;
    private final double weightDecay;
    private final double maxNorm;
    private int t;

    ReferenceAdamW(double[] p, double beta1, double beta2, double eps, double weightDecay, double maxNorm) {
        this.p = p.clone();
        this.m = new double[p.length];
        this.v = new double[p.length];
        this.beta1 = beta1;
        this.beta2 = beta2;
        this.eps = eps;
        this.weightDecay = weightDecay;
        this.maxNorm = maxNorm;
    }

    void step(double[] gradient, double lr) {
        double[] g = gradient.clone();
        if (maxNorm > 0) {
            double norm = 0;
            for (double x : g) {
                norm += x * x;
            }
            norm = Math.sqrt(norm);
            double c = Math.min(1, maxNorm / (norm + 1e-6));
            for (int i = 0; i < g.length; i++) {
                g[i] *= c;
            }
        }
        t++;
        for (int i = 0; i < p.length; i++) {
            p[i] -= lr * weightDecay * p[i];
            m[i] = beta1 * m[i] + (1 - beta1) * g[i];
            v[i] = beta2 * v[i] + (1 - beta2) * g[i] * g[i];
            double mHat = m[i] / (1 - Math.pow(beta1, t));
            double vHat = v[i] / (1 - Math.pow(beta2, t));
            p[i] -= lr * mHat / (Math.sqrt(vHat) + eps);
        }
    }
}
