package org.tagllm.knime.engine.llama2c;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import org.tagllm.knime.engine.ModelFormatException;
import org.tagllm.knime.engine.io.StagedDirectory;
import org.tagllm.knime.engine.config.ModelConfig;
import org.tagllm.knime.engine.config.ModelConfigJson;

/**
 * Converts a llama2.c checkpoint and its tokenizer into a Hugging Face LLaMA model folder ({@code config.json},
 * {@code model.safetensors}, {@code tokenizer.json}) that the engine loads like any other.
 */
public final class Llama2cImporter {

    public static final String CONFIG_FILE = "config.json";
    public static final String WEIGHTS_FILE = "model.safetensors";
    public static final String TOKENIZER_FILE = "tokenizer.json";

    private static final Set<String> OUTPUT_FILES = Set.of(CONFIG_FILE, WEIGHTS_FILE, TOKENIZER_FILE);

    // llama2.c's run.c hard-codes these; the checkpoint does not store them.
    static final double RMS_NORM_EPS = 1e-5;
    static final double ROPE_THETA = 10000.0;

    private Llama2cImporter() {}

    /**
     * Writes the model folder {@code outDir}. It is written beside its final place and renamed into it, so a failed
     * import leaves nothing behind. {@code outDir} must be absent, empty, or an earlier import by this class (then it
     * is replaced); any other content is refused rather than overwritten.
     *
     * @param checkpoint   llama2.c legacy checkpoint ({@code stories15M.bin}, ...)
     * @param tokenizerBin its llama2.c tokenizer ({@code tokenizer.bin}, {@code tok512.bin}, ...)
     * @param outDir       the model folder to create
     * @throws ModelFormatException when an input is not what it should be, the two do not belong together, or
     *                              {@code outDir} holds something else
     */
    public static void importModel(Path checkpoint, Path tokenizerBin, Path outDir)
            throws IOException, ModelFormatException {
        checkOutputFolder(outDir);
        try (Llama2cCheckpoint model = Llama2cCheckpoint.open(checkpoint)) {
            Llama2cHeader h = model.header();
            Llama2cTokenizerFile tokenizer = Llama2cTokenizerFile.read(tokenizerBin);
            if (tokenizer.size() != h.vocabSize()) {
                throw new ModelFormatException(tokenizerBin + ": " + tokenizer.size() + " pieces, but " + checkpoint
                        + " has vocab_size " + h.vocabSize() + "; pass the tokenizer the model was trained with");
            }
            TokenizerJsonWriter tokenizerJson = new TokenizerJsonWriter(tokenizer, tokenizerBin);
            try (StagedDirectory stage = StagedDirectory.beside(outDir)) {
                ModelConfigJson.write(config(h), stage.dir().resolve(CONFIG_FILE));
                HfLlamaWeights.of(model).write(stage.dir().resolve(WEIGHTS_FILE));
                tokenizerJson.write(stage.dir().resolve(TOKENIZER_FILE));
                stage.commit();
            }
        }
    }

    /** The HF configuration equivalent to a llama2.c header; BOS 1 and EOS 2 as in every llama2.c tokenizer. */
    static ModelConfig config(Llama2cHeader h) {
        return ModelConfig.builder().setModelType("llama").setHiddenSize(h.dim()).setIntermediateSize(h.hiddenDim())
                .setNumLayers(h.numLayers()).setNumHeads(h.numHeads()).optNumKvHeads(h.numKvHeads())
                .optHeadDim(h.headSize()).setVocabSize(h.vocabSize()).optMaxPositions(h.seqLen())
                .optRmsNormEps(RMS_NORM_EPS).optRopeTheta(ROPE_THETA).optTieWordEmbeddings(h.sharedClassifier())
                .optBosTokenId(TokenizerJsonWriter.BOS_ID).optEosTokenIds(List.of(TokenizerJsonWriter.EOS_ID)).build();
    }

    private static void checkOutputFolder(Path outDir) throws IOException, ModelFormatException {
        if (!Files.exists(outDir)) {
            return;
        }
        if (!Files.isDirectory(outDir)) {
            throw new ModelFormatException(outDir + ": exists and is not a folder; choose a new folder for the model");
        }
        if (StagedDirectory.isEmpty(outDir) || PreviousImport.is(outDir, OUTPUT_FILES)) {
            return;
        }
        throw new ModelFormatException(outDir + ": folder is not empty and is not an earlier llama2.c import (which"
                + " holds only " + String.join(", ", OUTPUT_FILES.stream().sorted().toList()) + ", the weights marked"
                + " '" + HfLlamaWeights.SOURCE_KEY + ": " + HfLlamaWeights.SOURCE_VALUE + "'); refusing to"
                + " overwrite it, choose an empty or new folder");
    }
}
