package org.tagllm.knime.engine.bank;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.tagllm.knime.engine.bank.TagBanksMergeTest.assertMentions;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;
import org.junit.jupiter.api.io.TempDir;
import org.tagllm.knime.engine.tensor.FloatTensor;

/** Banks built in code are held to the same rules as banks read from disk. */
class TagBankBuildTest {

    private static final BaseModelFingerprint MODEL = TestBanks.model("base");

    @TempDir
    Path tmp;

    @Test
    void headsAndTasksNeedTheirFunctionTag() {
        assertRefused(() -> TagBank.builder(MODEL).addHead(TestBanks.qedHead(1)).build(),
                "the head of <QED> has no tag <QED>");
        assertRefused(() -> TagBank.builder(MODEL).addTask(TestBanks.qedTask()).build(),
                "the task of <QED> has no tag <QED>");
        assertRefused(() -> TagBank.builder(MODEL).addTag("<QED>", TagEntry.Kind.DOMAIN, TestBanks.tagValues(1))
                .addHead(TestBanks.qedHead(1)).build(), "belongs to a domain tag");
    }

    @Test
    void aFieldsDomainTagMustNotBeAFunctionTag() {
        TaskEntry confused = new TaskEntry("<QED>", "regression",
                List.of(new FieldEntry("x", "<LogP>", FieldEntry.Tokenization.MODEL)), false);
        assertRefused(() -> TagBank.builder(MODEL).addTag("<QED>", TagEntry.Kind.FUNCTION, TestBanks.tagValues(1))
                .addTag("<LogP>", TagEntry.Kind.FUNCTION, TestBanks.tagValues(2)).addTask(confused).build(),
                "field 'x'", "<LogP> as a function tag");
    }

    @Test
    void tagsMustBeFiniteAndAsWideAsTheModel() {
        assertRefused(() -> TestBanks.domain(MODEL, "<SMILES>", 1)
                .withTag("<Protein>", TagEntry.Kind.DOMAIN, TestBanks.random(1, 2, 8)), "tag <Protein> has hidden "
                + "size 8 but the base model's hidden_size is 16");
        float[] values = TestBanks.tagValues(1).values();
        values[3] = Float.POSITIVE_INFINITY;
        assertRefused(() -> TagBank.builder(MODEL)
                .addTag("<SMILES>", TagEntry.Kind.DOMAIN, FloatTensor.matrix(2, TestBanks.HIDDEN, values)).build(),
                "tensor 'tag.<SMILES>' holds Infinity at element 3");
        assertRefused(() -> TagBank.builder(MODEL).addTag("<SMILES>", TagEntry.Kind.DOMAIN,
                FloatTensor.vector(1, 2, 3)), "must be a [p, d] matrix");
    }

    @Test
    void entriesCheckTheirOwnFields() {
        assertRefused(() -> new TagEntry("SMILES", TagEntry.Kind.DOMAIN, 2, 16), "one word in angle brackets");
        assertRefused(() -> new TagEntry("<SMILES>", TagEntry.Kind.DOMAIN, 0, 16), "'vectors' must be a positive");
        assertRefused(() -> new HeadEntry("<QED>", HeadEntry.Type.REGRESSION, 16, 2, true, List.of(0.0),
                List.of(1.0), null, null), "needs 2 'target_mean' and 'target_std' values");
        assertRefused(() -> HeadEntry.classification("<Active>", 16, false, List.of("yes", "yes"), 1.0),
                "must be distinct");
        assertRefused(() -> new HeadEntry("<Active>", HeadEntry.Type.CLASSIFICATION, 16, 2, false, null, null,
                List.of("no", "yes"), null), "positive, finite 'temperature'");
        assertRefused(() -> new HeadEntry("<QED>", HeadEntry.Type.REGRESSION, 16, 1, true, List.of(0.0),
                List.of(1.0), List.of("a", "b"), null), "belong to classification heads");
        assertRefused(() -> new TaskEntry("<QED>", "regression", List.of(), false), "at least one input field");
        assertRefused(() -> new FloatTensor(new float[3], new long[] {2, 2}), "holds 4 elements but 3");
        // A single logit for two classes is a valid binary classifier.
        assertEquals(1, new HeadEntry("<Active>", HeadEntry.Type.CLASSIFICATION, 16, 1, true, null, null,
                List.of("no", "yes"), 1.0).outputDim());
    }

    @Test
    void headTensorsMustMatchTheEntry() {
        HeadEntry withBias = HeadEntry.regression("<QED>", 16, true, List.of(0.0), List.of(1.0));
        assertRefused(() -> Head.linear(withBias, TestBanks.random(1, 1, 16)), "'head.<QED>.bias' is missing");
        assertRefused(() -> Head.linear(withBias, TestBanks.random(1, 16, 1), FloatTensor.vector(0)),
                "'head.<QED>.weight' has shape [16, 1] but the head declares [1, 16]");
        assertRefused(() -> Head.generation(withBias), "'head.<QED>.weight' is missing");
        assertRefused(() -> TagBank.builder(MODEL)
                .addTag("<Describe>", TagEntry.Kind.FUNCTION, TestBanks.tagValues(1))
                .addHead(Head.generation(HeadEntry.generation("<Describe>", 16, 41))).build(),
                "uses the model's LM head", "vocab_size 40");
    }

    @Test
    void copiesChangeOnlyTheCopy() throws Exception {
        Path dir = tmp.resolve("qed");
        TestBanks.qedWithSmiles(MODEL, 1).write(dir);
        TagBank original = TagBank.read(dir);

        TagBank retagged = original.withTag("<QED>", TagEntry.Kind.FUNCTION, TestBanks.tagValues(50));
        assertEquals(List.of("<QED>", "<SMILES>"), retagged.tags().stream().map(TagEntry::name).toList(),
                "a replaced tag keeps its place");
        assertEquals(TestBanks.tagValues(50), retagged.tag("<QED>"));
        assertEquals(TestBanks.qedWithSmiles(MODEL, 1).tag("<QED>"), original.tag("<QED>"));
        assertEquals(Optional.empty(), retagged.origin(), "a changed copy is not what is on disk");

        TagBank withoutQed = original.withoutTag("<QED>");
        assertEquals(List.of("<SMILES>"), withoutQed.tags().stream().map(TagEntry::name).toList());
        assertEquals(Optional.empty(), withoutQed.head("<QED>"));
        assertEquals(Optional.empty(), withoutQed.task("<QED>"));
        assertEquals(List.of("tag.<SMILES>"), List.copyOf(withoutQed.tensors().keySet()));

        Provenance note = TestBanks.stage(Provenance.Stage.STAGE_2, "more.csv");
        TagBank noted = original.withProvenance(note);
        assertEquals(original.manifest().provenance().size() + 1, noted.manifest().provenance().size());
        assertEquals(note, noted.manifest().provenance().get(noted.manifest().provenance().size() - 1));

        TaskEntry isolated = new TaskEntry("<QED>", "regression", TestBanks.qedTask().fields(), true);
        assertTrue(original.withTask(isolated).task("<QED>").orElseThrow().segmentIsolation());
        assertFalse(original.task("<QED>").orElseThrow().segmentIsolation());
        assertEquals(original, TagBank.read(dir));
    }

    private static void assertRefused(Executable build, String... fragments) {
        assertMentions(assertThrows(IllegalArgumentException.class, build), fragments);
    }
}
