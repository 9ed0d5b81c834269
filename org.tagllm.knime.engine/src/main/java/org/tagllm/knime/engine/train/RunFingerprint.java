package org.tagllm.knime.engine.train;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Everything a run's trajectory depends on besides the parameters: the trajectory settings, the number of training
 * examples, the trainables' names and shapes and the validation goal. A checkpoint stores it with its SHA-256, and a
 * run resumes only from a checkpoint with the same fingerprint, so that resuming reproduces the uninterrupted run.
 */
final class RunFingerprint {

    private RunFingerprint() {}

    static Map<String, String> of(TrainingSettings settings, int trainingExamples, TrainableSet trainables,
            Evaluator evaluator) {
        Map<String, String> m = new LinkedHashMap<>(settings.trajectory());
        m.put("trainingExamples", Integer.toString(trainingExamples));
        StringBuilder shapes = new StringBuilder();
        trainables.shapes().forEach((name, shape) -> shapes.append(shapes.length() == 0 ? "" : " ").append(name)
                .append(Arrays.toString(shape).replace(" ", "")));
        m.put("trainables", shapes.toString());
        m.put("validation", evaluator == null ? "none" : evaluator.goal().name());
        return m;
    }

    /** SHA-256 (hex) of the entries in order, each as {@code key=value\n}. */
    static String hash(Map<String, String> fingerprint) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            fingerprint.forEach((k, v) -> sha.update((k + "=" + v + "\n").getBytes(StandardCharsets.UTF_8)));
            return HexFormat.of().formatHex(sha.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
    }

    /** The settings that differ, each as {@code name: checkpoint value → current value}; empty when none do. */
    static List<String> differences(Map<String, String> checkpoint, Map<String, String> current) {
        List<String> out = new ArrayList<>();
        for (Map.Entry<String, String> e : current.entrySet()) {
            String old = checkpoint.get(e.getKey());
            if (!Objects.equals(old, e.getValue())) {
                out.add(e.getKey() + " was " + (old == null ? "absent" : old) + " in the checkpoint, now "
                        + e.getValue());
            }
        }
        for (String key : checkpoint.keySet()) {
            if (!current.containsKey(key)) {
                out.add(key + " was " + checkpoint.get(key) + " in the checkpoint and is unknown now");
            }
        }
        return out;
    }
}
