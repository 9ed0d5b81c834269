package org.tagllm.spark.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVRecord;
import org.tagllm.knime.engine.method.Batching;

/**
 * The prediction benchmark: rows/s and peak RSS of every configuration (single JVM or Spark {@code local[1]},
 * {@code local[2]}; length-sorted or pad-to-longest batches; each row count), each run in its own child JVM
 * ({@link BenchChild}) so that its peak RSS (VmHWM) is its own. The rows repeat the SMILES of a shared table. Prints a
 * table and writes JSON.
 *
 * <pre>
 * java -cp CLASSPATH org.tagllm.spark.bench.PredictionBenchmark --model DIR --bank DIR --smiles qed.csv \
 *     --rows 10000,100000 --engines jvm,local[1],local[2] --batching by-length,pad-to-longest --work DIR --json F \
 *     [--xmx 1g] [--fixed-heap yes] [--batch 32]
 * </pre>
 */
public final class PredictionBenchmark {

    private PredictionBenchmark() {}

    public static void main(String[] args) throws Exception {
        Args a = Args.parse(args);
        Files.createDirectories(a.work);
        List<String> smiles = smilesOf(a.smiles);
        List<BenchResult> results = new ArrayList<>();
        String load = loadAverage();
        for (long rows : a.rows) {
            Path input = inputOf(a.work, smiles, rows);
            for (String engine : a.engines) {
                for (Batching batching : a.batchings) {
                    BenchConfig config = new BenchConfig(engine, batching, rows);
                    BenchResult r = runChild(a, config, input);
                    results.add(r);
                    System.out.println(line(r));
                    // After every configuration: a stopped run keeps what it measured.
                    writeJson(a.json, results, load, loadAverage(), a);
                }
            }
        }
        String table = table(results, load, loadAverage(), a);
        System.out.println();
        System.out.print(table);
        writeJson(a.json, results, load, loadAverage(), a);
    }

    /** One configuration in a fresh JVM with the same class path. */
    static BenchResult runChild(Args a, BenchConfig config, Path input) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString()));
        cmd.addAll(a.heapFlags());
        cmd.add("-Dai.djl.offline=true");
        cmd.addAll(SparkJvmOptions.JAVA_17);
        cmd.addAll(List.of("-cp", System.getProperty("java.class.path"), BenchChild.class.getName(), config.arg(),
                a.model.toString(), a.bank.toString(), input.toString(), Integer.toString(a.batch)));
        Path log = a.work.resolve("child-" + config.arg().replaceAll("[^A-Za-z0-9]+", "_") + ".log");
        Process p = new ProcessBuilder(cmd).redirectErrorStream(false).redirectError(log.toFile()).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        int exit = p.waitFor();
        String result = out.lines().filter(l -> l.startsWith(BenchChild.RESULT)).findFirst().orElse(null);
        if (exit != 0 || result == null) {
            throw new IllegalStateException(config + " failed (exit " + exit + "); see " + log + "\n" + out);
        }
        String[] f = result.substring(BenchChild.RESULT.length()).trim().split(" ");
        return new BenchResult(config, Long.parseLong(f[0]), Long.parseLong(f[1]), Double.parseDouble(f[2]),
                Long.parseLong(f[3]), Double.parseDouble(f[4]));
    }

    static String line(BenchResult r) {
        return String.format(Locale.ROOT, "%-9s %-15s %,10d rows %9.1f s %9.1f rows/s %9.1f rows/CPU-s  peak RSS "
                + "%,7.0f MiB", r.config().engine(), r.config().batchingName(), r.rows(), r.seconds(),
                r.rowsPerSecond(), r.rowsPerCpuSecond(), r.peakRssBytes() / 1048576.0);
    }

    static String table(List<BenchResult> results, String loadBefore, String loadAfter, Args a) {
        StringBuilder b = new StringBuilder();
        b.append(String.format(Locale.ROOT, "%-9s | %-15s | %10s | %10s | %9s | %8s | %9s | %12s | %13s%n",
                "engine", "batching", "rows", "predicted", "seconds", "rows/s", "CPU s", "rows/CPU-s",
                "peak RSS MiB"));
        b.append("-".repeat(124)).append('\n');
        for (BenchResult r : results) {
            b.append(String.format(Locale.ROOT, "%-9s | %-15s | %,10d | %,10d | %9.1f | %8.1f | %9.1f | %12.1f | "
                    + "%,13.0f%n", r.config().engine(), r.config().batchingName(), r.rows(), r.predicted(),
                    r.seconds(), r.rowsPerSecond(), r.cpuSeconds(), r.rowsPerCpuSecond(),
                    r.peakRssBytes() / 1048576.0));
        }
        b.append("child heap: ").append(String.join(" ", a.heapFlags())).append('\n');
        b.append("load average before: ").append(loadBefore).append("; after: ").append(loadAfter).append('\n');
        return b.toString();
    }

    private static void writeJson(Path file, List<BenchResult> results, String loadBefore, String loadAfter, Args a)
            throws IOException {
        ObjectMapper json = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
        ObjectNode root = json.createObjectNode();
        root.put("model", a.model.toString());
        root.put("bank", a.bank.toString());
        root.put("smiles_source", a.smiles.toString());
        root.put("batch", a.batch);
        root.put("xmx", a.xmx);
        root.put("heap_flags", String.join(" ", a.heapFlags()));
        root.put("cores", Runtime.getRuntime().availableProcessors());
        root.put("load_average_before", loadBefore);
        root.put("load_average_after", loadAfter);
        ArrayNode runs = root.putArray("runs");
        for (BenchResult r : results) {
            ObjectNode n = runs.addObject();
            n.put("engine", r.config().engine());
            n.put("batching", r.config().batchingName());
            n.put("rows", r.rows());
            n.put("predicted", r.predicted());
            n.put("seconds", r.seconds());
            n.put("rows_per_second", r.rowsPerSecond());
            n.put("peak_rss_bytes", r.peakRssBytes());
            n.put("cpu_seconds", r.cpuSeconds());
            n.put("rows_per_cpu_second", r.rowsPerCpuSecond());
        }
        json.writeValue(file.toFile(), root);
    }

    /** The first {@code rows} rows of {@code smiles} repeated, as a CSV with a compound id: written once per count. */
    static Path inputOf(Path work, List<String> smiles, long rows) throws IOException {
        Path file = work.resolve("rows-" + rows + ".csv");
        if (Files.exists(file)) {
            return file;
        }
        Path part = work.resolve("rows-" + rows + ".csv.part");
        try (BufferedWriter w = Files.newBufferedWriter(part, StandardCharsets.UTF_8)) {
            w.write("id,smiles\n");
            for (long i = 0; i < rows; i++) {
                w.write("M" + (i + 1) + "," + smiles.get((int) (i % smiles.size())) + "\n");
            }
        }
        return Files.move(part, file);
    }

    /** The {@code smiles} column of a CSV file. */
    static List<String> smilesOf(Path csv) throws IOException {
        List<String> out = new ArrayList<>();
        try (Reader r = Files.newBufferedReader(csv, StandardCharsets.UTF_8)) {
            for (CSVRecord rec : CSVFormat.DEFAULT.builder().setHeader().setSkipHeaderRecord(true).get().parse(r)) {
                String s = rec.get("smiles");
                if (s.indexOf(',') < 0 && s.indexOf('"') < 0) {
                    out.add(s);
                }
            }
        }
        if (out.isEmpty()) {
            throw new IllegalArgumentException(csv + ": no SMILES in column 'smiles'");
        }
        return out;
    }

    private static String loadAverage() {
        try {
            return Files.readString(Path.of("/proc/loadavg")).trim();
        } catch (IOException e) {
            return "unknown";
        }
    }

    /** The command line. */
    record Args(Path model, Path bank, Path smiles, List<Long> rows, List<String> engines, List<Batching> batchings,
            Path work, Path json, String xmx, boolean fixedHeap, int batch) {

        /**
         * The children's heap: at most {@code --xmx}; with {@code --fixed-heap yes} also reserved and touched up front
         * ({@code -Xms} = {@code -Xmx}, {@code -XX:+AlwaysPreTouch}), so that the JVM growing its heap over a long
         * run does not show as resident memory growing with the rows.
         */
        List<String> heapFlags() {
            return fixedHeap ? List.of("-Xms" + xmx, "-Xmx" + xmx, "-XX:+AlwaysPreTouch") : List.of("-Xmx" + xmx);
        }

        static Args parse(String[] args) {
            Path model = null;
            Path bank = null;
            Path smiles = null;
            Path work = null;
            Path json = null;
            List<Long> rows = List.of(10_000L, 100_000L, 1_000_000L);
            List<String> engines = List.of("jvm", "local[1]", "local[2]");
            List<Batching> batchings = List.of(Batching.BY_LENGTH, Batching.PAD_TO_LONGEST);
            String xmx = "1g";
            boolean fixedHeap = false;
            int batch = 32;
            for (int i = 0; i + 1 < args.length; i += 2) {
                String v = args[i + 1];
                switch (args[i]) {
                    case "--model" -> model = Path.of(v);
                    case "--bank" -> bank = Path.of(v);
                    case "--smiles" -> smiles = Path.of(v);
                    case "--work" -> work = Path.of(v);
                    case "--json" -> json = Path.of(v);
                    case "--rows" -> rows = Arrays.stream(v.split(",")).map(Long::parseLong).toList();
                    case "--engines" -> engines = List.of(v.split(","));
                    case "--batching" -> batchings = Arrays.stream(v.split(",")).map(s -> Batching.valueOf(
                            s.toUpperCase(Locale.ROOT).replace('-', '_'))).toList();
                    case "--xmx" -> xmx = v;
                    case "--fixed-heap" -> fixedHeap = switch (v) {
                        case "yes", "true" -> true;
                        case "no", "false" -> false;
                        default -> throw new IllegalArgumentException("--fixed-heap " + v + ": give yes or no");
                    };
                    case "--batch" -> batch = Integer.parseInt(v);
                    default -> throw new IllegalArgumentException("unknown option " + args[i]);
                }
            }
            if (model == null || bank == null || smiles == null || work == null || json == null) {
                throw new IllegalArgumentException("give --model, --bank, --smiles, --work and --json");
            }
            return new Args(model, bank, smiles, rows, engines, batchings, work, json, xmx, fixedHeap, batch);
        }
    }
}
