package org.tagllm.knime.engine.tags;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tagllm.knime.engine.LocalModel;
import org.tagllm.knime.engine.SharedData;
import org.tagllm.knime.engine.llama2c.Llama2cImporter;
import org.tagllm.knime.engine.runtime.DjlRuntime;
import org.tagllm.knime.engine.tokenizer.CharacterTokenizer;

/**
 * Character tokenisation of real SMILES and a protein with the real stories260K tokenizer (512 pieces: most ASCII
 * characters are single pieces, '=', '#' and '@' are not and fall back to their byte pieces): one token per
 * character, and decoding gives the string back. Skipped when the shared data folder is absent.
 */
class StoriesCharacterTokenizationTest {

    private static final String[] STRINGS = {
        "CC(=O)OC1=CC=CC=C1C(=O)O", // aspirin
        "N#Cc1ccc(cc1)[C@@H](O)C(=O)O", // 4-cyanomandelic acid: triple bond, stereo centre
        "C/C=C/C(=O)[O-].[Na+]", // sodium crotonate: double-bond geometry, charges, dot
        "MKTAYIAKQRQISFVKSHFSRQLEERLGLIEVQ", // protein
    };

    @TempDir
    static Path tmp;

    private static Path model;

    /** The imported model folder (imported once); skips the calling test when the shared data is absent. */
    private static synchronized Path model() throws Exception {
        Path data = SharedData.root();
        Path bin = data.resolve("models/stories260K/stories260K.bin");
        Path tok = data.resolve("models/stories260K/tok512.bin");
        assumeTrue(Files.isRegularFile(bin) && Files.isRegularFile(tok), "shared data " + bin + " and " + tok
                + " are absent; set -Dtagllm.shared.data to the shared data folder to run this test");
        if (model == null) {
            Path out = tmp.resolve("stories260K");
            Llama2cImporter.importModel(bin, tok, out);
            model = out;
        }
        return model;
    }

    @Test
    void everyCharacterIsOneTokenAndDecodingRoundTrips() throws Exception {
        try (LocalModel m = LocalModel.open(model())) {
            CharacterTokenizer characters = CharacterTokenizer.of(m.tokenizer());
            for (String s : STRINGS) {
                long[] ids = characters.encode(s);
                assertEquals(s.length(), ids.length, s + ": one token per character");
                assertEquals(s, m.tokenizer().decode(ids), "round trip of " + s);
                for (int i = 0; i < s.length(); i++) {
                    OptionalLong piece = m.tokenizer().pieceId(String.valueOf(s.charAt(i)));
                    long bytePiece = m.tokenizer().pieceId(String.format("<0x%02X>", (int) s.charAt(i)))
                            .orElseThrow();
                    assertEquals(piece.orElse(bytePiece), ids[i], s + ", character " + i);
                }
            }
            // '=' has no piece of its own in this vocabulary: its byte piece stands in.
            assertEquals(m.tokenizer().pieceId("<0x3D>").orElseThrow(), characters.encode("=")[0]);
            // The model's own tokenizer reads the same string quite differently (dummy prefix, merges).
            long[] model = new SequenceEncoder(m.tokenizer(), List.of()).tokens(STRINGS[0], Tokenization.MODEL);
            assertNotEquals(STRINGS[0].length(), model.length);
        }
    }

    /** Stage 1 on the real model: a <SMILES> tag initialised from its embeddings, LM loss over SMILES characters. */
    @Test
    void domainTagTrainingRunsOnTheRealModel() throws Exception {
        try (LocalModel m = LocalModel.open(model()); TagTable table = TagTable.create(m.decoder())) {
            TagSpec smiles = TagSpec.domain("<SMILES>");
            table.add(smiles, true);
            SequenceEncoder encoder = new SequenceEncoder(m.tokenizer(), table.specs());
            TagBatch batch = TagBatch.of(List.of(encoder.domainText("<SMILES>", STRINGS[0], Tokenization.CHARACTER),
                    encoder.domainText("<SMILES>", STRINGS[1], Tokenization.CHARACTER)), TagBatch.Padding.RIGHT);
            assertEquals(STRINGS[0].length() + STRINGS[1].length(), batch.lmTargetCount());
            TagModel tagModel = new TagModel(m.decoder(), table);
            float[][] g = Params.gradients(call -> tagModel.languageModelLoss(batch, call),
                    table.trainableParameters(), false);
            double loss = Params.value(call -> tagModel.languageModelLoss(batch, call));
            assertTrue(Double.isFinite(loss) && loss > 0, "loss " + loss);
            double norm = 0;
            for (float v : g[0]) {
                norm += v * v;
            }
            assertTrue(norm > 0 && Double.isFinite(norm), "gradient norm² " + norm);
            try (NDManager call = DjlRuntime.newManager()) {
                NDArray x = tagModel.inputEmbeddings(batch, call);
                assertArrayEquals(table.vectors("<SMILES>").toFloatArray(),
                        java.util.Arrays.copyOf(x.toFloatArray(), 10 * m.config().hiddenSize()));
            }
        }
    }
}
