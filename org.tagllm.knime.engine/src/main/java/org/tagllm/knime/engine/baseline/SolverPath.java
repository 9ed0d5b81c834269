package org.tagllm.knime.engine.baseline;

/**
 * Which side a linear system is solved on: d × d (primal, features) or n × n (dual, rows). Both give the same model;
 * the smaller side is cheaper.
 */
enum SolverPath {
    PRIMAL, DUAL;

    static SolverPath cheaper(int rows, int columns) {
        return rows < columns ? DUAL : PRIMAL;
    }
}
