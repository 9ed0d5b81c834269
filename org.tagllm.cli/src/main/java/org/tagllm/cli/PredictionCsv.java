package org.tagllm.cli;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;
import org.tagllm.knime.engine.io.AtomicFiles;
import org.tagllm.knime.engine.method.TagPredictor;

/**
 * A predictor's output as CSV, written atomically: {@code row}, the input columns, optionally the known value, one
 * column per prediction value (original units, class probabilities, or the generated text), for classification
 * {@code predicted_class} ({@link TagPredictor.Result#predictedClass}), {@code problem} for rows that could not be
 * predicted, and {@code truncated} for rows predicted from inputs cut to the length limit (their own column: such a
 * row has its prediction, and its input columns hold the values whole). A row that could not be split into fields shows its whole text under the first input; control characters
 * are written as {@code \}{@code uXXXX} escapes ({@link VisibleText}).
 */
final class PredictionCsv {

    static final String PREDICTED_CLASS = "predicted_class";

    private PredictionCsv() {}

    static void write(Path out, TagPredictor.Result result) throws IOException {
        write(out, result, null, null);
    }

    /**
     * @param knownColumn a column of known values placed before the predictions (e.g. the true target), or null
     * @param known       its values, one per prediction in order
     */
    static void write(Path out, TagPredictor.Result result, String knownColumn, double[] known) throws IOException {
        List<TagPredictor.Prediction> predictions = result.predictions();
        if (knownColumn != null && known.length != predictions.size()) {
            throw new IllegalArgumentException(known.length + " known values for " + predictions.size()
                    + " predictions");
        }
        // Every row's input columns, in order: a row that could not be split into fields holds fewer.
        Set<String> inputColumns = new LinkedHashSet<>();
        predictions.forEach(p -> inputColumns.addAll(p.inputs().keySet()));
        List<String> inputs = new ArrayList<>(inputColumns);
        List<String> header = new ArrayList<>(List.of("row"));
        header.addAll(inputs);
        if (knownColumn != null) {
            header.add(knownColumn);
        }
        header.addAll(result.outputNames());
        boolean classes = !result.classLabels().isEmpty();
        if (classes) {
            header.add(PREDICTED_CLASS);
        }
        header.add("problem");
        header.add("truncated");
        AtomicFiles.write(out, stream -> {
            BufferedWriter w = new BufferedWriter(new OutputStreamWriter(stream, StandardCharsets.UTF_8));
            CSVPrinter csv = new CSVPrinter(w, CSVFormat.DEFAULT.builder()
                    .setHeader(header.stream().map(VisibleText::of).toArray(String[]::new))
                    .get());
            for (int r = 0; r < predictions.size(); r++) {
                TagPredictor.Prediction p = predictions.get(r);
                List<Object> row = new ArrayList<>();
                row.add(p.row());
                inputs.forEach(c -> row.add(VisibleText.of(p.inputs().get(c))));
                if (knownColumn != null) {
                    row.add(known[r]);
                }
                for (int i = 0; i < result.outputNames().size(); i++) {
                    row.add(p.text() != null ? VisibleText.of(p.text()) : p.values() == null ? "" : p.values()[i]);
                }
                if (classes) {
                    String predicted = result.predictedClass(p);
                    row.add(predicted == null ? "" : predicted);
                }
                row.add(p.problem() == null ? "" : VisibleText.of(p.problem()));
                row.add(p.truncated() == null ? "" : VisibleText.of(p.truncated()));
                csv.printRecord(row);
            }
            csv.flush();
        });
    }
}
