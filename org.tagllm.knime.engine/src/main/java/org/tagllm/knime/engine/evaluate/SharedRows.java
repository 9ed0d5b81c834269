package org.tagllm.knime.engine.evaluate;

import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;
import org.tagllm.knime.engine.data.Example;
import org.tagllm.knime.engine.method.DataSource;
import org.tagllm.knime.engine.method.LabelledTask;
import org.tagllm.knime.engine.method.TaskPredictions;
import org.tagllm.knime.engine.split.Partition;
import org.tagllm.knime.engine.split.SplitSpec;

/**
 * A comparison's rows, checked, split and capped once, written to one small table with a part column that every
 * run then reads: the same rows for every method by construction, and the source file (10,000 QED molecules, or
 * Davis joined with its drugs and kinases) is checked once instead of once per run.
 */
final class SharedRows implements AutoCloseable {

    static final String PART = "part";

    private final Path file;
    private final Benchmark benchmark;
    private final Map<Partition, List<Example>> parts;
    private final String scaffoldColumn;

    private SharedRows(Path file, Benchmark benchmark, Map<Partition, List<Example>> parts, String scaffoldColumn) {
        this.file = file;
        this.benchmark = benchmark;
        this.parts = parts;
        this.scaffoldColumn = scaffoldColumn;
    }

    /** Writes {@code parts} of {@code b} (train, valid, test in file order) to a temporary table. */
    static SharedRows write(Benchmark b, Map<Partition, List<Example>> parts) throws IOException {
        LabelledTask task = b.task();
        List<String> header = new ArrayList<>();
        task.inputs().forEach(in -> header.add(in.column()));
        boolean regression = task.type() == LabelledTask.Type.REGRESSION;
        if (regression) {
            header.addAll(task.targets());
        } else {
            header.add(task.label());
        }
        if (header.contains(PART)) {
            throw new IllegalArgumentException(b.id() + ": a task column is named '" + PART + "'");
        }
        header.add(PART);
        Path file = Files.createTempFile("tagllm-" + b.id() + "-", ".csv");
        // close() deletes it; this covers a run ended by Ctrl-C or SIGTERM, which unwinds no try-with-resources.
        file.toFile().deleteOnExit();
        try (Writer w = Files.newBufferedWriter(file, StandardCharsets.UTF_8);
                CSVPrinter csv = new CSVPrinter(w, CSVFormat.DEFAULT.builder().setHeader(header.toArray(String[]::new))
                        .build())) {
            for (Partition p : List.of(Partition.TRAIN, Partition.VALID, Partition.TEST)) {
                for (Example e : parts.get(p)) {
                    List<Object> row = new ArrayList<>();
                    task.inputs().forEach(in -> row.add(e.inputs().get(in.column())));
                    if (regression) {
                        for (double v : e.numericTarget()) {
                            row.add(Double.toString(v)); // shortest exact text: the value reads back bit-identical
                        }
                    } else {
                        row.add(e.label());
                    }
                    row.add(p == Partition.TRAIN ? "train" : p == Partition.VALID ? "valid" : "test");
                    csv.printRecord(row);
                }
            }
        } catch (IOException | RuntimeException e) {
            Files.deleteIfExists(file);
            throw e;
        }
        Benchmark local = new Benchmark(b.id(), b.title(), task, DataSource.of(file), PART, b.splitNote(),
                b.primaryMetric());
        String scaffolds = b.split() instanceof SplitSpec.Scaffold sc ? sc.column()
                : b.split() instanceof SplitSpec.ExchangeableScaffold x ? x.column() : null;
        return new SharedRows(file, local, parts, scaffolds);
    }

    /** The task reading the shared table (split by its part column, nothing left to cap). */
    Benchmark benchmark() {
        return benchmark;
    }

    /** The SMILES column whose scaffolds split the source rows, or null (not a scaffold split). */
    String scaffoldColumn() {
        return scaffoldColumn;
    }

    Map<Partition, List<Example>> parts() {
        return parts;
    }

    /** Predictions on the shared test rows, numbered as the rows of the source file. */
    TaskPredictions sourceRows(TaskPredictions p) {
        List<Example> test = parts.get(Partition.TEST);
        if (p.size() != test.size()) {
            throw new IllegalStateException("a run tested " + p.size() + " rows of " + test.size());
        }
        long[] rows = test.stream().mapToLong(Example::row).toArray();
        return new TaskPredictions(rows, p.truth(), p.predicted());
    }

    @Override
    public void close() throws IOException {
        Files.deleteIfExists(file);
    }
}
