package org.tagllm.knime.engine.bank;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TagBanksMergeTest {

    private static final BaseModelFingerprint MODEL = TestBanks.model("base");

    @TempDir
    Path tmp;

    @Test
    void mergesDisjointBanksKeepingEverySource() throws Exception {
        TagBank smiles = TestBanks.domain(MODEL, "<SMILES>", 1);
        TagBank protein = TestBanks.domain(MODEL, "<Protein>", 2);
        TagBank qed = TestBanks.qedOnly(MODEL);

        TagBank merged = TagBanks.merge(List.of(smiles, protein, qed));

        assertEquals(List.of("<SMILES>", "<Protein>", "<QED>"), merged.tags().stream().map(TagEntry::name).toList());
        assertEquals(smiles.tag("<SMILES>"), merged.tag("<SMILES>"));
        assertEquals(protein.tag("<Protein>"), merged.tag("<Protein>"));
        assertEquals(qed.head("<QED>"), merged.head("<QED>"));
        assertEquals(qed.task("<QED>"), merged.task("<QED>"));
        assertEquals(MODEL, merged.baseModel());

        List<Provenance> history = merged.manifest().provenance();
        assertEquals(4, history.size());
        assertEquals(smiles.manifest().provenance().get(0), history.get(0));
        assertEquals(protein.manifest().provenance().get(0), history.get(1));
        assertEquals(qed.manifest().provenance().get(0), history.get(2));
        Provenance merge = history.get(3);
        assertEquals(Provenance.Stage.MERGE, merge.stage());
        assertEquals(List.of(smiles.contentSha256(), protein.contentSha256(), qed.contentSha256()),
                merge.sourceBanks());

        Path dir = tmp.resolve("merged");
        merged.write(dir);
        assertEquals(merged, TagBank.read(dir));
    }

    @Test
    void aTagIdenticalInTwoBanksIsTakenOnce() throws Exception {
        TagBank smiles = TestBanks.domain(MODEL, "<SMILES>", 1);
        TagBank qedWithSameSmiles = TestBanks.qedWithSmiles(MODEL, 1);
        TagBank merged = TagBanks.merge(List.of(smiles, qedWithSameSmiles));
        assertEquals(List.of("<SMILES>", "<QED>"), merged.tags().stream().map(TagEntry::name).toList());
    }

    @Test
    void refusesTheSameTagWithDifferentValues() throws Exception {
        TagBank first = written("smiles-run-1", TestBanks.domain(MODEL, "<SMILES>", 1));
        TagBank second = written("smiles-run-2", TestBanks.domain(MODEL, "<SMILES>", 2));
        BankConflictException e = assertThrows(BankConflictException.class,
                () -> TagBanks.merge(List.of(first, second)));
        assertMentions(e, "tag <SMILES>", tmp.resolve("smiles-run-1").toString(),
                tmp.resolve("smiles-run-2").toString(), "different values", "does not choose or rename");
    }

    @Test
    void refusesTheSameTagOfAnotherKind() throws Exception {
        TagBank domain = TestBanks.domain(MODEL, "<QED>", 1);
        BankConflictException e = assertThrows(BankConflictException.class,
                () -> TagBanks.merge(List.of(domain, TestBanks.qedOnly(MODEL))));
        assertMentions(e, "tag <QED>", "different kinds (domain and function)");
    }

    @Test
    void refusesDifferentHeadsForTheSameFunctionTag() throws Exception {
        TagBank qed = TestBanks.qedOnly(MODEL);
        TagBank retrainedHead = qed.withHead(TestBanks.qedHead(8));
        BankConflictException e = assertThrows(BankConflictException.class,
                () -> TagBanks.merge(List.of(qed, retrainedHead)));
        assertMentions(e, "the head of <QED>", "different heads");
    }

    @Test
    void refusesBanksOfAnotherBaseModel() throws Exception {
        BaseModelFingerprint other = TestBanks.model("other");
        TagBank smiles = written("smiles", TestBanks.domain(MODEL, "<SMILES>", 1));
        TagBank protein = written("protein", TestBanks.domain(other, "<Protein>", 2));
        BankConflictException e = assertThrows(BankConflictException.class,
                () -> TagBanks.merge(List.of(smiles, protein)));
        assertMentions(e, tmp.resolve("smiles").toString(), tmp.resolve("protein").toString(),
                MODEL.configSha256().substring(0, 12), other.configSha256().substring(0, 12),
                "configurations and embeddings differ");
    }

    @Test
    void nothingToMerge() {
        assertThrows(IllegalArgumentException.class, () -> TagBanks.merge(List.of()));
    }

    private TagBank written(String name, TagBank bank) throws Exception {
        bank.write(tmp.resolve(name));
        return TagBank.read(tmp.resolve(name));
    }

    static void assertMentions(Exception e, String... fragments) {
        for (String f : fragments) {
            assertTrue(e.getMessage().contains(f), "expected '" + f + "' in: " + e.getMessage());
        }
    }
}
