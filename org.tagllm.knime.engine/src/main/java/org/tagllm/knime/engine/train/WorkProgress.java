package org.tagllm.knime.engine.train;

/**
 * Progress of a phase of a run apart from the optimizer steps, for a progress display: reading the data, evaluating
 * validation or test rows, a held-out loss, predicting.
 *
 * @param phase what is being done
 * @param done  units done so far
 * @param total units planned, or -1 when not known in advance (rows of a file being read)
 */
public record WorkProgress(Phase phase, long done, long total) {

    /** The phases, each with a label for a display and the unit it counts. */
    public enum Phase {
        READING("reading data", "rows"),
        VALIDATION("evaluating validation rows", "rows"),
        TEST("evaluating test rows", "rows"),
        HELD_OUT("held-out loss", "examples"),
        PREDICTING("predicting", "rows");

        private final String label;
        private final String unit;

        Phase(String label, String unit) {
            this.label = label;
            this.unit = unit;
        }

        public String label() {
            return label;
        }

        public String unit() {
            return unit;
        }
    }

    /** Whether the phase is complete (always false while the total is unknown). */
    public boolean complete() {
        return total >= 0 && done >= total;
    }
}
