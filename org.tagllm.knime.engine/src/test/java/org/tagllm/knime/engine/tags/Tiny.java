package org.tagllm.knime.engine.tags;

import java.util.List;
import java.util.Random;
import org.tagllm.knime.engine.config.ModelConfig;
import org.tagllm.knime.engine.model.LlamaDecoder;
import org.tagllm.knime.engine.tensor.FloatTensor;

/**
 * A tiny random decoder with a tag table, and builders for tagged sequences without a tokenizer. Ids 1 and 2 are BOS
 * and EOS; data tokens are drawn from [3, V).
 */
final class Tiny implements AutoCloseable {

    /** LLaMA with grouped-query attention: d = 32, 2 layers, 4 query and 2 kv heads, V = 61. */
    static final ModelConfig LLAMA = ModelConfig.llama(32, 48, 2, 4, 2, 61, 256, false);
    /** Qwen2-like: q/k/v biases, one kv head, tied embeddings, no BOS. */
    static final ModelConfig QWEN2 = ModelConfig.builder().setModelType("qwen2").setHiddenSize(32)
            .setIntermediateSize(48).setNumLayers(2).setNumHeads(4).optNumKvHeads(1).setVocabSize(64)
            .optMaxPositions(256).optRmsNormEps(1e-6).optRopeTheta(1000000.0).optTieWordEmbeddings(true)
            .optQkvBias(true).optEosTokenIds(List.of(3)).build();

    static final long BOS = 1;
    static final long EOS = 2;

    final ModelConfig config;
    final LlamaDecoder decoder;
    final TagTable table;

    Tiny(ModelConfig config, long seed) {
        this(LlamaDecoder.random(config, seed));
    }

    /** A table for {@code decoder}, which this fixture closes. */
    Tiny(LlamaDecoder decoder) {
        this.config = decoder.config();
        this.decoder = decoder;
        this.table = TagTable.create(decoder);
    }

    Tiny(long seed) {
        this(LLAMA, seed);
    }

    /** Adds a tag whose vectors are random (mean-embedding scale), so that rows differ. */
    TagSpec randomTag(String name, TagKind kind, int vectors, boolean trainable, long seed) {
        TagSpec spec = new TagSpec(name, kind, vectors);
        Random r = new Random(seed);
        float[] data = new float[vectors * config.hiddenSize()];
        double scale = table.statistics().meanNorm() / Math.sqrt(config.hiddenSize());
        for (int i = 0; i < data.length; i++) {
            data[i] = (float) (r.nextGaussian() * scale);
        }
        table.put(spec, new FloatTensor(data, new long[] {vectors, config.hiddenSize()}),
                trainable);
        return spec;
    }

    /** n data token ids in [3, V). */
    long[] tokens(int n, long seed) {
        Random r = new Random(seed);
        long[] ids = new long[n];
        for (int i = 0; i < n; i++) {
            ids[i] = 3 + r.nextInt(config.vocabSize() - 3);
        }
        return ids;
    }

    /** BOS, then for each (domain tag, tokens) pair the tag and its tokens, then the function tag. */
    static TaggedSequence task(TagSpec function, boolean isolate, Object... tagThenTokens) {
        TaggedSequence.Builder b = TaggedSequence.builder().token(BOS, false);
        for (int i = 0; i < tagThenTokens.length; i += 2) {
            int start = b.length();
            b.tag((TagSpec) tagThenTokens[i]).tokens((long[]) tagThenTokens[i + 1], false);
            if (isolate) {
                b.isolate(start, b.length());
            }
        }
        return b.tag(function).build();
    }

    @Override
    public void close() {
        table.close();
        decoder.close();
    }
}
