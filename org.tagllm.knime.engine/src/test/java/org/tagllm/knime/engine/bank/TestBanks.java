package org.tagllm.knime.engine.bank;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.tagllm.knime.engine.tensor.FloatTensor;

/** Small banks with seeded values for a made-up model of hidden size 16 and vocabulary 40. */
final class TestBanks {

    static final int HIDDEN = 16;
    static final int VOCAB = 40;
    static final int VECTORS = 2;
    static final Instant CREATED = Instant.parse("2024-05-01T12:00:00Z");

    private TestBanks() {}

    /** A fingerprint whose hashes derive from {@code label}: equal labels, equal models. */
    static BaseModelFingerprint model(String label) {
        return new BaseModelFingerprint("llama", HIDDEN, VOCAB, 1, Sha256.hex("config " + label),
                Sha256.hex("embedding " + label));
    }

    static FloatTensor random(long seed, int rows, int columns) {
        Random random = new Random(seed);
        float[] values = new float[rows * columns];
        for (int i = 0; i < values.length; i++) {
            values[i] = (float) random.nextGaussian();
        }
        return FloatTensor.matrix(rows, columns, values);
    }

    static FloatTensor tagValues(long seed) {
        return random(seed, VECTORS, HIDDEN);
    }

    static Provenance stage(Provenance.Stage stage, String dataFile) {
        return new Provenance(stage, CREATED, "test", List.of(new Provenance.DataFile(dataFile, Sha256.hex(dataFile),
                100)), Map.of("learning_rate", 1e-4f, "epochs", 3, "optimizer", "adamw", "frozen", true),
                Map.of("validation_loss", 0.25), List.of(), List.of());
    }

    /** A stage-1 bank holding one domain tag. */
    static TagBank domain(BaseModelFingerprint model, String tag, long seed) {
        return TagBank.builder(model)
                .addTag(tag, TagEntry.Kind.DOMAIN, tagValues(seed))
                .addProvenance(stage(Provenance.Stage.STAGE_1, tag + ".txt"))
                .build();
    }

    /** The task of a QED tag: one SMILES field. */
    static TaskEntry qedTask() {
        return new TaskEntry("<QED>", "regression",
                List.of(new FieldEntry("smiles", "<SMILES>", FieldEntry.Tokenization.CHARACTER)), false);
    }

    /** A regression head for {@code <QED>} with a bias. */
    static Head qedHead(long seed) {
        return Head.linear(HeadEntry.regression("<QED>", HIDDEN, true, List.of(0.6), List.of(0.2)),
                random(seed, 1, HIDDEN), FloatTensor.vector(0.5f));
    }

    /** A stage-2 bank: {@code <QED>}, its head and task, and the {@code <SMILES>} tag it was trained with. */
    static TagBank qedWithSmiles(BaseModelFingerprint model, long smilesSeed) {
        return qedOnly(model).withTag("<SMILES>", TagEntry.Kind.DOMAIN, tagValues(smilesSeed));
    }

    /** A stage-2 classification bank: {@code <Active>} (classes inactive, active), its head and task, {@code <SMILES>}. */
    static TagBank classifierWithSmiles() {
        return TagBank.builder(model("m"))
                .addTag("<SMILES>", TagEntry.Kind.DOMAIN, tagValues(3))
                .addTag("<Active>", TagEntry.Kind.FUNCTION, tagValues(98))
                .addHead(Head.linear(HeadEntry.classification("<Active>", HIDDEN, false, List.of("inactive", "active"),
                        1.5), random(12, 2, HIDDEN)))
                .addTask(new TaskEntry("<Active>", "classification",
                        List.of(new FieldEntry("smiles", "<SMILES>", FieldEntry.Tokenization.CHARACTER)), false))
                .addProvenance(stage(Provenance.Stage.STAGE_2, "bbbp.csv"))
                .build();
    }

    /** A bank holding only {@code <QED>}, its head and task: its domain tag must come from elsewhere. */
    static TagBank qedOnly(BaseModelFingerprint model) {
        return TagBank.builder(model)
                .addTag("<QED>", TagEntry.Kind.FUNCTION, tagValues(99))
                .addHead(qedHead(7))
                .addTask(qedTask())
                .addProvenance(stage(Provenance.Stage.STAGE_2, "qed.csv"))
                .build();
    }
}
