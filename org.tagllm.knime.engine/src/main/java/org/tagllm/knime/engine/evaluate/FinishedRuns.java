package org.tagllm.knime.engine.evaluate;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.tagllm.knime.engine.io.AtomicFiles;
import org.tagllm.knime.engine.method.TaskPredictions;

/**
 * A comparison's finished runs, each written atomically to its own file as it finishes, so that a killed comparison
 * resumes from them: started again with the same settings it reads them back and skips them (the same numbers, bit
 * for bit: doubles are written as their shortest exact decimal); started with other settings it is refused, naming
 * the setting. The settings are kept beside the runs ({@value #SETTINGS}).
 */
public final class FinishedRuns {

    static final String SETTINGS = "settings.json";
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private final Path dir;
    private int readBack;

    private FinishedRuns(Path dir) {
        this.dir = dir;
    }

    /**
     * The runs kept in {@code dir} by a comparison with these {@code settings}; a new folder records them.
     *
     * @throws IllegalArgumentException naming the first setting that differs from the one the kept runs had
     */
    public static FinishedRuns open(Path dir, ObjectNode settings) throws IOException {
        Path file = dir.resolve(SETTINGS);
        if (Files.isRegularFile(file)) {
            JsonNode kept = JSON.readTree(file.toFile());
            // Compared as read back from text: a long written is an int read.
            String differs = firstDifference("", kept, JSON.readTree(JSON.writeValueAsString(settings)));
            if (differs != null) {
                throw new IllegalArgumentException(dir + " holds finished runs of a comparison with other settings ("
                        + differs + "); give another --out, or delete " + dir + " to start afresh");
            }
        } else {
            Files.createDirectories(dir);
            AtomicFiles.writeString(file, JSON.writeValueAsString(settings));
        }
        return new FinishedRuns(dir);
    }

    /** The settings every finished run was made with: the protocol and whatever else shapes the runs. */
    public static ObjectNode settings(String model, ComparisonSettings s, Map<String, ?> extra) {
        ObjectNode root = JSON.createObjectNode();
        root.put("model", model);
        root.set("protocol", ComparisonJson.protocol(s));
        extra.forEach((k, v) -> root.set(k, JSON.valueToTree(v)));
        return root;
    }

    /** The finished run of {@code method} on {@code benchmark} with this seed and rate, if kept. */
    public Optional<RunRecord> find(String benchmark, Method method, long seed, double learningRate)
            throws IOException {
        Path file = file(benchmark, method, seed, learningRate);
        if (!Files.isRegularFile(file)) {
            return Optional.empty();
        }
        readBack++;
        return Optional.of(read(JSON.readTree(file.toFile())));
    }

    /** Keeps a finished run (atomically: a kill leaves the file whole or absent). */
    public void save(RunRecord r) throws IOException {
        AtomicFiles.writeString(file(r.benchmark(), r.method(), r.seed(), r.learningRate()),
                JSON.writeValueAsString(write(r)));
    }

    /** Runs kept in the folder. */
    public int kept() throws IOException {
        try (var files = Files.list(dir)) {
            return (int) files.filter(f -> f.getFileName().toString().endsWith(".json")
                    && !f.getFileName().toString().equals(SETTINGS)).count();
        }
    }

    /** Runs read back so far. */
    public int readBack() {
        return readBack;
    }

    public Path dir() {
        return dir;
    }

    private Path file(String benchmark, Method method, long seed, double lr) {
        String rate = Double.isNaN(lr) ? "none" : Double.toString(lr);
        return dir.resolve((benchmark + "." + method.id() + ".seed" + seed + ".lr" + rate + ".json")
                .replaceAll("[^A-Za-z0-9._+-]", "_"));
    }

    /** Where two settings trees first differ, as {@code path: kept → now}; null when they are equal. */
    private static String firstDifference(String path, JsonNode kept, JsonNode now) {
        if (kept.isObject() && now.isObject()) {
            List<String> names = new ArrayList<>();
            kept.fieldNames().forEachRemaining(names::add);
            now.fieldNames().forEachRemaining(n -> {
                if (!names.contains(n)) {
                    names.add(n);
                }
            });
            for (String n : names) {
                String sub = path.isEmpty() ? n : path + "." + n;
                if (!kept.has(n) || !now.has(n)) {
                    return sub + ": " + (kept.has(n) ? kept.get(n) : "absent") + " then, "
                            + (now.has(n) ? now.get(n) : "absent") + " now";
                }
                String d = firstDifference(sub, kept.get(n), now.get(n));
                if (d != null) {
                    return d;
                }
            }
            return null;
        }
        return kept.equals(now) ? null : path + ": " + kept + " then, " + now + " now";
    }

    private static ObjectNode write(RunRecord r) {
        ObjectNode n = JSON.createObjectNode();
        n.put("benchmark", r.benchmark());
        n.put("method", r.method().id());
        n.put("seed", r.seed());
        n.put("learning_rate", text(r.learningRate()));
        n.put("penalty", text(r.penalty()));
        n.put("chosen", r.chosen());
        n.put("selection_score", text(r.selectionScore()));
        n.put("best_epoch", r.bestEpoch());
        n.put("trainable_parameters", r.trainableParameters());
        n.put("train_rows", r.trainRows());
        n.set("valid", metrics(r.validMetrics()));
        n.set("test", metrics(r.testMetrics()));
        n.put("seconds", text(r.seconds()));
        n.set("epoch_losses", list(r.epochLosses()));
        n.set("validations", list(r.validations()));
        TaskPredictions p = r.testPredictions();
        ObjectNode predictions = n.putObject("test_predictions");
        ArrayNode rows = predictions.putArray("rows");
        ArrayNode truth = predictions.putArray("truth");
        ArrayNode predicted = predictions.putArray("predicted");
        for (int i = 0; i < p.size(); i++) {
            rows.add(p.rows()[i]);
            truth.add(array(p.truth()[i]));
            predicted.add(array(p.predicted()[i]));
        }
        return n;
    }

    private static RunRecord read(JsonNode n) {
        JsonNode p = n.get("test_predictions");
        int size = p.get("rows").size();
        long[] rows = new long[size];
        double[][] truth = new double[size][];
        double[][] predicted = new double[size][];
        for (int i = 0; i < size; i++) {
            rows[i] = p.get("rows").get(i).asLong();
            truth[i] = doubles(p.get("truth").get(i));
            predicted[i] = doubles(p.get("predicted").get(i));
        }
        return new RunRecord(n.get("benchmark").asText(), Method.ofId(n.get("method").asText()),
                n.get("seed").asLong(), number(n.get("learning_rate")), number(n.get("penalty")),
                n.get("chosen").asBoolean(), number(n.get("selection_score")), n.get("best_epoch").asInt(),
                n.get("trainable_parameters").asLong(), n.get("train_rows").asInt(), metrics(n.get("valid")),
                metrics(n.get("test")), number(n.get("seconds")), listOf(n.get("epoch_losses")),
                listOf(n.get("validations")), new TaskPredictions(rows, truth, predicted));
    }

    /** A double as the shortest decimal that reads back to the same bits (NaN and infinities by name). */
    private static String text(double v) {
        return Double.toString(v);
    }

    private static double number(JsonNode n) {
        return Double.parseDouble(n.asText());
    }

    private static ObjectNode metrics(Map<String, Double> m) {
        ObjectNode n = JSON.createObjectNode();
        new TreeMap<>(m).forEach((k, v) -> n.put(k, text(v)));
        return n;
    }

    private static Map<String, Double> metrics(JsonNode n) {
        Map<String, Double> m = new LinkedHashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = n.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            m.put(e.getKey(), number(e.getValue()));
        }
        return m;
    }

    private static ArrayNode list(List<Double> values) {
        ArrayNode a = JSON.createArrayNode();
        values.forEach(v -> a.add(text(v)));
        return a;
    }

    private static List<Double> listOf(JsonNode n) {
        List<Double> out = new ArrayList<>();
        n.forEach(v -> out.add(number(v)));
        return out;
    }

    private static ArrayNode array(double[] values) {
        ArrayNode a = JSON.createArrayNode();
        for (double v : values) {
            a.add(text(v));
        }
        return a;
    }

    private static double[] doubles(JsonNode n) {
        double[] out = new double[n.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = number(n.get(i));
        }
        return out;
    }

    @Override
    public String toString() {
        return "finished runs in " + dir + String.format(Locale.ROOT, " (%d read back)", readBack);
    }
}
