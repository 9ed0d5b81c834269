package org.tagllm.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import org.tagllm.knime.engine.LocalModel;
import org.tagllm.knime.engine.memory.Workload;
import org.tagllm.knime.engine.io.AtomicFiles;
import org.tagllm.knime.engine.evaluate.ZeroShotExperiment;
import org.tagllm.knime.engine.evaluate.ZeroShotExperiment.Arm;
import org.tagllm.knime.engine.evaluate.ZeroShotExperiment.SeedResult;
import org.tagllm.knime.engine.evaluate.ZeroShotExperiment.Settings;
import org.tagllm.knime.engine.evaluate.ZeroShotExperiment.Summary;
import org.tagllm.knime.engine.train.ProgressListener;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code tagllm zero-shot}: does a function tag work behind a domain tag it never met? */
@Command(name = "zero-shot", mixinStandardHelpOptions = true,
        description = {"Zero-shot composition experiment: <QED> is trained behind <SMILES> on canonical SMILES, then "
                + "applied to the same test molecules written as randomised SMILES behind <RandSMILES>, a domain tag "
                + "trained alone on that notation. Controls: an untrained <RandSMILES>, <SMILES> facing randomised "
                + "SMILES, <SMILES> on canonical SMILES (reference), the training mean.",
            "Prints MSE, Pearson and Spearman per arm (mean ± std over --seeds), writes OUT/zero-shot.json and the "
                    + "markdown table OUT/zero-shot.md; each seed's data, banks and predictions stay in OUT/seed-N."})
final class ZeroShotCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    ModelOption model;

    @Option(names = "--data-dir", paramLabel = "DIR",
            description = "Folder with corpus/smiles.txt and molecules/qed.csv (default: the shared data, if present).")
    Path dataDir;

    @Option(names = "--out", required = true, paramLabel = "DIR", description = "Folder for results and seed folders.")
    Path out;

    @Option(names = "--seeds", split = ",", defaultValue = "0", paramLabel = "SEED",
            description = "One full run per seed (default: ${DEFAULT-VALUE}).")
    List<Long> seeds;

    @Option(names = "--vectors", paramLabel = "N", defaultValue = "" + Settings.DEFAULT_VECTORS, description = "Vectors per tag, p (default: ${DEFAULT-VALUE}).")
    int vectors;

    @Option(names = "--stage1-examples", paramLabel = "N", defaultValue = "" + Settings.DEFAULT_STAGE1_EXAMPLES,
            description = "Corpus molecules each domain tag trains on (default: ${DEFAULT-VALUE}).")
    int stage1Examples;

    @Option(names = "--stage1-held-out", paramLabel = "N", defaultValue = "" + Settings.DEFAULT_STAGE1_HELD_OUT,
            description = "Further corpus molecules held out for the next-token loss (default: ${DEFAULT-VALUE}).")
    int stage1HeldOut;

    @Option(names = "--stage1-steps", paramLabel = "N", defaultValue = "" + Settings.DEFAULT_STAGE1_STEPS, description = "Steps of each stage-1 run (default: ${DEFAULT-VALUE}).")
    long stage1Steps;

    @Option(names = "--stage1-lr", paramLabel = "LR", defaultValue = "" + Settings.DEFAULT_STAGE1_LEARNING_RATE, description = "Stage-1 peak learning rate (default: ${DEFAULT-VALUE}).")
    double stage1Lr;

    @Option(names = "--stage1-max-tokens", paramLabel = "N", defaultValue = "" + Settings.DEFAULT_STAGE1_MAX_TOKENS,
            description = "Tokens per corpus molecule at most (default: ${DEFAULT-VALUE}).")
    int stage1MaxTokens;

    @Option(names = "--train-rows", paramLabel = "N", defaultValue = "" + Settings.DEFAULT_TRAIN_ROWS, description = "Stage-2 training rows (default: ${DEFAULT-VALUE}).")
    int trainRows;

    @Option(names = "--valid-rows", paramLabel = "N", defaultValue = "" + Settings.DEFAULT_VALID_ROWS,
            description = "Validation rows, scored every epoch; the best epoch is kept (default: ${DEFAULT-VALUE}).")
    int validRows;

    @Option(names = "--test-rows", paramLabel = "N", defaultValue = "" + Settings.DEFAULT_TEST_ROWS, description = "Test rows at most (default: ${DEFAULT-VALUE}).")
    int testRows;

    @Option(names = "--epochs", paramLabel = "N", defaultValue = "" + Settings.DEFAULT_EPOCHS, description = "Stage-2 epochs (default: ${DEFAULT-VALUE}).")
    int epochs;

    @Option(names = "--lr", paramLabel = "LR", defaultValue = "" + Settings.DEFAULT_LEARNING_RATE, description = "Stage-2 peak learning rate (default: ${DEFAULT-VALUE}).")
    double lr;

    @Option(names = "--max-tokens", paramLabel = "N", defaultValue = "" + Settings.DEFAULT_MAX_TOKENS,
            description = "Positions per labelled example at most, stage 2 and prediction (default: ${DEFAULT-VALUE}).")
    int maxTokens;

    @Option(names = "--batch", paramLabel = "N", defaultValue = "" + Settings.DEFAULT_BATCH_SIZE, description = "Examples per optimizer step (default: ${DEFAULT-VALUE}).")
    int batch;

    @Override
    public Integer call() throws Exception {
        Path data = dataDir != null ? dataDir : Defaults.sharedData().orElseThrow(() -> new IllegalArgumentException(
                "no --data-dir given and no shared data folder found; pass --data-dir ../shared/data"));
        ZeroShotExperiment.Data files = ZeroShotExperiment.Data.shared(data);
        for (Path p : List.of(files.corpus(), files.labelled())) {
            if (!Files.isRegularFile(p)) {
                throw new IllegalArgumentException("--data-dir " + data + ": no file " + p);
            }
        }
        var settings = Settings.builder().setSeeds(seeds).optVectors(vectors).optStage1Examples(stage1Examples)
                .optStage1HeldOut(stage1HeldOut).optStage1Steps(stage1Steps).optStage1LearningRate(stage1Lr)
                .optStage1MaxTokens(stage1MaxTokens).optTrainRows(trainRows).optValidRows(validRows)
                .optTestRows(testRows).optEpochs(epochs).optLearningRate(lr).optMaxTokens(maxTokens).optBatchSize(batch)
                .build();
        PrintWriter err = spec.commandLine().getErr();
        ZeroShotExperiment.Result result;
        try (var threads = model.threads(); LocalModel lm = model.open(Workload.training(batch, maxTokens), err); Steps steps = new Steps(err)) {
            result = ZeroShotExperiment.run(lm, files, settings, out, steps, () -> false);
        }
        PrintWriter stdout = spec.commandLine().getOut();
        stdout.print(table(result));
        Path json = out.resolve("zero-shot.json");
        Path md = out.resolve("zero-shot.md");
        AtomicFiles.writeString(json, toJson(result, data));
        AtomicFiles.writeString(md, markdown(result));
        stdout.printf("wrote %s and %s (%.1f min)%n", json, md, result.wallTime().toMillis() / 60000.0);
        stdout.flush();
        return ExitCodes.OK;
    }

    /** Each step's name on standard error, its training as a progress bar (closed when the next step begins). */
    private static final class Steps implements ZeroShotExperiment.Listener, AutoCloseable {

        private final PrintWriter err;
        private TrainingProgressBar bar;

        Steps(PrintWriter err) {
            this.err = err;
        }

        @Override
        public ProgressListener step(String description) {
            close();
            err.println("zero-shot: " + description);
            err.flush();
            bar = new TrainingProgressBar(description, err);
            return bar;
        }

        @Override
        public void close() {
            if (bar != null) {
                bar.close();
                bar = null;
            }
        }
    }

    private static String cell(Summary s, int decimals) {
        if (!Double.isFinite(s.mean())) {
            return "—";
        }
        String mean = String.format(Locale.ROOT, "%." + decimals + "f", s.mean());
        return s.n() > 1 ? mean + " ± " + String.format(Locale.ROOT, "%." + decimals + "f", s.std()) : mean;
    }

    private static String seedList(ZeroShotExperiment.Result r) {
        List<Long> seeds = r.settings().seeds();
        return (seeds.size() == 1 ? "seed " : "seeds ") + seeds.stream().map(String::valueOf)
                .reduce((a, b) -> a + ", " + b).orElse("") + (seeds.size() > 1 ? " (mean ± std)" : " (one seed)");
    }

    static String table(ZeroShotExperiment.Result r) {
        StringBuilder b = new StringBuilder();
        SeedResult first = r.seeds().get(0);
        b.append(String.format(Locale.ROOT, "zero-shot composition: %s on %d test molecules, %s%n",
                ZeroShotExperiment.FUNCTION_TAG, first.testRows(), seedList(r)));
        b.append(String.format(Locale.ROOT, "%-16s %-34s %-11s %-18s %-16s %-16s%n", "arm", "tags", "test SMILES",
                "MSE", "Pearson", "Spearman"));
        for (Arm arm : Arm.values()) {
            Map<String, Summary> m = r.summary().get(arm);
            b.append(String.format(Locale.ROOT, "%-16s %-34s %-11s %-18s %-16s %-16s%n", arm.label(), arm.tags(),
                    arm.notation(), cell(m.get("mse"), 5), cell(m.get("pearson"), 3), cell(m.get("spearman"), 3)));
        }
        for (SeedResult s : r.seeds()) {
            b.append(String.format(Locale.ROOT, "seed %d: MSE(arm) − MSE(composed), 95%% paired bootstrap:", s.seed()));
            s.gaps().forEach((arm, g) -> b.append(String.format(Locale.ROOT, " %s %+.5f [%+.5f, %+.5f];",
                    arm.label(), g.estimate(), g.low(), g.high())));
            b.append(System.lineSeparator());
            b.append(String.format(Locale.ROOT, "seed %d: stage-1 held-out loss (untagged / tag at init / trained):",
                    s.seed()));
            s.domainLosses().forEach(l -> b.append(String.format(Locale.ROOT, " %s %.3f / %.3f / %.3f;", l.tag(),
                    l.untagged(), l.initial(), l.trained())));
            b.append(String.format(Locale.ROOT, " their updates from the initialisation: cosine %.3f, distance %.3f of"
                    + " the <SMILES> update%n", s.drift().updateCosine(), s.drift().relativeDistance()));
            b.append(String.format(Locale.ROOT, "seed %d: stage-2 validation MSE %.5f; test SMILES %.1f → %.1f "
                    + "characters; %.1f min%n", s.seed(), s.validMse(), s.meanCanonicalLength(),
                    s.meanRandomizedLength(), s.wallTime().toMillis() / 60000.0));
        }
        return b.toString();
    }

    static String markdown(ZeroShotExperiment.Result r) {
        Settings s = r.settings();
        SeedResult first = r.seeds().get(0);
        StringBuilder b = new StringBuilder("## Zero-shot composition: a function tag with a domain tag it never met\n\n");
        b.append(String.format(Locale.ROOT, "`%s` learned behind `%s` on canonical SMILES, applied to %d test molecules; %s."
                + " Stage 1: %d molecules, %d steps, lr %s, ≤ %d tokens per tag; stage 2: %d rows, %d epoch(s), lr %s."
                + " Wall time %.1f min.%n%n", ZeroShotExperiment.FUNCTION_TAG, ZeroShotExperiment.CANONICAL_TAG,
                first.testRows(), seedList(r), s.stage1Examples(), s.stage1Steps(), s.stage1LearningRate(),
                s.stage1MaxTokens(), s.trainRows(), s.epochs(), s.learningRate(), r.wallTime().toMillis() / 60000.0));
        b.append("| arm | tags | test SMILES | MSE | Pearson | Spearman |\n| --- | --- | --- | ---: | ---: | ---: |\n");
        for (Arm arm : Arm.values()) {
            Map<String, Summary> m = r.summary().get(arm);
            b.append(String.format(Locale.ROOT, "| %s | %s | %s | %s | %s | %s |%n", arm.label(),
                    arm.tags().replace("<", "`<").replace(">", ">`"), arm.notation(), cell(m.get("mse"), 5),
                    cell(m.get("pearson"), 3), cell(m.get("spearman"), 3)));
        }
        b.append(System.lineSeparator());
        for (SeedResult seed : r.seeds()) {
            b.append(String.format(Locale.ROOT, "Seed %d, MSE(arm) − MSE(composed) with a 95%% paired bootstrap "
                    + "interval (positive: the composition is better):", seed.seed()));
            seed.gaps().forEach((arm, g) -> b.append(String.format(Locale.ROOT, " %s %+.5f [%+.5f, %+.5f];",
                    arm.label(), g.estimate(), g.low(), g.high())));
            b.append(String.format(Locale.ROOT, " stage-1 held-out next-token loss (untagged → trained):"));
            seed.domainLosses().forEach(l -> b.append(String.format(Locale.ROOT, " `%s` %.3f → %.3f;", l.tag(),
                    l.untagged(), l.trained())));
            b.append(String.format(Locale.ROOT, " the two domain tags' updates from their common initialisation: "
                    + "cosine %.3f, %.2f × the `<SMILES>` update apart.", seed.drift().updateCosine(),
                    seed.drift().relativeDistance()));
            b.append(System.lineSeparator()).append(System.lineSeparator());
        }
        return b.toString();
    }

    private static void number(ObjectNode node, String key, double value) {
        if (Double.isFinite(value)) {
            node.put(key, value);
        } else {
            node.putNull(key); // JSON has no NaN: an undefined figure (a constant's correlation) is null
        }
    }

    private String toJson(ZeroShotExperiment.Result r, Path data) {
        ObjectNode root = new ObjectMapper().createObjectNode();
        root.put("experiment", "zero-shot composition").put("model", model.dir.toAbsolutePath().toString())
                .put("data_dir", data.toAbsolutePath().toString())
                .put("wall_seconds", r.wallTime().toMillis() / 1000.0);
        Settings s = r.settings();
        ObjectNode settings = root.putObject("settings");
        ArrayNode seedList = settings.putArray("seeds");
        s.seeds().forEach(seedList::add);
        settings.put("vectors", s.vectors()).put("stage1_examples", s.stage1Examples())
                .put("stage1_held_out", s.stage1HeldOut()).put("stage1_steps", s.stage1Steps())
                .put("stage1_learning_rate", s.stage1LearningRate()).put("stage1_max_tokens", s.stage1MaxTokens())
                .put("train_rows", s.trainRows()).put("valid_rows", s.validRows()).put("test_rows", s.testRows())
                .put("epochs", s.epochs()).put("learning_rate", s.learningRate()).put("max_tokens", s.maxTokens())
                .put("batch", s.batchSize());
        ObjectNode arms = root.putObject("arms");
        for (Arm arm : Arm.values()) {
            ObjectNode a = arms.putObject(arm.key());
            a.put("label", arm.label()).put("tags", arm.tags()).put("test_notation", arm.notation());
            r.summary().get(arm).forEach((metric, sum) -> {
                ObjectNode m = a.putObject(metric);
                number(m, "mean", sum.mean());
                number(m, "std", sum.std());
                m.put("n", sum.n());
            });
        }
        ArrayNode seeds = root.putArray("seeds");
        for (SeedResult seed : r.seeds()) {
            ObjectNode o = seeds.addObject();
            o.put("seed", seed.seed()).put("dir", seed.dir().toString())
                    .put("wall_seconds", seed.wallTime().toMillis() / 1000.0)
                    .put("corpus_molecules", seed.corpusMolecules()).put("train_rows", seed.trainRows())
                    .put("valid_rows", seed.validRows()).put("test_rows", seed.testRows());
            number(o, "stage2_valid_mse", seed.validMse());
            ObjectNode drift = o.putObject("domain_tag_drift");
            number(drift, "update_cosine", seed.drift().updateCosine());
            number(drift, "relative_distance", seed.drift().relativeDistance());
            number(o, "mean_length_canonical", seed.meanCanonicalLength());
            number(o, "mean_length_randomized", seed.meanRandomizedLength());
            ObjectNode metrics = o.putObject("metrics");
            seed.metrics().forEach((arm, m) -> {
                ObjectNode a = metrics.putObject(arm.key());
                m.forEach((k, v) -> number(a, k, v));
                a.put("truncated_rows", seed.truncated().get(arm));
            });
            ObjectNode gaps = o.putObject("mse_gap_to_composed");
            seed.gaps().forEach((arm, g) -> {
                ObjectNode a = gaps.putObject(arm.key());
                number(a, "estimate", g.estimate());
                number(a, "low95", g.low());
                number(a, "high95", g.high());
            });
            ArrayNode losses = o.putArray("stage1_heldout_loss");
            seed.domainLosses().forEach(l -> {
                ObjectNode a = losses.addObject().put("tag", l.tag());
                number(a, "untagged", l.untagged());
                number(a, "tag_at_init", l.initial());
                number(a, "trained", l.trained());
            });
        }
        return root.toPrettyString();
    }
}
