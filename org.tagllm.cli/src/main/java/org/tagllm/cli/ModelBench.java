package org.tagllm.cli;

import ai.djl.Device;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.tagllm.knime.engine.LocalModel;
import org.tagllm.knime.engine.bench.DecoderBenchmark;
import org.tagllm.knime.engine.bench.FrozenPrefixStep;
import org.tagllm.knime.engine.bench.MatmulBenchmark;
import org.tagllm.knime.engine.bench.PeakMemory;
import org.tagllm.knime.engine.config.ModelConfig;
import org.tagllm.knime.engine.memory.MemoryEstimate;
import org.tagllm.knime.engine.memory.Workload;
import org.tagllm.knime.engine.model.LlamaDecoder;
import org.tagllm.knime.engine.model.WeightPrecision;
import org.tagllm.knime.engine.runtime.DjlRuntime;
import org.tagllm.knime.engine.service.DeviceMemory;

/**
 * {@code bench --like CONFIG}: one model folder of a real family's configuration, measured as Tag-LLM uses it — load
 * time, forward and forward+backward tokens/s per batch shape, seconds per stage-2 step on the frozen-prefix path (each
 * training figure plain and recomputing blocks in backward), the
 * same libtorch's matmul rate, and resident memory. A figure whose memory estimate does not fit is skipped and says so.
 */
final class ModelBench {

    /** One measured (or skipped) figure. */
    record Figure(String what, int batch, int seq, double seconds, double tokensPerSecond, double percentOfMatmul,
            String skipped) {}

    private final String name;
    private final Path dir;
    private final WeightPrecision precision;
    private final Device device;
    private final List<int[]> shapes;
    private final int functionVectors;

    ModelBench(String name, Path dir, WeightPrecision precision, Device device, List<int[]> shapes,
            int functionVectors) {
        this.name = name;
        this.dir = dir;
        this.precision = precision;
        this.device = device;
        this.shapes = shapes;
        this.functionVectors = functionVectors;
    }

    ObjectNode run(double matmulGflops, PrintWriter out, PrintWriter err) throws Exception {
        ObjectNode json = JsonNodeFactory.instance.objectNode();
        List<Figure> figures = new ArrayList<>();
        String deviceName = DeviceNames.name(device);
        PeakMemory.resetHighWater();
        err.println("bench: loading " + dir + " (" + precision + ") ...");
        long t0 = System.nanoTime();
        double loadSeconds;
        long parameters;
        try (LocalModel lm = LocalModel.open(dir, device, precision)) {
            loadSeconds = (System.nanoTime() - t0) / 1e9;
            LlamaDecoder d = lm.decoder();
            ModelConfig c = d.config();
            parameters = c.parameterCount();
            json.put("weights_bytes", d.weights().bytes());
            for (int[] s : shapes) {
                int b = s[0];
                int t = s[1];
                figures.add(measure("forward", b, t, Workload.prediction(b, t), deviceName,
                        () -> DecoderBenchmark.forwardSeconds(d, b, t), DecoderBenchmark.forwardFlopsPerToken(c, t),
                        matmulGflops, err));
                for (boolean recompute : new boolean[] {false, true}) {
                    d.recomputeInBackward(recompute);
                    figures.add(measure("forward+backward" + (recompute ? " (recompute)" : ""), b, t,
                            training(b, t, recompute), deviceName, () -> DecoderBenchmark.forwardBackwardSeconds(d, b,
                            t), DecoderBenchmark.forwardBackwardFlopsPerToken(c, t), matmulGflops, err));
                }
            }
            int[] first = shapes.get(0);
            for (boolean recompute : new boolean[] {false, true}) {
                d.recomputeInBackward(recompute);
                Figure step = measure("stage-2 step (frozen prefix, " + functionVectors + " tag vectors"
                        + (recompute ? ", recompute)" : ")"), first[0], functionVectors,
                        training(first[0], functionVectors, recompute), deviceName,
                        () -> FrozenPrefixStep.seconds(d, first[0], first[1], functionVectors), Double.NaN,
                        matmulGflops, err);
                figures.add(new Figure(step.what(), first[0], first[1], step.seconds(), Double.NaN, Double.NaN,
                        step.skipped()));
            }
            d.recomputeInBackward(false);
        }
        long peak = PeakMemory.residentHighWaterBytes();
        print(out, matmulGflops, loadSeconds, peak, parameters, figures);
        json.put("model", name).put("folder", dir.toString()).put("parameters", parameters)
                .put("weights", precision.name().toLowerCase(Locale.ROOT)).put("device", deviceName)
                .put("load_s", loadSeconds).put("peak_resident_bytes", peak)
                .put("matmul_gflops", matmulGflops);
        var rows = json.putArray("figures");
        for (Figure f : figures) {
            ObjectNode r = rows.addObject().put("what", f.what()).put("batch", f.batch()).put("seq", f.seq());
            if (f.skipped() != null) {
                r.put("skipped", f.skipped());
            } else {
                r.put("seconds", f.seconds());
                if (!Double.isNaN(f.tokensPerSecond())) {
                    r.put("tokens_per_s", f.tokensPerSecond()).put("pct_of_matmul", f.percentOfMatmul());
                }
            }
        }
        return json;
    }

    private interface Timed {
        double seconds();
    }

    private static Workload training(int b, int t, boolean recompute) {
        return recompute ? Workload.recomputing(b, t) : Workload.training(b, t);
    }

    private Figure measure(String what, int b, int t, Workload workload, String deviceName, Timed run,
            double flopsPerToken, double matmulGflops, PrintWriter err) throws Exception {
        MemoryEstimate e = MemoryEstimate.of(dir, precision, workload);
        long available = DeviceMemory.system().availableBytes(deviceName);
        // The weights are loaded already: what must fit now is the working set.
        if (available != DeviceMemory.UNKNOWN && e.workingBytes() > available) {
            String why = "needs " + MemoryEstimate.format(e.workingBytes()) + " beyond the weights, " + deviceName
                    + " has " + MemoryEstimate.format(available);
            err.println("bench: " + what + " " + b + "×" + t + " skipped: " + why);
            return new Figure(what, b, t, Double.NaN, Double.NaN, Double.NaN, why);
        }
        err.println("bench: " + what + " " + b + "×" + t + " ...");
        err.flush();
        double seconds = run.seconds();
        double tps = (double) b * t / seconds;
        return new Figure(what, b, t, seconds, tps, 100 * tps * flopsPerToken / 1e9 / matmulGflops, null);
    }

    private void print(PrintWriter out, double gflops, double loadSeconds, long peak, long parameters,
            List<Figure> figures) {
        out.printf(Locale.ROOT, "%s: %,d parameters, weights %s on %s%n", name, parameters,
                precision == WeightPrecision.STORED ? "kept as stored" : "as float32", DeviceNames.name(device));
        out.printf(Locale.ROOT, "fp32 matmul: %.1f GFLOP/s; load %.1f s; peak RSS %.2f GiB%n", gflops, loadSeconds,
                peak / (double) (1L << 30));
        out.printf(Locale.ROOT, "%-48s %9s %10s %12s %8s%n", "figure", "batch", "seconds", "tokens/s", "% mm");
        for (Figure f : figures) {
            String shape = f.batch() + "×" + f.seq();
            if (f.skipped() != null) {
                out.printf(Locale.ROOT, "%-48s %9s   skipped: %s%n", f.what(), shape, f.skipped());
            } else if (Double.isNaN(f.tokensPerSecond())) {
                out.printf(Locale.ROOT, "%-48s %9s %10.2f%n", f.what(), shape, f.seconds());
            } else {
                out.printf(Locale.ROOT, "%-48s %9s %10.2f %12.1f %7.1f%%%n", f.what(), shape, f.seconds(),
                        f.tokensPerSecond(), f.percentOfMatmul());
            }
        }
        out.flush();
    }

    /** Shapes like {@code 8x64,8x256}. */
    static List<int[]> parseShapes(String text) {
        List<int[]> shapes = new ArrayList<>();
        for (String part : text.split(",")) {
            String[] bt = part.trim().toLowerCase(Locale.ROOT).split("[x×]");
            try {
                int b = Integer.parseInt(bt[0]);
                int t = Integer.parseInt(bt[1]);
                if (bt.length != 2 || b < 1 || t < 1) {
                    throw new NumberFormatException();
                }
                shapes.add(new int[] {b, t});
            } catch (RuntimeException e) {
                throw new IllegalArgumentException("--shapes '" + part + "': expected BATCHxTOKENS, e.g. 8x64");
            }
        }
        return shapes;
    }

    static double matmul(int n, int warmups, int runs) {
        try (var m = DjlRuntime.newManager()) {
            return MatmulBenchmark.gflops(m, n, warmups + 1, Math.max(runs, 3));
        }
    }

    static boolean isModelFolder(Path p) {
        return Files.isRegularFile(p.resolve("config.json"));
    }
}
