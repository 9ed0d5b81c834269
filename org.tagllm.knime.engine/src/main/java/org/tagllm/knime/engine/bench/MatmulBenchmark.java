package org.tagllm.knime.engine.bench;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.util.Arrays;

/**
 * The machine's practical float32 limit through the same libtorch the decoder uses: an n×n by n×n matmul, timed
 * after warm-up; the median run is reported.
 */
public final class MatmulBenchmark {

    private MatmulBenchmark() {}

    /** GFLOP/s of an {@code n}³ matmul (2n³ floating-point operations), median of {@code runs} timed runs. */
    public static double gflops(NDManager parent, int n, int warmups, int runs) {
        try (NDManager m = parent.newSubManager()) {
            m.getEngine().setRandomSeed(1);
            NDArray a = m.randomNormal(new Shape(n, n));
            NDArray b = m.randomNormal(new Shape(n, n));
            for (int i = 0; i < warmups; i++) {
                a.matMul(b).close();
            }
            double[] seconds = new double[runs];
            for (int i = 0; i < runs; i++) {
                long t0 = System.nanoTime();
                a.matMul(b).close(); // eager on CPU: the call returns when the product exists
                seconds[i] = (System.nanoTime() - t0) / 1e9;
            }
            return 2.0 * n * n * n / median(seconds) / 1e9;
        }
    }

    static double median(double[] values) {
        double[] s = values.clone();
        Arrays.sort(s);
        int h = s.length / 2;
        return s.length % 2 == 1 ? s[h] : (s[h - 1] + s[h]) / 2;
    }
}
