package org.tagllm.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.tagllm.knime.engine.train.TrainingResult;

/**
 * The quickstart's results: one row per step for the printed table, the same rows with every figure for the JSON
 * summary, and the files written, with what each is.
 */
final class QuickstartReport {

    /**
     * One step of the protocol.
     *
     * @param id      the step's label in the table (1, 2, …; "-" for the baseline)
     * @param what    what the step did, one short line
     * @param result  its figures as a short line
     * @param metrics  its figures by name, for the JSON
     * @param counts   its counts by name (whole numbers), for the JSON
     * @param training the training run of a training step (its loss, in its own units, stays out of the metrics),
     *                 or null
     * @param seconds  wall time, or NaN for a step that took none worth showing
     */
    record Step(String id, String what, String result, Map<String, Double> metrics, Map<String, Long> counts,
            TrainingResult training, double seconds) {

        Step(String id, String what, String result, Map<String, Double> metrics, double seconds) {
            this(id, what, result, metrics, Map.of(), null, seconds);
        }
    }

    /** A file or folder written, relative to the output folder, and what it holds. */
    record Output(Path path, String description) {}

    private final List<Step> steps = new ArrayList<>();
    private final List<Output> outputs = new ArrayList<>();

    void add(Step step) {
        steps.add(step);
    }

    void output(Path relative, String description) {
        outputs.add(new Output(relative, description));
    }

    List<Step> steps() {
        return steps;
    }

    List<Output> outputs() {
        return outputs;
    }

    /** The table: step, what, result, time; columns as wide as their widest cell. */
    void printTable(PrintWriter out) {
        List<String[]> rows = new ArrayList<>();
        rows.add(new String[] {"step", "what", "result", "time"});
        for (Step s : steps) {
            rows.add(new String[] {s.id(), s.what(), s.result(),
                Double.isNaN(s.seconds()) ? "" : String.format(Locale.ROOT, "%.1f s", s.seconds())});
        }
        int[] width = new int[4];
        for (String[] r : rows) {
            for (int i = 0; i < width.length; i++) {
                width[i] = Math.max(width[i], r[i].length());
            }
        }
        String format = "%-" + width[0] + "s  %-" + width[1] + "s  %-" + width[2] + "s  %" + width[3] + "s%n";
        for (int i = 0; i < rows.size(); i++) {
            String[] r = rows.get(i);
            out.printf(format, (Object[]) r);
            if (i == 0) {
                out.printf(format, "-".repeat(width[0]), "-".repeat(width[1]), "-".repeat(width[2]),
                        "-".repeat(width[3]));
            }
        }
    }

    /** Every output with what it holds, one per line. */
    void printOutputs(PrintWriter out) {
        int width = outputs.stream().mapToInt(o -> o.path().toString().length()).max().orElse(0);
        for (Output o : outputs) {
            out.printf("  %-" + width + "s  %s%n", o.path(), o.description());
        }
    }

    /** The JSON summary: the header fields given, then steps and outputs (paths relative to the output folder). */
    String toJson(Map<String, Object> header) {
        ObjectMapper mapper = new ObjectMapper();
        ObjectNode root = mapper.createObjectNode();
        header.forEach((k, v) -> root.set(k, mapper.valueToTree(v)));
        ArrayNode stepArray = root.putArray("steps");
        for (Step s : steps) {
            ObjectNode n = stepArray.addObject().put("step", s.id()).put("what", s.what()).put("result", s.result());
            if (!Double.isNaN(s.seconds())) {
                n.put("seconds", round(s.seconds()));
            }
            if (!s.counts().isEmpty()) {
                ObjectNode c = n.putObject("counts");
                s.counts().forEach(c::put);
            }
            if (s.training() != null) {
                TrainingResult r = s.training();
                n.putObject("training").put("loss", r.scoreNames().trainingLoss()).put("steps", r.steps())
                        .put("final_loss", r.finalLoss()).set("history", EpochTable.json(r, mapper));
            }
            ObjectNode m = n.putObject("metrics");
            // JSON has no NaN: an undefined figure (a constant predictor's correlation) is null.
            s.metrics().forEach((k, v) -> {
                if (Double.isFinite(v)) {
                    m.put(k, v);
                } else {
                    m.putNull(k);
                }
            });
        }
        ObjectNode files = root.putObject("outputs");
        for (Output o : outputs) {
            files.put(o.path().toString().replace('\\', '/'), o.description());
        }
        return root.toPrettyString();
    }

    /** Regression figures as a short line: RMSE, MAE, R², Pearson (n/a where undefined). */
    static String regression(Map<String, Double> m) {
        return String.format(Locale.ROOT, "RMSE %s  MAE %s  R² %s  Pearson %s", figure(m.get("rmse")),
                figure(m.get("mae")), figure(m.get("r2")), figure(m.get("pearson")));
    }

    /** Three significant digits (whole numbers from 1000), or n/a where undefined. */
    static String figure(Double v) {
        if (v == null || !Double.isFinite(v)) {
            return "n/a";
        }
        return Math.abs(v) >= 1000 ? String.format(Locale.ROOT, "%.0f", v) : String.format(Locale.ROOT, "%.3g", v);
    }

    /** Milliseconds resolution for the JSON. */
    static double round(double seconds) {
        return Math.round(seconds * 1000) / 1000.0;
    }

    /** Metrics with a prefix on every key. */
    static Map<String, Double> prefixed(String prefix, Map<String, Double> metrics) {
        Map<String, Double> out = new LinkedHashMap<>();
        metrics.forEach((k, v) -> out.put(prefix + k, v));
        return out;
    }
}
