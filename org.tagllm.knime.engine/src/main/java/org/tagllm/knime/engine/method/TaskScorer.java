package org.tagllm.knime.engine.method;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.LongConsumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.tagllm.knime.engine.tags.SequenceEncoder;
import org.tagllm.knime.engine.tags.TagModel;
import org.tagllm.knime.engine.tags.TaggedSequence;
import org.tagllm.knime.engine.tags.Tokenization;
import org.tagllm.knime.engine.tokenizer.TextTokenizer;

/**
 * A trained task's answers and figures on held-out rows, whichever way it answers: a head's values or class
 * probabilities; or, when the frozen LM head answers (the ablation without head), the number it writes greedily
 * (parsed; an answer without a number, or with one implausibly far outside the training targets — more than their
 * span beyond either end, e.g. a runaway string of digits — counts as the training mean and is reported as
 * {@code unparsed_fraction}), or
 * each class label's likelihood as the answer text, normalised over the classes. Generation tasks report answer loss
 * and exact match.
 */
final class TaskScorer {

    /** Rows decoded greedily for the exact-match figure of a generation task (decoding is one row at a time). */
    static final int GENERATION_SAMPLE = 200;

    private static final Pattern NUMBER = Pattern.compile("[-+]?(\\d+(\\.\\d*)?|\\.\\d+)([eE][-+]?\\d+)?");

    private final BatchedReadout readout;
    private final TextTokenizer tokenizer;
    private final Answering answering;
    private final SequenceEncoder encoder;
    private final List<String> classes;
    private final double fallback;
    private final double low;
    private final double high;

    /**
     * Each row's answer (none for generation tasks, whose answers are text), and how many written numbers could not
     * be read (0 unless the LM head writes numbers).
     */
    record Answers(TaskPredictions predictions, int unparsed) {

        static final Answers NONE = new Answers(TaskPredictions.empty(), 0);
    }

    /**
     * @param trainTargets the training rows' first targets: their mean stands in for an unreadable written answer,
     *                     their range bounds a plausible one
     */
    TaskScorer(TagModel model, TextTokenizer tokenizer, Answering answering, SequenceEncoder encoder,
            List<String> classes, double[] trainTargets, int batch) {
        this.readout = new BatchedReadout(model, tokenizer, batch);
        this.tokenizer = tokenizer;
        this.answering = answering;
        this.encoder = encoder;
        this.classes = classes;
        this.fallback = Arrays.stream(trainTargets).average().orElse(0);
        double min = Arrays.stream(trainTargets).min().orElse(0);
        double max = Arrays.stream(trainTargets).max().orElse(0);
        this.low = min - (max - min);
        this.high = max + (max - min);
    }

    /** The figures of {@code answered}, the answers to {@code rows}, the most probable class predicted. */
    Map<String, Double> metrics(List<TrainExample> rows, Answers answered) {
        return metrics(rows, answered, ClassDecision.MOST_PROBABLE);
    }

    /** The figures of {@code answered}, the answers to {@code rows}, classes named by {@code decision}. */
    Map<String, Double> metrics(List<TrainExample> rows, Answers answered, ClassDecision decision) {
        if (answering.type() == LabelledTask.Type.GENERATION) {
            return GenerationMetrics.of(readout, rows, GENERATION_SAMPLE);
        }
        TaskPredictions predicted = answered.predictions();
        Map<String, Double> m = new LinkedHashMap<>(answering.type() == LabelledTask.Type.REGRESSION
                ? Metrics.regression(Arrays.stream(predicted.truth()).mapToDouble(t -> t[0]).toArray(),
                        Arrays.stream(predicted.predicted()).mapToDouble(p -> p[0]).toArray())
                : Metrics.classification(labels(rows), predicted.predicted(), decision));
        if (answering.numberAsText()) {
            m.put("unparsed_fraction", answered.unparsed() / (double) Math.max(1, rows.size()));
        }
        return m;
    }

    /** Each row's answer, telling {@code rowsDone} the rows answered so far (per batch where the head answers). */
    Answers answers(List<TrainExample> rows, LongConsumer rowsDone) {
        if (answering.type() == LabelledTask.Type.GENERATION) {
            return Answers.NONE;
        }
        long[] ids = rows.stream().mapToLong(TrainExample::row).toArray();
        double[][] truth = rows.stream().map(r -> answering.type() == LabelledTask.Type.REGRESSION ? r.target()
                : new double[] {r.label()}).toArray(double[][]::new);
        if (answering.numberAsText()) {
            return writtenNumbers(ids, truth, rows);
        }
        double[][] predicted = answering.labelAsText() ? labelLikelihoods(rows)
                : readout.headValues(sequences(rows), rowsDone);
        return new Answers(new TaskPredictions(ids, truth, predicted), 0);
    }

    static List<TaggedSequence> sequences(List<TrainExample> rows) {
        return rows.stream().map(TrainExample::sequence).toList();
    }

    static int[] labels(List<TrainExample> rows) {
        return rows.stream().mapToInt(TrainExample::label).toArray();
    }

    /** The first number of each greedy answer; the fallback where there is none, counted as unparsed. */
    private Answers writtenNumbers(long[] ids, double[][] truth, List<TrainExample> rows) {
        int unparsed = 0;
        double[][] out = new double[rows.size()][];
        for (int i = 0; i < rows.size(); i++) {
            Double value = firstNumber(readout.answer(rows.get(i).prompt(), answering));
            if (value != null && (value < low || value > high)) {
                value = null; // implausible: read as no answer
            }
            if (value == null) {
                unparsed++;
            }
            out[i] = new double[] {value == null ? fallback : value};
        }
        return new Answers(new TaskPredictions(ids, truth, out), unparsed);
    }

    static Double firstNumber(String text) {
        Matcher m = NUMBER.matcher(text);
        if (!m.find()) {
            return null;
        }
        double v = Double.parseDouble(m.group());
        return Double.isFinite(v) ? v : null;
    }

    /**
     * P(class | input) ∝ exp(log-likelihood of the class label written as the answer, EOS included): each label's
     * answer scored by the frozen LM head, normalised over the classes.
     */
    private double[][] labelLikelihoods(List<TrainExample> rows) {
        long eos = tokenizer.eosIds().stream().mapToLong(Long::longValue).min().orElseThrow(
                () -> new IllegalStateException("the tokenizer declares no end-of-sequence id"));
        double[][] logLikelihood = new double[rows.size()][classes.size()];
        for (int c = 0; c < classes.size(); c++) {
            long[] label = encoder.tokens(classes.get(c), Tokenization.MODEL);
            long[] answer = Arrays.copyOf(label, label.length + 1);
            answer[label.length] = eos;
            double[] ll = readout.targetLogLikelihoods(rows.stream().map(e -> e.prompt().withTargets(answer))
                    .toList());
            for (int i = 0; i < ll.length; i++) {
                logLikelihood[i][c] = ll[i];
            }
        }
        for (double[] row : logLikelihood) {
            double max = Arrays.stream(row).max().orElseThrow();
            double sum = 0;
            for (int c = 0; c < row.length; c++) {
                row[c] = Math.exp(row[c] - max);
                sum += row[c];
            }
            for (int c = 0; c < row.length; c++) {
                row[c] /= sum;
            }
        }
        return logLikelihood;
    }
}
