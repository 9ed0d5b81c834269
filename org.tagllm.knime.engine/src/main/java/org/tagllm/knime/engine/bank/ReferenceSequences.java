package org.tagllm.knime.engine.bank;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.tagllm.knime.engine.tensor.FloatTensor;

/**
 * A calibrated function tag's training protein sequences, each once: the reference of the sequence-identity
 * applicability domain. Stored beside the calibration as {@code calibration.<Name>.sequences}, {@code [n, length]}: each
 * row one sequence's characters as code points (exact in float), padded with 0.
 *
 * @param field     the task's (first) protein field
 * @param sequences the distinct training sequences
 */
public record ReferenceSequences(String field, List<String> sequences) {

    public ReferenceSequences {
        Objects.requireNonNull(field, "field");
        sequences = List.copyOf(sequences);
        if (sequences.isEmpty()) {
            throw new IllegalArgumentException("reference sequences of field '" + field + "' are empty");
        }
    }

    public static String tensorName(String functionTag) {
        return "calibration." + functionTag + ".sequences";
    }

    /** The task's first protein field ({@code protein} or {@code protein_iupac}), or null. */
    public static String proteinField(TaskEntry task) {
        return task.fields().stream().filter(f -> f.kind() != null && f.kind().toLowerCase(java.util.Locale.ROOT)
                .replace('-', '_').startsWith("protein")).map(FieldEntry::name).findFirst().orElse(null);
    }

    FloatTensor toTensor() {
        int width = sequences.stream().mapToInt(String::length).max().orElse(0);
        float[] values = new float[sequences.size() * width];
        for (int i = 0; i < sequences.size(); i++) {
            String s = sequences.get(i);
            for (int j = 0; j < s.length(); j++) {
                values[i * width + j] = s.charAt(j);
            }
        }
        return new FloatTensor(values, new long[] {sequences.size(), width});
    }

    static List<String> fromTensor(FloatTensor t) {
        int rows = (int) t.shape()[0];
        int width = (int) t.shape()[1];
        float[] v = t.values();
        List<String> out = new ArrayList<>(rows);
        for (int i = 0; i < rows; i++) {
            StringBuilder s = new StringBuilder(width);
            for (int j = 0; j < width && v[i * width + j] != 0; j++) {
                s.append((char) v[i * width + j]);
            }
            out.add(s.toString());
        }
        return out;
    }
}
