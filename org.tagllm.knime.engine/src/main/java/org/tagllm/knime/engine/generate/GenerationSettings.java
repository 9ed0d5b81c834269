package org.tagllm.knime.engine.generate;

import java.util.Set;

/**
 * How {@link TextGenerator} continues a prompt.
 *
 * @param maxNewTokens most tokens to add (0 returns the prompt)
 * @param sampler      greedy or temperature/top-p
 * @param seed         seeds the sampler's random generator; the same seed reproduces a run
 * @param stopIds      generation ends when one of these is drawn; it is not appended
 * @param useKvCache   true: prefill once, then feed one token per step; false: recompute the whole sequence every
 *                     step (slow; the reference the cached path is tested against)
 */
public record GenerationSettings(int maxNewTokens, Sampler sampler, long seed, Set<Long> stopIds, boolean useKvCache) {

    public GenerationSettings {
        if (maxNewTokens < 0) {
            throw new IllegalArgumentException("maxNewTokens must not be negative, got " + maxNewTokens);
        }
        if (sampler == null) {
            throw new IllegalArgumentException("a sampler is required");
        }
        stopIds = Set.copyOf(stopIds);
    }

    /** Greedy decoding with the KV cache and no stop ids. */
    public static GenerationSettings greedy(int maxNewTokens) {
        return new GenerationSettings(maxNewTokens, Sampler.greedy(), 0, Set.of(), true);
    }

    public GenerationSettings withSampler(Sampler newSampler, long newSeed) {
        return new GenerationSettings(maxNewTokens, newSampler, newSeed, stopIds, useKvCache);
    }

    public GenerationSettings withStopIds(Set<Long> newStopIds) {
        return new GenerationSettings(maxNewTokens, sampler, seed, newStopIds, useKvCache);
    }

    /** Recompute from scratch every step instead of using the KV cache. */
    public GenerationSettings withoutKvCache() {
        return new GenerationSettings(maxNewTokens, sampler, seed, stopIds, false);
    }
}
