package org.tagllm.knime.engine.llama2c;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Writes small llama2.c checkpoints whose float at index i (counted over all tensors, from 0) is {@code i}, so a
 * test can tell from any value where it was read. The layout is spelled out here independently of the reader.
 */
final class SyntheticCheckpoint {

    final int dim;
    final int hidden;
    final int layers;
    final int heads;
    final int kvHeads;
    final int vocab;
    final int seq;
    final boolean tied;

    SyntheticCheckpoint(int dim, int hidden, int layers, int heads, int kvHeads, int vocab, int seq, boolean tied) {
        this.dim = dim;
        this.hidden = hidden;
        this.layers = layers;
        this.heads = heads;
        this.kvHeads = kvHeads;
        this.vocab = vocab;
        this.seq = seq;
        this.tied = tied;
    }

    /** dim 8, hidden 12, 2 layers, 4 heads, 2 kv heads (head size 2), vocab 10, seq 6. */
    static SyntheticCheckpoint tiny(boolean tied) {
        return new SyntheticCheckpoint(8, 12, 2, 4, 2, 10, 6, tied);
    }

    int kvDim() {
        return kvHeads * (dim / heads);
    }

    /** Float counts in file order: embedding, rms_att, wq, wk, wv, wo, rms_ffn, w1, w2, w3, rms_final, cos, sin, cls. */
    long[] counts() {
        long d = dim;
        long half = dim / heads / 2;
        return new long[] {vocab * d, layers * d, layers * d * d, layers * kvDim() * d, layers * kvDim() * d,
            layers * d * d, layers * d, layers * hidden * d, layers * d * hidden, layers * hidden * d, d, seq * half,
            seq * half, tied ? 0 : vocab * d};
    }

    long floatCount() {
        long n = 0;
        for (long c : counts()) {
            n += c;
        }
        return n;
    }

    /** Index of the first float of tensor number {@code k} in {@link #counts()} order. */
    long start(int k) {
        long n = 0;
        for (int i = 0; i < k; i++) {
            n += counts()[i];
        }
        return n;
    }

    byte[] header() {
        ByteBuffer b = ByteBuffer.allocate(28).order(ByteOrder.LITTLE_ENDIAN);
        b.putInt(dim).putInt(hidden).putInt(layers).putInt(heads).putInt(kvHeads).putInt(tied ? vocab : -vocab)
                .putInt(seq);
        return b.array();
    }

    Path write(Path file) throws IOException {
        ByteBuffer b = ByteBuffer.allocate(Math.toIntExact(28 + 4 * floatCount())).order(ByteOrder.LITTLE_ENDIAN);
        b.put(header());
        for (long i = 0; i < floatCount(); i++) {
            b.putFloat(i);
        }
        Files.write(file, b.array());
        return file;
    }
}
