package org.tagllm.cli;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.tagllm.knime.engine.LocalModel;
import org.tagllm.knime.engine.bank.TagBank;
import org.tagllm.knime.engine.bench.BatchingBenchmark;
import org.tagllm.knime.engine.method.DataSource;
import org.tagllm.knime.engine.method.PredictOptions;
import org.tagllm.knime.engine.method.TagPredictor;

/**
 * Opt-in measurement (not a test): length-aware against pad-to-longest batching on Davis pairs and on QED, in one run.
 * Needs banks trained beforehand (see the closing note of issue 13); run with
 * {@code -Dtagllm.bench.batching=DIR} where DIR holds {@code stories260K/}, {@code stories260K-4k/},
 * {@code qed.bank/}, {@code davis.bank/}, {@code davis-N.csv} and {@code qed-N.csv}; writes {@code DIR/batching.json}.
 * {@code -Dtagllm.bench.davis.max=N} holds Davis rows to N positions (the bank allows 3000).
 */
class BatchingThroughputRun {

    @Test
    void lengthAwareAgainstPadToLongest() throws Exception {
        String dir = System.getProperty("tagllm.bench.batching");
        assumeTrue(dir != null, "opt-in: -Dtagllm.bench.batching=DIR");
        Path d = Path.of(dir);
        Path shared = Path.of(System.getProperty("tagllm.shared.data", "/work/shared/data"));
        int batch = Integer.getInteger("tagllm.bench.batch", 32);
        int window = Integer.getInteger("tagllm.bench.window", batch * PredictOptions.WINDOW_BATCHES);
        List<String> json = new ArrayList<>();
        try (var threads = LibtorchThreads.forModel(Integer.getInteger("tagllm.bench.threads", 2),
                d.resolve("stories260K"))) {
            json.add(measure(d.resolve("stories260K-4k"), d.resolve("davis.bank"), JoinOption.source(
                    d.resolve(System.getProperty("tagllm.bench.davis", "davis-2048.csv")),
                    List.of("drug_idx=" + shared.resolve("dti/davis_drugs.csv") + ":smiles",
                            "target_idx=" + shared.resolve("dti/davis_targets.csv") + ":sequence")), batch, window,
                    Integer.getInteger("tagllm.bench.davis.max", TagPredictor.BANK_LIMIT)));
            json.add(measure(d.resolve("stories260K"), d.resolve("qed.bank"),
                    DataSource.of(d.resolve(System.getProperty("tagllm.bench.qed", "qed-4096.csv"))), batch, window,
                    TagPredictor.BANK_LIMIT));
        }
        Files.writeString(d.resolve("batching.json"), "[\n  " + String.join(",\n  ", json) + "\n]\n");
    }

    private static String measure(Path model, Path bank, DataSource data, int batch, int window, int maxTokens)
            throws Exception {
        try (LocalModel lm = LocalModel.open(model);
                TagPredictor predictor = TagPredictor.open(lm, TagBank.read(bank), null)) {
            BatchingBenchmark.Comparison c = BatchingBenchmark.compare(predictor, data,
                    PredictOptions.of(maxTokens, batch).withWindow(window));
            System.out.println(c.describe());
            return c.toJson();
        }
    }
}
