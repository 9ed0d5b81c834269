package org.tagllm.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.Callable;
import org.tagllm.knime.engine.bench.DecoderBenchmark;
import org.tagllm.knime.engine.bench.MatmulBenchmark;
import org.tagllm.knime.engine.bench.ServiceBenchmark;
import org.tagllm.knime.engine.demo.DemoModel;
import org.tagllm.knime.engine.config.ModelConfig;
import org.tagllm.knime.engine.io.AtomicFiles;
import org.tagllm.knime.engine.llama2c.Llama2cImporter;
import org.tagllm.knime.engine.LocalModel;
import org.tagllm.knime.engine.model.LlamaDecoder;
import org.tagllm.knime.engine.runtime.DjlRuntime;
import org.tagllm.knime.engine.model.WeightPrecision;
import org.tagllm.knime.engine.safetensors.DType;
import org.tagllm.knime.engine.synthetic.ModelFamily;
import org.tagllm.knime.engine.synthetic.RandomModelFolder;
import ai.djl.Device;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code tagllm bench}: the machine's matmul limit and the decoder's throughput, as a table and as JSON. It measures;
 * nothing here is a pass/fail threshold.
 */
@Command(name = "bench", mixinStandardHelpOptions = true,
        description = {"Measure fp32 matmul GFLOP/s (n³, same libtorch), then decoder forward and forward+backward "
                + "(to the input embeddings) tokens/s for stories260K and a synthetic ~110M-parameter LLaMA, each "
                + "also as a share of the measured matmul rate, with the peak resident memory of each run.",
            "FLOPs per token: forward 2 per projection weight (LM head included) plus the attention products; "
                    + "forward+backward 4 per weight (input gradients only: the base is frozen) plus 3× attention."})
final class BenchCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--json", paramLabel = "FILE", description = "Also write the figures as JSON.")
    Path json;

    @Option(names = "--threads", paramLabel = "N", defaultValue = "2", description = "libtorch intra-op threads (default: ${DEFAULT-VALUE}).")
    int threads;

    @Option(names = "--runs", paramLabel = "N", defaultValue = "3", description = "Timed runs per figure; the median is reported (default: ${DEFAULT-VALUE}).")
    int runs;

    @Option(names = "--warmups", paramLabel = "N", defaultValue = "1", description = "Untimed runs first (default: ${DEFAULT-VALUE}).")
    int warmups;

    @Option(names = "--matmul-size", paramLabel = "N", defaultValue = "2048", description = "n of the n³ matmul (default: ${DEFAULT-VALUE}).")
    int matmulSize;

    @Option(names = "--batch", paramLabel = "N", defaultValue = "8", description = "Sequences per batch (default: ${DEFAULT-VALUE}).")
    int batch;

    @Option(names = "--seq", paramLabel = "N", defaultValue = "128", description = "Tokens per sequence (default: ${DEFAULT-VALUE}).")
    int seq;

    @Option(names = "--stories", paramLabel = "DIR",
            description = "An imported stories260K folder (default: imported on the fly from the shared data, if present).")
    Path stories;

    @Option(names = "--skip-110m", description = "Leave out the ~110M-parameter configuration.")
    boolean skip110m;

    @Option(names = "--service-jobs", paramLabel = "N", defaultValue = "8",
            description = "Prediction jobs of the engine-service figures, run one by one and all at once (default: ${DEFAULT-VALUE}; 0 leaves them out).")
    int serviceJobs;

    @Option(names = "--service-rows", paramLabel = "N", defaultValue = "256", description = "Rows per prediction job (default: ${DEFAULT-VALUE}).")
    int serviceRows;

    @Option(names = "--like", paramLabel = "CONFIG", converter = MakeModelCommand.FamilyConverter.class,
            description = "Measure one real family's configuration instead (qwen2.5-0.5b … llama-3-8b): load time, "
                    + "peak RSS, forward and forward+backward tokens/s per --shapes, s per stage-2 frozen-prefix step, "
                    + "matmul rate. Uses --model DIR when given (a make-model folder), else makes a bf16 one in a "
                    + "temporary folder.")
    ModelFamily like;

    @Option(names = "--model", paramLabel = "DIR", description = "With --like: the folder to measure.")
    Path model;

    @Option(names = "--layers", paramLabel = "N", description = "With --like and no --model: fewer layers.")
    Integer layers;

    @Option(names = "--shapes", paramLabel = "BxT,...", defaultValue = "8x64,8x256",
            description = "With --like: batch shapes, SMILES-like and protein-like (default: ${DEFAULT-VALUE}).")
    String shapes;

    @Option(names = "--weights", paramLabel = "HOW", defaultValue = "stored", converter = ModelOption.WeightsConverter.class,
            description = "With --like: stored or fp32 (default: ${DEFAULT-VALUE}).")
    ModelOption.WeightChoice weights;

    @Option(names = "--device", paramLabel = "DEVICE", defaultValue = "cpu", description = DeviceNames.DESCRIPTION)
    String device;

    @Override
    public Integer call() throws Exception {
        if (like != null) {
            return benchLike();
        }
        if (runs < 1 || warmups < 0 || batch < 1 || seq < 1 || threads < 1 || serviceJobs < 0 || serviceRows < 10) {
            throw new IllegalArgumentException("--runs, --batch, --seq and --threads must be positive, --warmups >= 0");
        }
        LibtorchThreads.checkOption(threads);
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        try {
            DjlRuntime.setThreads(threads, 1);
        } catch (IllegalStateException e) {
            // Only when bench runs inside a JVM that already started libtorch (tests, an embedding application).
            err.println("bench: libtorch is already running; its thread count stays as it is");
        }
        err.println("bench: matmul " + matmulSize + "³ ...");
        double gflops;
        try (var m = DjlRuntime.newManager()) {
            gflops = MatmulBenchmark.gflops(m, matmulSize, warmups + 1, Math.max(runs, 3));
        }
        List<DecoderBenchmark.Result> results = new ArrayList<>();
        List<ServiceBenchmark> service = new ArrayList<>();
        Path imported = stories == null ? importStories(err) : null;
        Path work = Files.createTempDirectory("tagllm-bench-service");
        try {
            Path storiesDir = stories != null ? stories : imported;
            if (serviceJobs > 0) {
                err.println("bench: engine service, demo model ...");
                service.add(ServiceBenchmark.run("demo (random weights)", DemoModel.ensure(work.resolve("demo")),
                        work.resolve("demo-data"), serviceJobs, serviceRows));
                if (storiesDir != null) {
                    err.println("bench: engine service, stories260K ...");
                    service.add(ServiceBenchmark.run("stories260K", storiesDir, work.resolve("stories-data"),
                            serviceJobs, serviceRows));
                }
            }
            if (storiesDir != null) {
                err.println("bench: stories260K ...");
                try (LocalModel lm = LocalModel.open(storiesDir)) {
                    results.add(DecoderBenchmark.run("stories260K", lm.decoder(), batch, seq, warmups, runs));
                    if (threads > 1) {
                        // Tiny models default to one thread (LibtorchThreads): this row shows why, or not, here.
                        try (var one = DjlRuntime.intraOpThreads(1)) {
                            results.add(DecoderBenchmark.run("stories260K, 1 thread", lm.decoder(), batch, seq,
                                    warmups, runs));
                        }
                    }
                }
            }
        } finally {
            if (imported != null) {
                deleteRecursively(imported.getParent());
            }
            deleteRecursively(work);
        }
        if (!skip110m) {
            err.println("bench: synthetic LLaMA ~110M ...");
            ModelConfig c = ModelConfig.llama(768, 2048, 12, 12, 12, 32000, 2048, true);
            try (LlamaDecoder d = LlamaDecoder.random(c, 1)) {
                results.add(DecoderBenchmark.run("llama-110M (synthetic)", d, batch, seq, warmups, runs));
            }
        }
        printTable(out, gflops, results);
        printService(out, service);
        if (json != null) {
            AtomicFiles.writeString(json, toJson(gflops, results, service));
            err.println("bench: wrote " + json);
        }
        return ExitCodes.OK;
    }

    private Integer benchLike() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        List<int[]> parsed = ModelBench.parseShapes(shapes);
        try {
            DjlRuntime.setThreads(threads, 1);
        } catch (IllegalStateException e) {
            err.println("bench: libtorch is already running; its thread count stays as it is");
        }
        Device onto = DeviceNames.parse(device);
        err.println("bench: matmul " + matmulSize + "³ ...");
        double gflops = ModelBench.matmul(matmulSize, warmups, runs);
        Path made = null;
        Path dir = model;
        if (dir == null) {
            made = Files.createTempDirectory("tagllm-bench-like");
            dir = made.resolve(like.id());
            ModelConfig c = layers == null ? like.config() : like.config().toBuilder().setNumLayers(layers).build();
            err.println("bench: making " + like.id() + " (bf16, " + c.numLayers() + " layers) in " + dir + " ...");
            RandomModelFolder.write(c, like.extraConfig(), DType.BF16, 1, RandomModelFolder.DEFAULT_SHARD_BYTES, dir);
        } else if (!ModelBench.isModelFolder(dir)) {
            throw new IllegalArgumentException("--model " + dir + ": no config.json; give a make-model folder");
        }
        try {
            WeightPrecision p = weights == ModelOption.WeightChoice.FP32 ? WeightPrecision.FLOAT32
                    : WeightPrecision.STORED;
            var result = new ModelBench(like.id(), dir, p, onto, parsed, 4).run(gflops, out, err);
            result.put("threads", threads).put("cores", Runtime.getRuntime().availableProcessors())
                    .put("libtorch", DjlRuntime.engine().getVersion());
            if (json != null) {
                AtomicFiles.writeString(json, result.toPrettyString());
                err.println("bench: wrote " + json);
            }
        } finally {
            if (made != null) {
                deleteRecursively(made);
            }
        }
        return ExitCodes.OK;
    }

    /** Imports stories260K from the shared data into a temporary folder, or says why not and returns null. */
    private Path importStories(PrintWriter err) throws Exception {
        var shared = Defaults.sharedData();
        Path bin = shared.map(p -> p.resolve("models/stories260K/stories260K.bin")).orElse(null);
        if (bin == null || !Files.isRegularFile(bin)) {
            err.println("bench: stories260K skipped: no --stories folder and no shared data with "
                    + "models/stories260K/stories260K.bin");
            return null;
        }
        Path dir = Files.createTempDirectory("tagllm-bench").resolve("stories260K");
        Llama2cImporter.importModel(bin, bin.resolveSibling("tok512.bin"), dir);
        return dir;
    }

    private static void deleteRecursively(Path root) throws IOException {
        try (var paths = Files.walk(root)) {
            for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }

    private void printTable(PrintWriter out, double gflops, List<DecoderBenchmark.Result> results) {
        out.printf("fp32 matmul %d³: %.1f GFLOP/s (%d threads)%n%n", matmulSize, gflops, threads);
        out.printf("%-24s %12s %9s %14s %8s %14s %8s %10s%n", "model", "parameters", "batch", "forward tok/s",
                "% mm", "fwd+bwd tok/s", "% mm", "peak RSS");
        for (DecoderBenchmark.Result r : results) {
            out.printf("%-24s %,12d %9s %14.0f %7.1f%% %14.0f %7.1f%% %7.0f MiB%n", r.name(), r.parameters(),
                    r.batch() + "×" + r.seq(), r.forwardTokensPerSecond(), r.forwardPercentOf(gflops),
                    r.forwardBackwardTokensPerSecond(), r.forwardBackwardPercentOf(gflops),
                    r.peakResidentBytes() / 1048576.0);
        }
        out.flush();
    }

    private void printService(PrintWriter out, List<ServiceBenchmark> service) {
        if (service.isEmpty()) {
            return;
        }
        out.printf("%nengine service: prediction jobs on one cached model, one by one and all at once%n");
        out.printf("%-24s %10s %10s %10s %14s %14s %6s %6s %10s%n", "model", "jobs×rows", "cold job", "warm job",
                "one by one r/s", "at once r/s", "loads", "hits", "identical");
        for (ServiceBenchmark b : service) {
            out.printf("%-24s %10s %9.2fs %9.2fs %14.0f %14.0f %6d %6d %10s%n", b.model(),
                    b.jobs() + "×" + b.rowsPerJob(), b.coldSeconds(), b.warmSeconds(), b.sequentialRowsPerS(),
                    b.concurrentRowsPerS(), b.loads(), b.hits(), b.identical() ? "yes" : "NO");
        }
        out.flush();
    }

    private String toJson(double gflops, List<DecoderBenchmark.Result> results, List<ServiceBenchmark> service) {
        ObjectMapper mapper = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
        ObjectNode root = mapper.createObjectNode();
        ObjectNode machine = root.putObject("machine");
        machine.put("cores", Runtime.getRuntime().availableProcessors());
        machine.put("java", System.getProperty("java.version"));
        machine.put("libtorch", DjlRuntime.engine().getVersion());
        machine.put("threads", threads);
        root.putObject("matmul").put("n", matmulSize).put("gflops", gflops);
        ArrayNode models = root.putArray("decoder");
        for (DecoderBenchmark.Result r : results) {
            models.addObject().put("model", r.name()).put("parameters", r.parameters()).put("batch", r.batch())
                    .put("seq", r.seq()).put("forward_tokens_per_s", r.forwardTokensPerSecond())
                    .put("forward_gflops", r.forwardGflops()).put("forward_pct_of_matmul", r.forwardPercentOf(gflops))
                    .put("forward_backward_tokens_per_s", r.forwardBackwardTokensPerSecond())
                    .put("forward_backward_gflops", r.forwardBackwardGflops())
                    .put("forward_backward_pct_of_matmul", r.forwardBackwardPercentOf(gflops))
                    .put("peak_resident_bytes", r.peakResidentBytes());
        }
        ArrayNode jobs = root.putArray("service");
        for (ServiceBenchmark b : service) {
            jobs.addObject().put("model", b.model()).put("jobs", b.jobs()).put("rows_per_job", b.rowsPerJob())
                    .put("cold_job_s", b.coldSeconds()).put("warm_job_s", b.warmSeconds())
                    .put("sequential_rows_per_s", b.sequentialRowsPerS())
                    .put("concurrent_rows_per_s", b.concurrentRowsPerS()).put("model_loads", b.loads())
                    .put("cache_hits", b.hits()).put("concurrent_equals_sequential", b.identical());
        }
        root.put("runs", runs).put("warmups", warmups);
        return root.toPrettyString();
    }
}
