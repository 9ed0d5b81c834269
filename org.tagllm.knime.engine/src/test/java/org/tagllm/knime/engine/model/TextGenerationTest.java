package org.tagllm.knime.engine.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.tagllm.knime.engine.config.ModelConfig;
import org.tagllm.knime.engine.config.RopeScaling;
import org.tagllm.knime.engine.generate.Generation;
import org.tagllm.knime.engine.generate.GenerationSettings;
import org.tagllm.knime.engine.generate.Sampler;
import org.tagllm.knime.engine.generate.TextGenerator;

/** {@link TextGenerator} on real decoders (here, because the test models live in this package). */
class TextGenerationTest {

    @ParameterizedTest
    @EnumSource(TestModels.class)
    void greedyWithCacheEqualsGreedyWithout(TestModels model) {
        try (Fixtures f = new Fixtures(model, 41)) {
            TextGenerator generator = new TextGenerator(f.decoder);
            long[] prompt = f.tokens(5, 1);
            GenerationSettings cached = GenerationSettings.greedy(20);
            Generation with = generator.generate(prompt, cached);
            Generation without = generator.generate(prompt, cached.withoutKvCache());
            assertEquals(Generation.StopReason.MAX_NEW_TOKENS, with.stopReason());
            assertEquals(25, with.tokens().length);
            assertArrayEquals(without.tokens(), with.tokens(), model + ": cached " + Arrays.toString(with.tokens())
                    + " vs recomputed " + Arrays.toString(without.tokens()));
            assertArrayEquals(prompt, Arrays.copyOf(with.tokens(), 5));
        }
    }

    /** Greedy output is the reference's argmax at every step. */
    @Test
    void greedyFollowsTheReferenceArgmax() {
        try (Fixtures f = new Fixtures(TestModels.MISTRAL_WINDOW, 42)) {
            long[] tokens = new TextGenerator(f.decoder).generate(f.tokens(4, 2), GenerationSettings.greedy(8))
                    .tokens();
            for (int n = 4; n < tokens.length; n++) {
                double[][] logits = f.reference.forward(Arrays.copyOf(tokens, n)).logits();
                double[] last = logits[n - 1];
                int best = 0;
                for (int i = 1; i < last.length; i++) {
                    best = last[i] > last[best] ? i : best;
                }
                assertEquals(best, tokens[n], "token " + n + " of " + Arrays.toString(tokens));
            }
        }
    }

    @Test
    void samplingIsReproducibleAndEqualWithAndWithoutCache() {
        try (Fixtures f = new Fixtures(TestModels.QWEN2_BIAS, 43)) {
            TextGenerator generator = new TextGenerator(f.decoder);
            long[] prompt = f.tokens(3, 3);
            // Hot enough that the tiny model does not collapse onto one token.
            GenerationSettings s = GenerationSettings.greedy(15).withSampler(new Sampler(3.0, 0.95), 7);
            Generation a = generator.generate(prompt, s);
            assertEquals(a, generator.generate(prompt, s));
            assertEquals(a, generator.generate(prompt, s.withoutKvCache()));
            Generation other = generator.generate(prompt, s.withSampler(s.sampler(), 8));
            assertNotEquals(a, other, "another seed should draw another continuation");
            assertTrue(Arrays.stream(a.newTokens()).distinct().count() > 5, "hardly random: " + a);
        }
    }

    /** A stop id ends generation and is not appended. */
    @Test
    void stopsAtAStopId() {
        try (Fixtures f = new Fixtures(TestModels.LLAMA_GQA, 44)) {
            TextGenerator generator = new TextGenerator(f.decoder);
            long[] prompt = f.tokens(4, 4);
            long[] free = generator.generate(prompt, GenerationSettings.greedy(10)).tokens();
            // Stop at the first generated id that did not occur earlier in the continuation.
            int at = 4;
            while (at < free.length && !isFirst(free, at)) {
                at++;
            }
            Generation stopped = generator.generate(prompt,
                    GenerationSettings.greedy(10).withStopIds(Set.of(free[at])));
            assertEquals(Generation.StopReason.STOP_ID, stopped.stopReason());
            assertArrayEquals(Arrays.copyOf(free, at), stopped.tokens());
        }
    }

    private static boolean isFirst(long[] tokens, int at) {
        for (int i = 4; i < at; i++) {
            if (tokens[i] == tokens[at]) {
                return false;
            }
        }
        return true;
    }

    @Test
    void stopsAtTheModelsMaxPositions() {
        ModelConfig c = TestModels.LLAMA_GQA.config;
        ModelConfig shortModel = c.toBuilder().optMaxPositions(9).optRopeScaling(RopeScaling.NONE)
                .optTieWordEmbeddings(false).optQkvBias(false).optOutputBias(false).optSlidingWindow(0).optBosTokenId(1)
                .optEosTokenIds(List.of(2)).build();
        try (LlamaDecoder decoder = LlamaDecoder.random(shortModel, 3)) {
            TextGenerator generator = new TextGenerator(decoder);
            Generation g = generator.generate(new long[] {1, 2, 3}, GenerationSettings.greedy(100));
            assertEquals(Generation.StopReason.MAX_POSITIONS, g.stopReason());
            assertEquals(9, g.tokens().length);
            assertEquals(6, g.newTokens().length);
            assertEquals(Generation.StopReason.MAX_POSITIONS,
                    generator.generate(new long[9], GenerationSettings.greedy(5)).stopReason());
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> generator.generate(new long[10], GenerationSettings.greedy(5)));
            assertTrue(e.getMessage().contains("at most 9"), e.getMessage());
        }
    }

    @Test
    void zeroNewTokensReturnsThePrompt() {
        try (Fixtures f = new Fixtures(TestModels.LLAMA_TIED, 45)) {
            long[] prompt = f.tokens(3, 5);
            Generation g = new TextGenerator(f.decoder).generate(prompt, GenerationSettings.greedy(0));
            assertArrayEquals(prompt, g.tokens());
            assertEquals(Generation.StopReason.MAX_NEW_TOKENS, g.stopReason());
            assertThrows(IllegalArgumentException.class,
                    () -> new TextGenerator(f.decoder).generate(new long[0], GenerationSettings.greedy(3)));
        }
    }
}
