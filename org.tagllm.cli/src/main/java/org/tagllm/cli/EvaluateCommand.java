package org.tagllm.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import org.tagllm.knime.engine.LocalModel;
import org.tagllm.knime.engine.memory.Workload;
import org.tagllm.knime.engine.bank.TagBank;
import org.tagllm.knime.engine.bank.TagBanks;
import org.tagllm.knime.engine.evaluate.Benchmark;
import org.tagllm.knime.engine.evaluate.Comparison;
import org.tagllm.knime.engine.evaluate.ComparisonJson;
import org.tagllm.knime.engine.evaluate.ComparisonResults;
import org.tagllm.knime.engine.evaluate.ComparisonResultsJson;
import org.tagllm.knime.engine.evaluate.ComparisonSettings;
import org.tagllm.knime.engine.method.Calibrating;
import org.tagllm.knime.engine.method.UncertaintyTraining;
import org.tagllm.knime.engine.evaluate.FinishedRuns;
import org.tagllm.knime.engine.evaluate.Method;
import org.tagllm.knime.engine.evaluate.PaperBenchmarks;
import org.tagllm.knime.engine.evaluate.RunRecord;
import org.tagllm.knime.engine.evaluate.StageOneBanks;
import org.tagllm.knime.engine.io.OutputLock;
import org.tagllm.knime.engine.io.OutputPreflight;
import org.tagllm.knime.engine.method.LabelledTask;
import org.tagllm.knime.engine.split.SplitSpec;
import org.tagllm.knime.engine.tags.PromptInit;
import org.tagllm.knime.engine.train.ProgressListener;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code tagllm evaluate}: methods, baselines and ablations compared on tasks by one protocol. */
@Command(name = "evaluate", mixinStandardHelpOptions = true,
        description = {"Compare Tag-LLM with its baselines and ablations on the same frozen model, rows and split: "
                + "every LLM method searches the same learning rates on the validation split (first seed) and keeps "
                + "its best validation epoch, then repeats its chosen rate for every further seed.",
            "Tasks: the paper suite on the shared data (--data-dir, --tasks), or your own (--data with the options "
                    + "of 'train'). Writes OUT/results.json (every run: metrics, seed, learning rate, trainable "
                    + "parameters, timings, curves; mean ± sd per method) and, with --report, a markdown report "
                    + "with plots beside it.",
            "Methods: mean, fingerprint, linear-probe, prompt-tuning, tag-llm, no-domain-tags, no-function-tag, "
                    + "no-head."})
final class EvaluateCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    ModelOption model;

    @Option(names = "--data-dir", paramLabel = "DIR",
            description = "The shared data folder (its README describes the files) for the paper suite.")
    Path dataDir;

    @Option(names = "--tasks", split = ",", paramLabel = "ID",
            description = "Suite tasks (default: all): qed, esol, lipo, bbbp, lipo_high, davis, oneil, gb1.")
    List<String> tasks = new ArrayList<>();

    @Option(names = "--data", paramLabel = "FILE", description = "Your own labelled table instead of the suite.")
    Path data;

    @Option(names = "--bank", paramLabel = "DIR", description = "Your task: banks holding its domain tags.")
    List<Path> banks = new ArrayList<>();

    @Option(names = "--function-tag", paramLabel = "TAG", description = "Your task: the function tag, e.g. <QED>.")
    String functionTag;

    @Option(names = "--task", paramLabel = "TASK", defaultValue = "regression", converter = EnumOptions.TaskType.class,
            description = "Your task: regression or classification.")
    LabelledTask.Type task;

    @Option(names = "--input", paramLabel = "COL[:KIND[:TOKENS]]=TAG", description = "Your task: inputs, as in train; KIND is ${bundle:kinds}.")
    List<String> inputs = new ArrayList<>();

    @Option(names = "--target", paramLabel = "COL", description = "Your task: numeric target column.")
    List<String> targets = new ArrayList<>();

    @Option(names = "--label", paramLabel = "COL", description = "Your task: class label column.")
    String label;

    @Option(names = "--split-column", paramLabel = "COL", description = "Your task: a column naming each row's part.")
    String splitColumn;

    @Option(names = "--join", paramLabel = "ID=FILE:COL[,COL]", description = "Your task: joins, as in train.")
    List<String> joins = new ArrayList<>();

    @Mixin
    SplitOptions split;

    @Mixin
    ImbalanceOptions imbalance;

    @Option(names = "--methods", split = ",", paramLabel = "ID",
            defaultValue = "mean,fingerprint,linear-probe,prompt-tuning,tag-llm",
            description = "Methods to compare (default: ${DEFAULT-VALUE}).")
    List<String> methods;

    @Option(names = "--seeds", paramLabel = "SEED", split = ",", defaultValue = "0", description = "Training seeds (default: ${DEFAULT-VALUE}).")
    List<Long> seeds;

    @Option(names = "--lrs", paramLabel = "LR", split = ",", defaultValue = "3e-3,1e-2",
            description = "Learning-rate grid every LLM method searches (default: ${DEFAULT-VALUE}).")
    List<Double> learningRates;

    @Option(names = "--epochs", paramLabel = "N", defaultValue = "" + ComparisonSettings.DEFAULT_EPOCHS, description = "Epochs at most; the best validation epoch is kept (default: ${DEFAULT-VALUE}).")
    int epochs;

    @Option(names = "--batch", paramLabel = "N", defaultValue = "" + ComparisonSettings.DEFAULT_BATCH_SIZE, description = "Examples per optimizer step (default: ${DEFAULT-VALUE}).")
    int batch;

    @Option(names = "--vectors", paramLabel = "N", defaultValue = "" + ComparisonSettings.DEFAULT_VECTORS, description = "Vectors per tag, p (default: ${DEFAULT-VALUE}).")
    int vectors;

    @Option(names = "--max-tokens", paramLabel = "N", defaultValue = "" + ComparisonSettings.DEFAULT_MAX_TOKENS, description = "Positions per example at most (default: ${DEFAULT-VALUE}).")
    int maxTokens;

    @Option(names = "--max-train", paramLabel = "N", defaultValue = "" + ComparisonSettings.DEFAULT_MAX_TRAIN, description = "Training rows at most, sampled by the data seed (0 = all; default: ${DEFAULT-VALUE}).")
    int maxTrain;

    @Option(names = "--max-eval", paramLabel = "N", defaultValue = "" + ComparisonSettings.DEFAULT_MAX_EVAL, description = "Validation and test rows at most, each (0 = all; default: ${DEFAULT-VALUE}).")
    int maxEval;

    @Option(names = "--calibrate", description = "Tag-LLM: calibrate conformal intervals (regression) or prediction "
            + "sets (classification) and the applicability domain on the validation rows, and measure them on the test "
            + "rows (coverage, width, error by domain decile, AUROC of the flag for large errors: the uq.* metrics).")
    boolean calibrate;

    @Option(names = "--ensemble", paramLabel = "K", defaultValue = "1",
            description = "Tag-LLM: K function tags and heads by seeds SEED, SEED+1 …; the mean is scored (default: ${DEFAULT-VALUE}).")
    int ensemble;

    @Option(names = "--coverage", paramLabel = "SHARE", defaultValue = "0.9",
            description = "Coverage of the intervals or sets with --calibrate (default: ${DEFAULT-VALUE}).")
    double coverage;

    @Mixin
    ConformalOptions conformal = new ConformalOptions();

    @Option(names = "--data-seed", paramLabel = "SEED", defaultValue = "0", description = "Seed of random splits and row caps (default: ${DEFAULT-VALUE}).")
    long dataSeed;

    @Option(names = "--max-tokens-per-field", split = ",", paramLabel = "COL=N",
            description = "Tokens per input value at most, by input column (e.g. smiles=96,sequence=256); a longer "
                    + "value is cut to its cap before --max-tokens applies to the whole example.")
    Map<String, Integer> maxTokensPerField = new LinkedHashMap<>();

    @Option(names = "--prompt-init", defaultValue = "vocab", paramLabel = "vocab|random|mean",
            description = "How prompt tuning's soft prompt starts: sampled vocabulary embeddings (Lester et al. 2021), "
                    + "random rows at the embedding norm, or every row the mean embedding (the figures before this "
                    + "option) (default: ${DEFAULT-VALUE}).")
    String promptInit;

    @Option(names = "--stage1-examples", paramLabel = "N", defaultValue = "2000", description = "Suite: stage-1 examples per domain tag (default: ${DEFAULT-VALUE}).")
    int stage1Examples;

    @Option(names = "--stage1-steps", paramLabel = "N", defaultValue = "125", description = "Suite: stage-1 optimizer steps per domain tag (default: ${DEFAULT-VALUE}).")
    int stage1Steps;

    @Option(names = "--stage1-lr", paramLabel = "LR", defaultValue = "1e-2", description = "Suite: stage-1 learning rate (default: ${DEFAULT-VALUE}).")
    double stage1Lr;

    @Option(names = "--stage1-max-tokens", split = ",", paramLabel = "TAG=N",
            defaultValue = "smiles=96,protein=128",
            description = "Suite: stage-1 data tokens per example at most, by domain tag (default: ${DEFAULT-VALUE}).")
    Map<String, Integer> stage1MaxTokens;

    @Option(names = "--stage1-include-eval",
            description = "Suite: train stage 1 on the whole corpus, the tasks' validation and test inputs included "
                    + "(reproduces figures from before they were left out; by default they are left out).")
    boolean stage1IncludeEvaluationRows;

    @Option(names = "--out", required = true, paramLabel = "DIR",
            description = "Results folder: results.json, and stage-1 banks under banks/ (reused while they fit the model).")
    Path out;

    @Option(names = "--banks", paramLabel = "DIR",
            description = "Suite: where stage-1 banks are kept and reused (default: OUT/banks).")
    Path bankDir;

    @Option(names = "--report", paramLabel = "FILE.md",
            description = "Also write a markdown report of the results, its plots in a folder beside it.")
    Path report;

    /** Per stage-1 tag, the corpus records left out as evaluation rows (for results.json). */
    private final Map<String, Integer> stage1Notes = new LinkedHashMap<>();

    @Override
    public Integer call() throws Exception {
        // Checked before the model loads and the first task trains; one run at a time per results folder.
        OutputPreflight.folder(out);
        OutputPreflight.file(out.resolve("results.json"));
        if (report != null) {
            OutputPreflight.file(report);
        }
        if (bankDir != null) {
            OutputPreflight.folder(bankDir);
        }
        try (OutputLock lock = OutputLock.acquire(out, "tagllm evaluate")) {
            return evaluate();
        }
    }

    private int evaluate() throws Exception {
        PrintWriter err = spec.commandLine().getErr();
        PrintWriter stdout = spec.commandLine().getOut();
        List<Method> chosenMethods = methods.stream().map(Method::ofId).distinct().toList();
        ComparisonSettings settings = ComparisonSettings.builder().optSeeds(seeds).optLearningRates(learningRates)
                .optEpochs(epochs).optBatchSize(batch).optVectors(vectors).optMaxTokens(maxTokens).optMaxTrain(maxTrain)
                .optMaxEval(maxEval).optDataSeed(dataSeed).optPromptInit(PromptInit.parse(promptInit))
                .optFieldMaxTokens(FieldCaps.check(maxTokensPerField)).optClassBalance(imbalance.classBalance())
                .optThreshold(imbalance.threshold).optUncertainty(uncertainty()).build();
        List<Benchmark> benchmarks = benchmarks();
        Map<String, List<RunRecord>> runs = new LinkedHashMap<>();
        Path json = out.resolve("results.json");
        // Every finished run is kept under OUT/runs as it finishes; a comparison started again resumes from them.
        FinishedRuns finished = FinishedRuns.open(out.resolve("runs"), FinishedRuns.settings(model.dir.toString(),
                settings, resumeSettings()));
        if (finished.kept() > 0) {
            err.printf("evaluate: resuming: %d finished run(s) in %s, made with the same settings, are read back "
                    + "and not trained again%n", finished.kept(), finished.dir());
        }
        try (var threads = model.threads(); LocalModel lm = model.open(Workload.training(batch, maxTokens), err)) {
            TagBank domains = domainBanks(lm, benchmarks, chosenMethods, settings, err);
            for (Benchmark b : benchmarks) {
                List<RunRecord> taskRuns = Comparison.run(lm, domains, b, chosenMethods, settings,
                        new RunLog(b, err, new EvaluateProgress(err)), () -> Thread.currentThread().isInterrupted(),
                        finished);
                runs.put(b.id(), taskRuns);
                // Written after every task, so a long comparison that stops keeps what it finished.
                ComparisonResultsJson.write(ComparisonJson.results(model.dir.toString(), settings, benchmarks, runs)
                        .withStage1(stage1Note()), json);
                stdout.print(ResultsTable.text(b, taskRuns));
                stdout.flush();
            }
        }
        stdout.println("wrote " + json);
        if (report != null) {
            ResultsReport.write(List.of(json), List.of(), report);
            stdout.println("wrote " + report);
        }
        return ExitCodes.OK;
    }

    /** Everything besides the protocol that shapes a run, for resuming only runs made the same way. */
    private UncertaintyTraining.Settings uncertainty() {
        if (ensemble < 1) {
            throw new IllegalArgumentException("--ensemble " + ensemble + ": an ensemble needs at least 1 member");
        }
        if (!(coverage > 0 && coverage < 1)) {
            throw new IllegalArgumentException("--coverage " + coverage + ": a coverage must lie strictly between 0 "
                    + "and 1, e.g. 0.9");
        }
        if (conformal.crossConformal && !(calibrate)) {
            throw new IllegalArgumentException("--cross-conformal calibrates; it needs --calibrate");
        }
        return new UncertaintyTraining.Settings(members(), calibrate,
                new Calibrating.Settings(coverage, Calibrating.Settings.DEFAULTS.neighbours(),
                        !conformal.marginalSets),
                conformal.crossConformal);
    }

    private int members() {
        return conformal.members(ensemble);
    }

    private Map<String, Object> resumeSettings() {
        Map<String, Object> extra = new LinkedHashMap<>();
        if (calibrate || ensemble > 1) {
            // Runs made with other uncertainty settings are other runs.
            extra.put("ensemble", ensemble);
            extra.put("calibrate", calibrate);
            extra.put("coverage", coverage);
            // Earlier builds had marginal sets only and recorded no set method: their runs match --marginal-sets.
            if (!conformal.marginalSets) {
                extra.put("class_conditional_sets", true);
            }
            if (conformal.crossConformal) {
                extra.put("cross_conformal", true);
                extra.put("ensemble", members());
            }
        }
        if (data != null) {
            extra.put("data", data.toAbsolutePath().normalize().toString());
            extra.put("banks", banks.stream().map(b -> b.toAbsolutePath().normalize().toString()).toList());
            extra.put("inputs", inputs);
            extra.put("split_column", splitColumn == null ? "" : splitColumn);
            extra.put("joins", joins);
        } else {
            extra.put("data_dir", dataDir == null ? "" : dataDir.toAbsolutePath().normalize().toString());
            extra.put("stage1_examples", stage1Examples);
            extra.put("stage1_steps", stage1Steps);
            extra.put("stage1_lr", stage1Lr);
            extra.put("stage1_max_tokens", stage1TokensByTag());
            extra.put("stage1_include_eval", stage1IncludeEvaluationRows);
        }
        return extra;
    }

    /** What stage 1 trained on: evaluation rows left out (and how many) or included; null when it did not run. */
    private ComparisonResults.StageOne stage1Note() {
        return stageOneBanks().note(stage1Notes);
    }

    /** The suite's stage-1 banks as the options ask for them. */
    private StageOneBanks stageOneBanks() {
        return new StageOneBanks(stage1Examples, stage1Steps, stage1Lr, vectors, batch, stage1TokensByTag(), 128,
                dataSeed, stage1IncludeEvaluationRows);
    }

    private List<Benchmark> benchmarks() throws Exception {
        if (data != null) {
            if (functionTag == null || inputs.isEmpty()) {
                throw new IllegalArgumentException("--data needs --function-tag and --input, as in train");
            }
            LabelledTask.Type type = task;
            LabelledTask labelled = new LabelledTask(functionTag, type,
                    inputs.stream().map(TrainCommand::input).toList(), targets, label, false);
            String metric = type == LabelledTask.Type.CLASSIFICATION ? "auroc" : "mse";
            String id = data.getFileName().toString().replaceFirst("\\.[^.]*$", "");
            SplitSpec splitSpec = split.spec(dataSeed, SplitOptions.DEFAULT_FRACTIONS);
            if (splitSpec != null && splitColumn != null) {
                throw new IllegalArgumentException("give --split-column or --split-by, not both");
            }
            String note = splitSpec != null ? splitSpec.describe()
                    : splitColumn == null ? "random 80/10/10, seeded" : "given by column " + splitColumn;
            return List.of(new Benchmark(id, id, labelled, JoinOption.source(data, joins), splitColumn, note, metric,
                    splitSpec));
        }
        if (split.splitBy != null || split.splitFractions != null) {
            throw new IllegalArgumentException("--split-by and --split-fractions apply to your own task (--data); "
                    + "the suite's tasks keep the paper's splits");
        }
        if (dataDir == null) {
            throw new IllegalArgumentException("give --data-dir (the paper suite) or --data (your own task)");
        }
        return tasks.isEmpty() ? PaperBenchmarks.all(dataDir, dataSeed)
                : PaperBenchmarks.select(dataDir, tasks, dataSeed);
    }

    /** Your banks, or the suite's stage-1 tags (trained once into OUT/banks, then reused). */
    private TagBank domainBanks(LocalModel lm, List<Benchmark> benchmarks, List<Method> chosen,
            ComparisonSettings settings, PrintWriter err) throws Exception {
        if (chosen.stream().noneMatch(Method::needsDomainTags)) {
            return null;
        }
        if (data != null) {
            List<TagBank> read = new ArrayList<>();
            for (Path b : banks) {
                read.add(TagBank.read(b));
            }
            return read.isEmpty() ? null : read.size() == 1 ? read.get(0) : TagBanks.merge(read);
        }
        StageOneBanks stage1 = stageOneBanks();
        try (TrainingProgressBar bar = new TrainingProgressBar("stage 1", err)) {
            return stage1.ensure(lm, PaperBenchmarks.corpora(dataDir), benchmarks, settings,
                    bankDir != null ? bankDir : out.resolve("banks"), (tag, reused, dir, excluded) -> {
                        err.printf("stage 1 %s: %s %s; %s%n", tag, reused ? "reused" : "trained", dir,
                                stage1IncludeEvaluationRows ? "evaluation rows included (--stage1-include-eval)"
                                        : excluded + " corpus records left out as validation or test inputs");
                        stage1Notes.put(tag, excluded);
                    }, bar, () -> false);
        }
    }

    /** --stage1-max-tokens by tag name ({@code smiles=96} names {@code <SMILES>}). */
    private Map<String, Integer> stage1TokensByTag() {
        Map<String, Integer> out = new LinkedHashMap<>();
        for (Map.Entry<String, Integer> e : stage1MaxTokens.entrySet()) {
            String tag = "<" + e.getKey().strip().replaceAll("^<|>$", "") + ">";
            String known = Stream.of(PaperBenchmarks.SMILES, PaperBenchmarks.PROTEIN)
                    .filter(t -> t.equalsIgnoreCase(tag)).findFirst().orElseThrow(() -> new IllegalArgumentException(
                            "--stage1-max-tokens: '" + e.getKey() + "' is no stage-1 tag; expected smiles or protein"));
            if (e.getValue() < 1) {
                throw new IllegalArgumentException("--stage1-max-tokens: " + e.getKey() + "=" + e.getValue()
                        + " must be positive");
            }
            out.put(known, e.getValue());
        }
        return out;
    }

    /** One line per run to stderr: what starts, and what it scored. */
    private record RunLog(Benchmark benchmark, PrintWriter err, EvaluateProgress progress)
            implements Comparison.Listener {

        @Override
        public void started(Benchmark b, Method m, long seed, double lr) {
            err.printf("%s %s seed %d%s ...%n", b.id(), m.id(), seed, Double.isNaN(lr) ? "" : " lr " + lr);
            err.flush();
            progress.begin(b, m, seed, lr);
        }

        @Override
        public ProgressListener training() {
            return progress;
        }

        @Override
        public void resumed(RunRecord r) {
            err.printf("%s %s seed %d%s: finished earlier, read back (not trained again)%n", r.benchmark(),
                    r.method().id(), r.seed(), Double.isNaN(r.learningRate()) ? "" : " lr " + r.learningRate());
            err.flush();
        }

        @Override
        public void finished(RunRecord r) {
            Double primary = r.testMetrics().get(benchmark.primaryMetric());
            err.printf("%s %s seed %d%s: test %s %s, %d trained, %.0f s%s%n", r.benchmark(), r.method().id(),
                    r.seed(), Double.isNaN(r.learningRate()) ? "" : " lr " + r.learningRate(),
                    benchmark.primaryMetric(), primary == null ? "undefined" : String.format("%.4f", primary),
                    r.trainableParameters(), r.seconds(), r.chosen() ? "" : " (not chosen)");
            err.flush();
        }
    }
}
