package org.tagllm.spark;

import java.io.IOException;
import java.io.PrintWriter;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.apache.spark.sql.AnalysisException;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;
import org.tagllm.knime.engine.method.Batching;
import org.tagllm.knime.engine.method.TagPredictor;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * The {@code spark-submit} job: {@code tagllm predict} on a Spark cluster, reading and writing CSV or Parquet by the
 * files' extensions (or {@code --in-format}/{@code --out-format}).
 *
 * <pre>
 * spark-submit --class org.tagllm.spark.PredictJob org.tagllm.spark-VERSION-spark-submit.jar \
 *     --model /shared/models/m --bank /shared/banks/qed --data /shared/library.parquet --out /shared/scored.parquet
 * </pre>
 */
@Command(name = "tagllm-spark-predict", mixinStandardHelpOptions = true,
        description = {"Apply a bank's function tag and head to a table on Spark: every executor loads the model once "
                + "and streams its partitions through it. Writes the columns of 'tagllm predict': row, the kept input "
                + "columns, one column per prediction value, 'predicted_class' for classification, 'problem' and "
                + "'truncated'."})
public final class PredictJob implements Callable<Integer> {

    /** File formats read and written. */
    enum Format { CSV, PARQUET }

    @Option(names = "--model", required = true, paramLabel = "DIR",
            description = "Base model folder, on a path every executor sees.")
    String model;

    @Option(names = "--bank", required = true, paramLabel = "DIR",
            description = "Bank with the function tag, its head and task, on a path every executor sees (or see "
                    + "--ship-bank).")
    String bank;

    @Option(names = "--ship-bank", description = "Send the bank folder from the driver to the executors "
            + "(SparkFiles) instead of reading it from a shared path; for small banks.")
    boolean shipBank;

    @Option(names = "--function-tag", paramLabel = "TAG", description = "Which function tag (when the bank holds "
            + "several).")
    String functionTag;

    @Option(names = "--data", required = true, paramLabel = "PATH", description = "Rows to predict: a CSV file "
            + "with a header, or Parquet (a file or folder).")
    String data;

    @Option(names = "--out", required = true, paramLabel = "PATH", description = "Where to write the predictions "
            + "(a folder of part files, as Spark writes); must not exist.")
    String out;

    @Option(names = "--in-format", paramLabel = "FORMAT", description = "csv or parquet (default: by --data's "
            + "extension).")
    Format inFormat;

    @Option(names = "--out-format", paramLabel = "FORMAT", description = "csv or parquet (default: by --out's "
            + "extension).")
    Format outFormat;

    @Option(names = "--keep", paramLabel = "COLS", split = ",",
            description = "Input columns written beside the predictions, in this order (default: every column).")
    List<String> keep;

    @Option(names = "--max-tokens", paramLabel = "N", description = "Positions per row at most, instead of the "
            + "limit the bank was trained with (the default).")
    Integer maxTokens;

    @Option(names = "--batch", paramLabel = "N", defaultValue = "32",
            description = "Rows per forward pass (default: ${DEFAULT-VALUE}).")
    int batch;

    @Option(names = "--batching", paramLabel = "MODE", defaultValue = "by-length", converter = BatchingMode.class,
            description = "by-length (rows of like token length batched together within a partition's window) or "
                    + "pad-to-longest (batches in input order); default: ${DEFAULT-VALUE}.")
    Batching batching;

    @Option(names = "--threads-per-task", paramLabel = "N", defaultValue = "0",
            description = "libtorch threads per task (default: spark.task.cpus, so that an executor's tasks together "
                    + "use its cores).")
    int threadsPerTask;

    @Spec
    CommandSpec spec;

    private SparkSession spark;

    public static void main(String[] args) {
        System.exit(run(null, args, new PrintWriter(System.out, true), new PrintWriter(System.err, true)));
    }

    /**
     * Runs the job on {@code spark} (null: the session spark-submit set up) and returns the exit code: 0, 1 for bad
     * input (a one-line message on {@code err}), 2 for bad usage.
     */
    static int run(SparkSession spark, String[] args, PrintWriter out, PrintWriter err) {
        PredictJob job = new PredictJob();
        job.spark = spark;
        CommandLine cl = new CommandLine(job).setCaseInsensitiveEnumValuesAllowed(true).setOut(out).setErr(err);
        cl.setExecutionExceptionHandler((e, line, parsed) -> {
            // Bad input in one line: a missing column or folder (ours), a missing input path (Spark's own check).
            if (e instanceof IllegalArgumentException || e instanceof IllegalStateException
                    || e instanceof AnalysisException) {
                line.getErr().println("tagllm-spark-predict: " + e.getMessage().lines().findFirst().orElse(""));
                return 1;
            }
            throw e;
        });
        return cl.execute(args);
    }

    @Override
    public Integer call() {
        SparkSession session = spark != null ? spark : SparkSession.builder().appName("tagllm predict").getOrCreate();
        SparkPredictOptions options = new SparkPredictOptions(model, bank, shipBank, functionTag,
                maxTokens == null ? TagPredictor.BANK_LIMIT : maxTokens, batch, batching, keep,
                threadsPerTask);
        Format in = inFormat != null ? inFormat : formatOf(data, "--data");
        Format to = outFormat != null ? outFormat : formatOf(out, "--out");
        refuseExisting(session, out);
        Dataset<Row> rows = in == Format.CSV ? session.read().option("header", "true").csv(data)
                : session.read().parquet(data);
        Dataset<Row> scored = TagLlmSpark.predict(rows, options);
        var writer = scored.write().mode(SaveMode.ErrorIfExists);
        if (to == Format.CSV) {
            writer.option("header", "true").csv(out);
        } else {
            writer.parquet(out);
        }
        spec.commandLine().getOut().println("wrote " + out);
        return 0;
    }

    /** Before any row is predicted: Spark would refuse an existing output only after the whole job. */
    private static void refuseExisting(SparkSession session, String out) {
        try {
            org.apache.hadoop.fs.Path path = new org.apache.hadoop.fs.Path(out);
            if (path.getFileSystem(session.sparkContext().hadoopConfiguration()).exists(path)) {
                throw new IllegalArgumentException("--out " + out + " exists; give a new path (Spark writes a folder "
                        + "of part files)");
            }
        } catch (IOException e) {
            throw new IllegalStateException("--out " + out + ": " + e.getMessage(), e);
        }
    }

    /** {@code by-length} or {@code pad-to-longest}, as {@code tagllm predict} spells them. */
    static final class BatchingMode implements CommandLine.ITypeConverter<Batching> {
        @Override
        public Batching convert(String mode) {
            return switch (mode.toLowerCase(Locale.ROOT)) {
                case "by-length" -> Batching.BY_LENGTH;
                case "pad-to-longest" -> Batching.PAD_TO_LONGEST;
                default -> throw new CommandLine.TypeConversionException("'" + mode
                        + "': give by-length or pad-to-longest");
            };
        }
    }

    static Format formatOf(String path, String option) {
        String p = path.toLowerCase(Locale.ROOT).replaceAll("/+$", "");
        if (p.endsWith(".csv")) {
            return Format.CSV;
        }
        if (p.endsWith(".parquet")) {
            return Format.PARQUET;
        }
        throw new IllegalArgumentException(option + " " + path + ": name a .csv or .parquet path, or give the format "
                + "(--in-format/--out-format csv|parquet)");
    }
}
