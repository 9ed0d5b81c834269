package org.tagllm.knime.engine.tags;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.tagllm.knime.engine.runtime.DjlRuntime;

/** The splice puts exactly the tag vectors at tag positions and exactly the token embeddings elsewhere. */
class SpliceTest {

    @ParameterizedTest
    @EnumSource(TagBatch.Padding.class)
    void tagPositionsHoldTagVectorsAndTokenPositionsTokenEmbeddings(TagBatch.Padding padding) {
        try (Tiny t = new Tiny(21); NDManager call = DjlRuntime.newManager()) {
            TagSpec p = t.randomTag("<P>", TagKind.DOMAIN, 3, true, 1);
            TagSpec s = t.randomTag("<S>", TagKind.DOMAIN, 2, false, 2);
            TagSpec f = t.randomTag("<F>", TagKind.FUNCTION, 2, true, 3);
            List<TaggedSequence> sequences = List.of(
                    Tiny.task(f, false, p, t.tokens(4, 1)),
                    Tiny.task(f, true, s, t.tokens(2, 2), p, t.tokens(7, 3)),
                    Tiny.task(f, false, p, t.tokens(1, 4), p, t.tokens(2, 5)));
            TagBatch batch = TagBatch.of(sequences, padding);
            int table = t.table.vectors("<P>").getManager().getManagedArrays().size();

            NDArray x = new TagModel(t.decoder, t.table).inputEmbeddings(batch, call);
            assertEquals(new Shape(3, batch.steps(), 32), x.getShape());
            assertSame(call, x.getManager());
            assertEquals(table, t.table.vectors("<P>").getManager().getManagedArrays().size(),
                    "the splice left nothing in the table's manager");

            float[] spliced = x.toFloatArray();
            float[] embeddings = t.decoder.weights().embedTokens().toFloatArray();
            int d = 32;
            int checkedTags = 0;
            for (int b = 0; b < 3; b++) {
                TaggedSequence seq = batch.sequence(b);
                for (int c = 0; c < batch.steps(); c++) {
                    int pos = c - batch.offset(b);
                    boolean real = pos >= 0 && pos < seq.length();
                    float[] expected;
                    String what;
                    if (real && seq.tagAt(pos) != null) {
                        float[] vectors = t.table.vectors(seq.tagAt(pos)).toFloatArray();
                        expected = java.util.Arrays.copyOfRange(vectors, seq.tagRow(pos) * d,
                                (seq.tagRow(pos) + 1) * d);
                        what = seq.tagAt(pos) + " row " + seq.tagRow(pos);
                        checkedTags++;
                    } else {
                        long id = real ? seq.tokenId(pos) : TaggedSequence.PLACEHOLDER_ID;
                        expected = java.util.Arrays.copyOfRange(embeddings, (int) id * d, (int) (id + 1) * d);
                        what = "token " + id;
                    }
                    for (int i = 0; i < d; i++) {
                        float got = spliced[(b * batch.steps() + c) * d + i];
                        if (got != expected[i]) {
                            throw new AssertionError("example " + b + ", column " + c + " (" + what + "), feature "
                                    + i + ": " + got + " instead of " + expected[i]);
                        }
                    }
                }
            }
            assertEquals(3 * 2 + 3 + 2 + 3 + 2 * 3, checkedTags);
            assertTrue(spliced.length > 0);
        }
    }
}
