package org.tagllm.knime.engine.tags;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The input layout of tasks: what stands where, which positions carry loss, where the readout is. */
class SequenceEncoderTest {

    private static final TagSpec SMILES = new TagSpec("<SMILES>", TagKind.DOMAIN, 3);
    private static final TagSpec QED = new TagSpec("<QED>", TagKind.FUNCTION, 2);
    private static final TaskTemplate TEMPLATE = TaskTemplate.of("<QED>", TaskField.of("smiles", "<SMILES>"),
            TaskField.text("note"));
    private static final Map<String, String> INPUTS = Map.of("smiles", "CC(=O)", "note", "the molecule");

    private static final long C = ToyTokenizer.id("C");
    private static final long O = ToyTokenizer.id("O");
    private static final long OPEN = ToyTokenizer.id("(");
    private static final long CLOSE = ToyTokenizer.id(")");
    private static final long EQUALS = ToyTokenizer.id("<0x3D>");
    private static final long[] SMILES_IDS = {C, C, OPEN, EQUALS, O, CLOSE};
    private static final long[] NOTE_IDS = {ToyTokenizer.id("\u2581the"), ToyTokenizer.id("\u2581molecule")};

    private static SequenceEncoder encoder(boolean bos) {
        return new SequenceEncoder(new ToyTokenizer(bos), List.of(SMILES, QED));
    }

    @Test
    void defaultTokenizationIsCharactersForSmilesAndProteinAndModelForText() {
        assertEquals(Tokenization.CHARACTER, TaskField.of("s", "<SMILES>").tokenization());
        assertEquals(Tokenization.CHARACTER, TaskField.of("p", "<Protein>").tokenization());
        assertEquals(Tokenization.MODEL, TaskField.of("t", "<Text>").tokenization());
        assertEquals(Tokenization.MODEL, TaskField.text("t").tokenization());
    }

    /** BOS, <SMILES> x3, one token per character (no dummy prefix, '=' as its byte piece), text, <QED> x2. */
    @Test
    void promptLaysOutBosFieldsAndFunctionTag() {
        TaggedSequence s = encoder(true).prompt(TEMPLATE, INPUTS);
        assertEquals(1 + 3 + 6 + 2 + 2, s.length());
        assertEquals(Tiny.BOS, s.tokenId(0));
        for (int r = 0; r < 3; r++) {
            assertEquals("<SMILES>", s.tagAt(1 + r));
            assertEquals(r, s.tagRow(1 + r));
            assertEquals(TaggedSequence.PLACEHOLDER_ID, s.tokenId(1 + r));
        }
        for (int i = 0; i < 6; i++) {
            assertEquals(SMILES_IDS[i], s.tokenId(4 + i), "character " + i);
            assertNull(s.tagAt(4 + i));
        }
        assertEquals(NOTE_IDS[0], s.tokenId(10));
        assertEquals(NOTE_IDS[1], s.tokenId(11));
        assertEquals("<QED>", s.tagAt(12));
        assertEquals("<QED>", s.tagAt(13));
        assertEquals(QED, s.functionTag());
        assertEquals(12, s.functionStart());
        assertEquals(13, s.readout(), "the last function-tag vector");
        assertEquals(0, s.lossTargetIds().length, "a head task has no LM targets");
        assertEquals(List.of(), s.isolatedSegments());
    }

    /** Isolation marks the tagged segment (tag + its tokens), not the untagged text or the function tag. */
    @Test
    void isolationMarksEachTaggedSegment() {
        TaggedSequence s = encoder(true).prompt(TEMPLATE.withIsolation(true), INPUTS);
        assertEquals(List.of(new TaggedSequence.Span(1, 10)), s.isolatedSegments());
        // Without BOS the segment starts the sequence: nothing precedes it, nothing to isolate.
        TaggedSequence first = encoder(false).prompt(TEMPLATE.withIsolation(true), INPUTS);
        assertEquals("<SMILES>", first.tagAt(0));
        assertEquals(List.of(), first.isolatedSegments());
    }

    /** Generation: the answer's model tokens and EOS follow the function tag and alone carry LM loss. */
    @Test
    void answerTokensAndEosAreTheOnlyTargets() {
        TaggedSequence s = encoder(true).withAnswer(TEMPLATE, INPUTS, "0.5");
        assertEquals(16, s.length());
        assertEquals(ToyTokenizer.id("\u25810.5"), s.tokenId(14));
        assertEquals(Tiny.EOS, s.tokenId(15));
        assertArrayEquals(new long[] {ToyTokenizer.id("\u25810.5"), Tiny.EOS}, s.lossTargetIds());
        for (int t = 0; t < 14; t++) {
            assertTrue(!s.isLossTarget(t), "prompt position " + t + " carries no loss");
        }
        assertEquals(13, s.readout());
    }

    /** Stage 1: the domain tag first (no BOS, no EOS, as the official code), every data token a target. */
    @Test
    void domainTextPutsTheTagFirstAndTargetsEveryToken() {
        TaggedSequence s = encoder(true).domainText("<SMILES>", "CC(=O)", Tokenization.CHARACTER);
        assertEquals(9, s.length());
        assertEquals("<SMILES>", s.tagAt(0));
        assertArrayEquals(SMILES_IDS, s.lossTargetIds());
        assertEquals(-1, s.readout());
        assertNull(s.functionTag());
    }

    @Test
    void modelTokenizationDropsBos() {
        assertArrayEquals(NOTE_IDS, encoder(true).tokens("the molecule", Tokenization.MODEL));
        assertArrayEquals(NOTE_IDS, encoder(false).tokens("the molecule", Tokenization.MODEL));
    }

    @Test
    void refusesUnknownTagsWrongKindsAndMissingFields() {
        SequenceEncoder e = encoder(true);
        assertMessage(() -> e.prompt(TEMPLATE, Map.of("smiles", "C")),
                "no value for field note; the inputs hold [smiles]");
        assertMessage(() -> e.prompt(TaskTemplate.of("<BA>", TaskField.of("smiles", "<SMILES>")), INPUTS),
                "unknown tag <BA>; known tags: [<SMILES>, <QED>]");
        assertMessage(() -> e.prompt(TaskTemplate.of("<SMILES>", TaskField.text("note")), INPUTS),
                "tag <SMILES> is a DOMAIN tag, used here as a FUNCTION tag");
        assertMessage(() -> e.domainText("<QED>", "C", Tokenization.CHARACTER),
                "tag <QED> is a FUNCTION tag, used here as a DOMAIN tag");
        assertMessage(() -> e.tokens("CS", Tokenization.CHARACTER), "character 'S' (U+0053) at offset 1 of \"CS\"");
    }

    @Test
    void sliceKeepsTagsTargetsAndCutsSpans() {
        TaggedSequence s = encoder(true).withAnswer(TEMPLATE.withIsolation(true), INPUTS, "0.5");
        TaggedSequence prefix = s.prefix(s.functionStart());
        assertEquals(12, prefix.length());
        assertNull(prefix.functionTag());
        assertEquals(List.of(new TaggedSequence.Span(1, 10)), prefix.isolatedSegments());
        TaggedSequence tail = s.slice(5, 16);
        assertEquals(List.of(new TaggedSequence.Span(0, 5)), tail.isolatedSegments());
        assertEquals(QED, tail.functionTag());
        assertEquals(8, tail.readout());
        assertArrayEquals(new long[] {ToyTokenizer.id("\u25810.5"), Tiny.EOS}, tail.lossTargetIds());
        assertEquals(0, s.prefix(0).length());
    }

    private static void assertMessage(Runnable r, String expected) {
        String message = assertThrows(IllegalArgumentException.class, r::run).getMessage();
        assertTrue(message.contains(expected), message);
    }
}
