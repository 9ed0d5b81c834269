package org.tagllm.knime.engine.bank;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.tagllm.knime.engine.bank.TagBanksMergeTest.assertMentions;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CompositionTest {

    private static final BaseModelFingerprint MODEL = TestBanks.model("base");

    @TempDir
    Path tmp;

    @Test
    void zeroShotPairingIsAllowedAndRecorded() throws Exception {
        TagBank qed = TestBanks.qedOnly(MODEL);
        TagBank smiles = TestBanks.domain(MODEL, "<SMILES>", 1);

        TagBank composed = Composition.compose(List.of(smiles), qed, "<QED>");

        assertEquals(List.of("<QED>", "<SMILES>"), composed.tags().stream().map(TagEntry::name).toList());
        assertEquals(smiles.tag("<SMILES>"), composed.tag("<SMILES>"));
        assertEquals(qed.tag("<QED>"), composed.tag("<QED>"));
        assertEquals(qed.head("<QED>"), composed.head("<QED>"));
        assertEquals(qed.task("<QED>"), composed.task("<QED>"));
        Provenance last = last(composed);
        assertEquals(Provenance.Stage.COMPOSE, last.stage());
        assertEquals(List.of(new Provenance.Pairing("<SMILES>", smiles.contentSha256(), false)), last.pairings());
        assertTrue(last.zeroShot());
        assertEquals(List.of(qed.contentSha256(), smiles.contentSha256()), last.sourceBanks());
        assertEquals(List.of(qed.manifest().provenance().get(0), smiles.manifest().provenance().get(0), last),
                composed.manifest().provenance());

        Path dir = tmp.resolve("composed");
        composed.write(dir);
        assertTrue(last(TagBank.read(dir)).zeroShot(), "the pairing survives the trip to disk");
    }

    @Test
    void theFunctionBanksOwnDomainTagIsTrainedTogether() throws Exception {
        TagBank qed = TestBanks.qedWithSmiles(MODEL, 1);
        TagBank sameSmiles = TestBanks.domain(MODEL, "<SMILES>", 1);
        TagBank protein = TestBanks.domain(MODEL, "<Protein>", 2);

        TagBank composed = Composition.compose(List.of(sameSmiles, protein), qed, "<QED>");

        assertEquals(List.of("<QED>", "<SMILES>"), composed.tags().stream().map(TagEntry::name).toList(),
                "exactly the tags the task needs");
        Provenance last = last(composed);
        assertEquals(List.of(new Provenance.Pairing("<SMILES>", qed.contentSha256(), true)), last.pairings());
        assertFalse(last.zeroShot());
        assertEquals(List.of(qed.contentSha256()), last.sourceBanks());
    }

    @Test
    void crossDomainTaskTakesEachDomainTagFromItsBank() throws Exception {
        TagBank protein = TestBanks.domain(MODEL, "<Protein>", 2);
        TagBank smiles = TestBanks.domain(MODEL, "<SMILES>", 1);
        TaskEntry binding = new TaskEntry("<BindingAffinity>", "regression", List.of(
                new FieldEntry("protein", "<Protein>", FieldEntry.Tokenization.CHARACTER),
                new FieldEntry("ligand", "<SMILES>", FieldEntry.Tokenization.CHARACTER)), true);
        TagBank stage3 = TagBanks.merge(List.of(protein, smiles))
                .withTag("<BindingAffinity>", TagEntry.Kind.FUNCTION, TestBanks.tagValues(30))
                .withHead(Head.linear(HeadEntry.regression("<BindingAffinity>", TestBanks.HIDDEN, false,
                        List.of(6.0), List.of(1.5)), TestBanks.random(31, 1, TestBanks.HIDDEN)))
                .withTask(binding)
                .withoutTag("<Protein>")
                .withoutTag("<SMILES>");

        TagBank composed = Composition.compose(List.of(smiles, protein), stage3, "<BindingAffinity>");

        assertEquals(protein.tag("<Protein>"), composed.tag("<Protein>"));
        assertEquals(smiles.tag("<SMILES>"), composed.tag("<SMILES>"));
        assertEquals(List.of(new Provenance.Pairing("<Protein>", protein.contentSha256(), false),
                new Provenance.Pairing("<SMILES>", smiles.contentSha256(), false)), last(composed).pairings());
    }

    @Test
    void missingDomainTagNamesTheFieldAndTheBanksSearched() throws Exception {
        TagBank qed = TestBanks.qedOnly(MODEL);
        qed.write(tmp.resolve("qed"));
        TagBank protein = TestBanks.domain(MODEL, "<Protein>", 2);
        protein.write(tmp.resolve("protein"));
        BankConflictException e = assertThrows(BankConflictException.class, () -> Composition.compose(
                List.of(TagBank.read(tmp.resolve("protein"))), TagBank.read(tmp.resolve("qed")), "<QED>"));
        assertMentions(e, "field 'smiles' of the <QED> task needs the domain tag <SMILES>",
                tmp.resolve("qed").toString(), tmp.resolve("protein").toString());
    }

    @Test
    void domainTagWithTwoDifferentValuesIsAmbiguous() throws Exception {
        TagBank run1 = TestBanks.domain(MODEL, "<SMILES>", 1);
        TagBank run2 = TestBanks.domain(MODEL, "<SMILES>", 2);
        run1.write(tmp.resolve("smiles-1"));
        run2.write(tmp.resolve("smiles-2"));
        BankConflictException e = assertThrows(BankConflictException.class, () -> Composition.compose(
                List.of(TagBank.read(tmp.resolve("smiles-1")), TagBank.read(tmp.resolve("smiles-2"))),
                TestBanks.qedOnly(MODEL), "<QED>"));
        assertMentions(e, "<SMILES>", "field 'smiles'", "different values", tmp.resolve("smiles-1").toString(),
                tmp.resolve("smiles-2").toString());
    }

    @Test
    void theFunctionBanksOwnTagGivesWayToTheDomainBanks() throws Exception {
        TagBank qed = TestBanks.qedWithSmiles(MODEL, 1);
        TagBank other = TestBanks.domain(MODEL, "<SMILES>", 2);

        TagBank composed = Composition.compose(List.of(other), qed, "<QED>");

        assertEquals(other.tag("<SMILES>"), composed.tag("<SMILES>"), "the --domain-bank's tag, not the trained one");
        assertEquals(qed.tag("<QED>"), composed.tag("<QED>"));
        Provenance last = last(composed);
        assertEquals(List.of(new Provenance.Pairing("<SMILES>", other.contentSha256(), false)), last.pairings());
        assertTrue(last.zeroShot());
        assertEquals(List.of(new Composition.Swap("<SMILES>", other)),
                Composition.swaps(composed, qed, List.of(other)), "the replaced tag and the bank it came from");
        assertEquals(List.of(), Composition.swaps(Composition.compose(List.of(TestBanks.domain(MODEL, "<SMILES>", 1)),
                qed, "<QED>"), qed, List.of()), "its own tag named again is no swap");
        assertEquals(List.of(), Composition.swaps(Composition.compose(List.of(other), TestBanks.qedOnly(MODEL),
                "<QED>"), TestBanks.qedOnly(MODEL), List.of(other)), "a tag the function bank lacked replaces nothing");
    }

    @Test
    void twoDomainBanksWithDifferentValuesAreRefusedEvenWhenOneIsTheFunctionBanksOwn() throws Exception {
        TestBanks.domain(MODEL, "<SMILES>", 1).write(tmp.resolve("smiles-1"));
        TestBanks.domain(MODEL, "<SMILES>", 2).write(tmp.resolve("smiles-2"));
        BankConflictException e = assertThrows(BankConflictException.class, () -> Composition.compose(
                List.of(TagBank.read(tmp.resolve("smiles-1")), TagBank.read(tmp.resolve("smiles-2"))),
                TestBanks.qedWithSmiles(MODEL, 1), "<QED>"));
        assertMentions(e, "<SMILES>", "different values", tmp.resolve("smiles-1").toString(),
                tmp.resolve("smiles-2").toString());
    }

    @Test
    void aDomainTagOfAnotherModelIsRefused() {
        BaseModelFingerprint other = TestBanks.model("other");
        BankConflictException e = assertThrows(BankConflictException.class, () -> Composition.compose(
                List.of(TestBanks.domain(other, "<SMILES>", 1)), TestBanks.qedOnly(MODEL), "<QED>"));
        assertMentions(e, other.configSha256().substring(0, 12), MODEL.configSha256().substring(0, 12));
    }

    @Test
    void theFunctionTagMustBeAFunctionTagWithATask() {
        TagBank smiles = TestBanks.domain(MODEL, "<SMILES>", 1);
        assertMentions(assertThrows(BankConflictException.class,
                () -> Composition.compose(List.of(), smiles, "<QED>")), "has no tag <QED>");
        assertMentions(assertThrows(BankConflictException.class,
                () -> Composition.compose(List.of(), smiles, "<SMILES>")), "<SMILES>", "is a domain tag");
        TagBank noTask = TagBank.builder(MODEL).addTag("<QED>", TagEntry.Kind.FUNCTION, TestBanks.tagValues(1))
                .build();
        assertMentions(assertThrows(BankConflictException.class,
                () -> Composition.compose(List.of(smiles), noTask, "<QED>")), "has no task for <QED>");
    }

    private static Provenance last(TagBank bank) {
        List<Provenance> history = bank.manifest().provenance();
        return history.get(history.size() - 1);
    }
}
