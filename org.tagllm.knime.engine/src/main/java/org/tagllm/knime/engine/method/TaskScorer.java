package org.tagllm.knime.engine.method;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.LongConsumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.tagllm.knime.engine.tags.SequenceEncoder;
import org.tagllm.knime.engine.tags.TagBatch;
import org.tagllm.knime.engine.tags.TagModel;
import org.tagllm.knime.engine.tags.TaggedSequence;
import org.tagllm.knime.engine.tags.TaskTemplate;
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

    private final TagModel model;
    private final TextTokenizer tokenizer;
    private final Answering answering;
    private final TaskTemplate template;
    private final SequenceEncoder encoder;
    private final List<String> classes;
    private final double fallback;
    private final double low;
    private final double high;
    private final int batch;
    private LongConsumer rowsDone = done -> {};

    /**
     * @param trainTargets the training rows' first targets: their mean stands in for an unreadable written answer,
     *                     their range bounds a plausible one
     */
    TaskScorer(TagModel model, TextTokenizer tokenizer, Answering answering, TaskTemplate template,
            SequenceEncoder encoder, List<String> classes, double[] trainTargets, int batch) {
        this.model = model;
        this.tokenizer = tokenizer;
        this.answering = answering;
        this.template = template;
        this.encoder = encoder;
        this.classes = classes;
        this.fallback = Arrays.stream(trainTargets).average().orElse(0);
        double min = Arrays.stream(trainTargets).min().orElse(0);
        double max = Arrays.stream(trainTargets).max().orElse(0);
        this.low = min - (max - min);
        this.high = max + (max - min);
        this.batch = batch;
    }

    /** Where the following calls report the rows answered so far (per batch where the head answers). */
    void reportRowsTo(LongConsumer rowsDone) {
        this.rowsDone = rowsDone;
    }

    Map<String, Double> metrics(List<TrainExample> rows) {
        if (answering.type() == LabelledTask.Type.GENERATION) {
            return GenerationMetrics.of(model, tokenizer, rows, batch, GENERATION_SAMPLE);
        }
        return metrics(rows, predictions(rows));
    }

    /** The figures of {@code predicted}, answers to {@code rows} (regression or classification tasks). */
    Map<String, Double> metrics(List<TrainExample> rows, TaskPredictions predicted) {
        if (answering.type() == LabelledTask.Type.GENERATION) {
            return GenerationMetrics.of(model, tokenizer, rows, batch, GENERATION_SAMPLE);
        }
        Map<String, Double> m = new LinkedHashMap<>(answering.type() == LabelledTask.Type.REGRESSION
                ? Metrics.regression(Arrays.stream(predicted.truth()).mapToDouble(t -> t[0]).toArray(),
                        Arrays.stream(predicted.predicted()).mapToDouble(p -> p[0]).toArray())
                : Metrics.classification(labels(rows), predicted.predicted()));
        if (answering.numberAsText()) {
            m.put("unparsed_fraction", unparsed / (double) Math.max(1, rows.size()));
        }
        return m;
    }

    private int unparsed;

    /** Each row's answer (empty for generation tasks, whose answers are text). */
    TaskPredictions predictions(List<TrainExample> rows) {
        if (answering.type() == LabelledTask.Type.GENERATION) {
            return TaskPredictions.empty();
        }
        long[] ids = rows.stream().mapToLong(TrainExample::row).toArray();
        double[][] truth = rows.stream().map(r -> answering.type() == LabelledTask.Type.REGRESSION ? r.target()
                : new double[] {r.label()}).toArray(double[][]::new);
        double[][] predicted;
        if (answering.numberAsText()) {
            predicted = writtenNumbers(rows);
        } else if (answering.labelAsText()) {
            predicted = labelLikelihoods(rows);
        } else {
            predicted = headValues(model, rows, batch, rowsDone);
        }
        return new TaskPredictions(ids, truth, predicted);
    }

    /** A head's values (original units) or calibrated class probabilities, batch by batch. */
    static double[][] headValues(TagModel model, List<TrainExample> rows, int batch) {
        return headValues(model, rows, batch, done -> {});
    }

    /** As {@link #headValues(TagModel, List, int)}, telling {@code done} the rows answered after every batch. */
    static double[][] headValues(TagModel model, List<TrainExample> rows, int batch, LongConsumer done) {
        done.accept(0);
        double[][] out = new double[rows.size()][];
        for (int start = 0; start < rows.size(); start += batch) {
            List<TrainExample> part = rows.subList(start, Math.min(rows.size(), start + batch));
            double[][] p = model.predict(TagBatch.of(part.stream().map(TrainExample::sequence).toList(),
                    TagBatch.Padding.RIGHT));
            System.arraycopy(p, 0, out, start, p.length);
            done.accept(start + p.length);
        }
        return out;
    }

    static int[] labels(List<TrainExample> rows) {
        return rows.stream().mapToInt(TrainExample::label).toArray();
    }

    /** The first number of each greedy answer; the fallback where there is none. */
    private double[][] writtenNumbers(List<TrainExample> rows) {
        unparsed = 0;
        double[][] out = new double[rows.size()][];
        for (int i = 0; i < rows.size(); i++) {
            TrainExample e = rows.get(i);
            String text = tokenizer.decode(model.generate(e.prompt(), Answering.SHORT_ANSWER_RESERVE));
            Double value = firstNumber(text);
            if (value != null && (value < low || value > high)) {
                value = null; // implausible: read as no answer
            }
            if (value == null) {
                unparsed++;
            }
            out[i] = new double[] {value == null ? fallback : value};
        }
        return out;
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
            for (int start = 0; start < rows.size(); start += batch) {
                List<TaggedSequence> part = rows.subList(start, Math.min(rows.size(), start + batch)).stream()
                        .map(e -> e.prompt().withTargets(answer)).toList();
                double[] ll = model.targetLogLikelihoods(TagBatch.of(part, TagBatch.Padding.RIGHT));
                for (int i = 0; i < ll.length; i++) {
                    logLikelihood[start + i][c] = ll[i];
                }
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
