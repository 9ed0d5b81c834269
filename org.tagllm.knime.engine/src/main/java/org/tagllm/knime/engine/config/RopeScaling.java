package org.tagllm.knime.engine.config;

/**
 * How rotary frequencies are rescaled for long contexts ({@code rope_scaling} in {@code config.json}). Unknown kinds
 * are refused when the configuration is read, never silently ignored.
 */
public sealed interface RopeScaling {

    /** Plain RoPE. */
    record None() implements RopeScaling {
        @Override
        public String toString() {
            return "none";
        }
    }

    /** Position interpolation: every frequency divided by {@code factor}. */
    record Linear(double factor) implements RopeScaling {}

    /** LLaMA 3.1's frequency-dependent scaling: low frequencies divided by factor, high kept, a smooth band between. */
    record Llama3(double factor, double lowFreqFactor, double highFreqFactor, int originalMaxPositionEmbeddings)
            implements RopeScaling {}

    RopeScaling NONE = new None();

    /**
     * The inverse frequency {@code theta^(-2i/d)} of pair {@code i} after scaling.
     *
     * @param baseInvFreq unscaled inverse frequency
     */
    default double scale(double baseInvFreq) {
        if (this instanceof Linear l) {
            return baseInvFreq / l.factor();
        }
        if (this instanceof Llama3 s) {
            double lowFreqWavelen = s.originalMaxPositionEmbeddings() / s.lowFreqFactor();
            double highFreqWavelen = s.originalMaxPositionEmbeddings() / s.highFreqFactor();
            double wavelen = 2 * Math.PI / baseInvFreq;
            if (wavelen < highFreqWavelen) {
                return baseInvFreq;
            }
            if (wavelen > lowFreqWavelen) {
                return baseInvFreq / s.factor();
            }
            double smooth = (s.originalMaxPositionEmbeddings() / wavelen - s.lowFreqFactor())
                    / (s.highFreqFactor() - s.lowFreqFactor());
            return (1 - smooth) * baseInvFreq / s.factor() + smooth * baseInvFreq;
        }
        return baseInvFreq;
    }
}
