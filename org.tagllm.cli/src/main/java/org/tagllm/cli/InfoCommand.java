package org.tagllm.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.tagllm.knime.engine.config.ModelConfig;
import org.tagllm.knime.engine.model.ModelDirectory;
import org.tagllm.knime.engine.safetensors.TensorInfo;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code tagllm info}: what a local model folder holds, read from its files without loading the weights. */
@Command(name = "info", mixinStandardHelpOptions = true,
        description = "Describe a local Hugging Face model folder (config.json, safetensors, tokenizer.json).")
final class InfoCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    ModelOption model;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        try (ModelDirectory dir = ModelDirectory.open(model.dir)) {
            dir.checkWeights();
            ModelConfig c = dir.config();
            long stored = 0;
            for (String name : dir.weights().names()) {
                TensorInfo t = dir.weights().info(name);
                stored += t.elementCount();
            }
            row(out, "folder", dir.dir().toString());
            row(out, "family", c.modelType());
            row(out, "layers", c.numLayers());
            row(out, "heads", c.numHeads());
            row(out, "kv heads", c.numKvHeads() + (c.groupSize() > 1 ? " (grouped-query, " + c.groupSize()
                    + " query heads each)" : ""));
            row(out, "head dim", c.headDim());
            row(out, "hidden size", c.hiddenSize());
            row(out, "intermediate size", c.intermediateSize());
            row(out, "vocabulary", c.vocabSize());
            row(out, "max positions", c.maxPositions());
            row(out, "parameters", String.format("%,d", stored));
            row(out, "dtype on disk", dir.dtypeOnDisk());
            row(out, "tied embeddings", c.tieWordEmbeddings());
            row(out, "rope", "theta " + c.ropeTheta() + ", scaling " + c.ropeScaling());
            row(out, "sliding window", c.slidingWindow() > 0 ? c.slidingWindow() : "off");
            row(out, "q/k/v bias", c.qkvBias());
            row(out, "tokenizer", dir.tokenizerJson().map(Path::toString).orElse("none (no tokenizer.json)"));
        }
        return ExitCodes.OK;
    }

    private static void row(PrintWriter out, String key, Object value) {
        out.printf("%-18s %s%n", key, value);
    }
}
