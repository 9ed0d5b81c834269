package org.tagllm.knime.engine.train;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.tagllm.knime.engine.train.TrainingResult.StopReason;

/**
 * The {@code state.json} of a training checkpoint: format, run fingerprint and its hash, where the run stands
 * (step, epoch, position within the epoch's shuffled order, shuffle seed), the schedule, the early-stopping record,
 * the loss histories, and the SHA-256 of every tensor file. Doubles are written so that they read back bit for bit
 * (shortest round-tripping decimal; non-finite values as strings).
 */
final class CheckpointJson {

    static final String FORMAT = "tagllm-training-checkpoint";
    static final int VERSION = 1;

    /** Everything in {@code state.json}. */
    record Content(Map<String, String> settings, String settingsHash, List<String> trainableNames, long totalSteps,
            LearningRateSchedule schedule, long optimizerStep, long seed, RunState state,
            boolean hasBestParameters, Map<String, String> fileHashes) {}

    private static final ObjectMapper JSON = new ObjectMapper();

    private CheckpointJson() {}

    static String write(Content c) {
        ObjectNode root = JSON.createObjectNode();
        root.put("format", FORMAT);
        root.put("version", VERSION);
        ObjectNode settings = root.putObject("settings");
        c.settings().forEach(settings::put);
        root.put("settingsHash", c.settingsHash());
        ArrayNode names = root.putArray("trainables");
        c.trainableNames().forEach(names::add);

        RunState s = c.state();
        ObjectNode progress = root.putObject("progress");
        progress.put("step", s.step);
        progress.put("totalSteps", c.totalSteps());
        progress.put("epoch", s.epoch);
        progress.put("positionInEpoch", s.position);
        putDouble(progress, "epochLossSum", s.epochLossSum);
        progress.put("epochExamples", s.epochExamples);
        progress.put("examplesSeen", s.examplesSeen);
        progress.put("elapsedNanos", s.elapsedNanos);
        progress.put("stopReason", s.stopReason == null ? null : s.stopReason.name());

        ObjectNode shuffle = root.putObject("shuffle");
        shuffle.put("algorithm", "Fisher-Yates over SplittableRandom(seed + (epoch + 1) * 0x9E3779B97F4A7C15)");
        shuffle.put("seed", c.seed());
        shuffle.put("epoch", s.epoch);
        shuffle.put("examplesConsumed", s.position);

        root.set("schedule", JSON.valueToTree(scheduleFields(c.schedule())));
        root.putObject("optimizer").put("step", c.optimizerStep());

        ObjectNode best = root.putObject("best");
        putDouble(best, "score", s.bestScore);
        best.put("epoch", s.bestEpoch);
        best.put("step", s.bestStep);
        best.put("epochsWithoutImprovement", s.epochsWithoutImprovement);
        best.put("hasParameters", c.hasBestParameters());

        ObjectNode history = root.putObject("history");
        putDoubles(history.putArray("stepLosses"), s.stepLosses);
        putDoubles(history.putArray("epochLosses"), s.epochLosses);
        putDoubles(history.putArray("validations"), s.validations);
        ArrayNode validationSteps = history.putArray("validationSteps");
        s.validationSteps.forEach(validationSteps::add);

        ObjectNode files = root.putObject("files");
        c.fileHashes().forEach(files::put);
        return root.toPrettyString();
    }

    private static Map<String, Object> scheduleFields(LearningRateSchedule schedule) {
        Map<String, Object> m = new LinkedHashMap<>();
        if (schedule instanceof LearningRateSchedule.CosineWithWarmup c) {
            m.put("kind", "cosine-with-warmup");
            m.put("peak", c.peak());
            m.put("totalSteps", c.totalSteps());
            m.put("warmupSteps", c.warmupSteps());
            m.put("floorRatio", c.floorRatio());
        } else if (schedule instanceof LearningRateSchedule.Constant c) {
            m.put("kind", "constant");
            m.put("rate", c.rate());
        }
        return m;
    }

    /**
     * Reads what {@link #write} wrote, except the schedule (recomputed from the settings on resume).
     *
     * @throws IllegalArgumentException naming the first missing or malformed field
     */
    static Content read(String text) throws JsonProcessingException {
        JsonNode root = JSON.readTree(text);
        if (root == null || !root.isObject()) {
            throw new IllegalArgumentException("the content is not a JSON object");
        }
        String format = text(root, "format");
        if (!FORMAT.equals(format)) {
            throw new IllegalArgumentException("format is '" + format + "', expected '" + FORMAT + "'");
        }
        int version = field(root, "version").asInt();
        if (version != VERSION) {
            throw new IllegalArgumentException("format version " + version + " is not supported (this version "
                    + "reads version " + VERSION + ")");
        }
        Map<String, String> settings = new LinkedHashMap<>();
        field(root, "settings").fields().forEachRemaining(e -> settings.put(e.getKey(), e.getValue().asText()));
        List<String> names = new ArrayList<>();
        field(root, "trainables").forEach(n -> names.add(n.asText()));

        RunState s = new RunState();
        JsonNode progress = field(root, "progress");
        s.step = longField(progress, "step");
        long totalSteps = longField(progress, "totalSteps");
        s.epoch = (int) longField(progress, "epoch");
        s.position = (int) longField(progress, "positionInEpoch");
        s.epochLossSum = doubleField(progress, "epochLossSum");
        s.epochExamples = (int) longField(progress, "epochExamples");
        s.examplesSeen = longField(progress, "examplesSeen");
        s.elapsedNanos = longField(progress, "elapsedNanos");
        JsonNode stop = field(progress, "stopReason");
        s.stopReason = stop.isNull() ? null : StopReason.valueOf(stop.asText());

        JsonNode best = field(root, "best");
        s.bestScore = doubleField(best, "score");
        s.bestEpoch = (int) longField(best, "epoch");
        s.bestStep = longField(best, "step");
        s.epochsWithoutImprovement = (int) longField(best, "epochsWithoutImprovement");

        JsonNode history = field(root, "history");
        readDoubles(field(history, "stepLosses"), s.stepLosses);
        readDoubles(field(history, "epochLosses"), s.epochLosses);
        readDoubles(field(history, "validations"), s.validations);
        // Checkpoints from before validation steps were recorded lack them; the trainer derives them on resume.
        history.path("validationSteps").forEach(n -> s.validationSteps.add(n.asLong()));
        if (s.stepLosses.size() != s.step) {
            throw new IllegalArgumentException("history.stepLosses has " + s.stepLosses.size() + " entries for "
                    + s.step + " steps");
        }
        Map<String, String> files = new LinkedHashMap<>();
        field(root, "files").fields().forEachRemaining(e -> files.put(e.getKey(), e.getValue().asText()));
        return new Content(settings, text(root, "settingsHash"), names, totalSteps, null,
                longField(field(root, "optimizer"), "step"), longField(field(root, "shuffle"), "seed"), s,
                field(best, "hasParameters").asBoolean(), files);
    }

    private static JsonNode field(JsonNode node, String name) {
        JsonNode v = node.get(name);
        if (v == null) {
            throw new IllegalArgumentException("field '" + name + "' is missing");
        }
        return v;
    }

    private static String text(JsonNode node, String name) {
        return field(node, name).asText();
    }

    private static long longField(JsonNode node, String name) {
        JsonNode v = field(node, name);
        if (!v.canConvertToLong() || !v.isIntegralNumber()) {
            throw new IllegalArgumentException("field '" + name + "' is not an integer: " + v);
        }
        return v.asLong();
    }

    private static double doubleField(JsonNode node, String name) {
        return parseDouble(field(node, name), name);
    }

    private static void putDouble(ObjectNode node, String name, double v) {
        if (Double.isFinite(v)) {
            node.put(name, v);
        } else {
            node.put(name, Double.toString(v));
        }
    }

    private static void putDoubles(ArrayNode array, List<Double> values) {
        for (double v : values) {
            if (Double.isFinite(v)) {
                array.add(v);
            } else {
                array.add(Double.toString(v));
            }
        }
    }

    private static void readDoubles(JsonNode array, List<Double> into) {
        for (JsonNode n : array) {
            into.add(parseDouble(n, "history value"));
        }
    }

    private static double parseDouble(JsonNode n, String what) {
        if (n.isNumber()) {
            return n.asDouble();
        }
        if (n.isTextual()) {
            try {
                return Double.parseDouble(n.asText());
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException(what + " is not a number: " + n, e);
            }
        }
        throw new IllegalArgumentException(what + " is not a number: " + n);
    }
}
