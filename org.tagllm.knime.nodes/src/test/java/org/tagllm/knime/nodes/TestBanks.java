package org.tagllm.knime.nodes;

import java.util.List;
import java.util.Random;
import org.tagllm.knime.engine.bank.BaseModelFingerprint;
import org.tagllm.knime.engine.bank.FieldEntry;
import org.tagllm.knime.engine.bank.Head;
import org.tagllm.knime.engine.bank.HeadEntry;
import org.tagllm.knime.engine.bank.Provenance;
import org.tagllm.knime.engine.bank.TagBank;
import org.tagllm.knime.engine.bank.TagEntry;
import org.tagllm.knime.engine.bank.TaskEntry;
import org.tagllm.knime.engine.tensor.FloatTensor;

/** Banks built in memory, without a model: for tests of specs, ports and refusals. */
public final class TestBanks {

    public static final int HIDDEN = 8;

    private TestBanks() {}

    /** A fingerprint whose hashes are made of {@code digit}: different digits, different models. */
    public static BaseModelFingerprint fingerprint(char digit) {
        String hash = String.valueOf(digit).repeat(64);
        return new BaseModelFingerprint("llama", HIDDEN, 100, 2, hash, hash);
    }

    /** A bank with one domain tag of random values. */
    public static TagBank domain(BaseModelFingerprint model, String tag, long seed) {
        return TagBank.builder(model).addTag(tag, TagEntry.Kind.DOMAIN, random(2, HIDDEN, seed))
                .addProvenance(Provenance.now(Provenance.Stage.STAGE_1)).build();
    }

    /** A bank with a domain tag, a regression function tag reading {@code column} behind it, and its head. */
    public static TagBank function(BaseModelFingerprint model, String domainTag, String functionTag, String column,
            long seed) {
        return TagBank.builder(model).addTag(domainTag, TagEntry.Kind.DOMAIN, random(2, HIDDEN, seed))
                .addTag(functionTag, TagEntry.Kind.FUNCTION, random(3, HIDDEN, seed + 1))
                .addHead(Head.linear(HeadEntry.regression(functionTag, HIDDEN, true, List.of(1.5), List.of(0.5)),
                        random(1, HIDDEN, seed + 2), FloatTensor.vector(0.25f)))
                .addTask(new TaskEntry(functionTag, "regression", List.of(new FieldEntry(column, domainTag,
                        FieldEntry.Tokenization.CHARACTER, "smiles")), false))
                .addProvenance(Provenance.now(Provenance.Stage.STAGE_2)).build();
    }

    static FloatTensor random(int rows, int columns, long seed) {
        Random r = new Random(seed);
        float[] v = new float[rows * columns];
        for (int i = 0; i < v.length; i++) {
            v[i] = (float) r.nextGaussian();
        }
        return FloatTensor.matrix(rows, columns, v);
    }
}
