package org.tagllm.spark;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;
import org.tagllm.knime.engine.ModelFormatException;
import org.tagllm.knime.engine.bank.BankConflictException;
import org.tagllm.knime.engine.bank.FieldEntry;
import org.tagllm.knime.engine.method.TagPredictor;
import org.tagllm.knime.engine.predict.PredictionColumns;
import org.tagllm.knime.engine.predict.SharedModels;

/**
 * Scores a Spark table with a trained bank: every partition goes through the engine's streaming predictor on its
 * executor ({@link PartitionPredictor}), one model per executor JVM. The result has the columns of
 * {@code tagllm predict} ({@link PredictionColumns}): {@code row}, the kept input columns as text, the prediction
 * values, {@code predicted_class} for classification, {@code problem} and {@code truncated}; bad rows keep their
 * place with the reason. (Only where Spark ignores case in names, as by default, a prediction column named as an
 * input column but for case gets a suffix: {@link #schema}.)
 *
 * <pre>{@code
 * Dataset<Row> library = spark.read().parquet("/shared/library.parquet");
 * Dataset<Row> scored = TagLlmSpark.predict(library, SparkPredictOptions.of("/shared/models/m", "/shared/banks/qed"));
 * scored.write().parquet("/shared/library-scored.parquet");
 * }</pre>
 *
 * <p>Lazy as any transformation, except that numbering the rows ({@code zipWithIndex}) counts the partitions first.
 */
public final class TagLlmSpark {

    private TagLlmSpark() {}

    /**
     * @throws IllegalArgumentException when a column the task reads, or a column to keep, is not in {@code rows}
     * @throws IllegalStateException    when the model or bank folder is not on the driver's host, or cannot be read
     *                                  (the layout of the output is read from them once, on the driver)
     */
    public static Dataset<Row> predict(Dataset<Row> rows, SparkPredictOptions options) {
        SparkSession spark = rows.sparkSession();
        List<String> columns = Arrays.asList(rows.columns());
        List<String> kept = options.keep() == null ? columns : options.keep();
        kept.forEach(c -> require(c, "to keep", columns));
        PredictionColumns layout;
        List<String> inputs;
        // The layout needs the bank's outputs: read once on the driver, from the same shared model as in local mode.
        try (TagPredictor predictor = TagPredictor.open(SharedModels.model(Path.of(options.model())),
                SharedModels.bank(Path.of(options.bank())), options.functionTag())) {
            inputs = SharedModels.bank(Path.of(options.bank())).task(predictor.functionTag()).orElseThrow().fields()
                    .stream().map(FieldEntry::name).toList();
            inputs.forEach(c -> require(c, "read by the task " + predictor.functionTag() + " and so needed", columns));
            layout = PredictionColumns.builder(predictor, kept).build();
        } catch (IOException | ModelFormatException | BankConflictException e) {
            throw new IllegalStateException(e.getMessage(), e);
        }
        String bankOnExecutors = BankLocation.fromDriver(spark.sparkContext(), options.bank(), options.shipBank());
        List<String> served = new ArrayList<>(columns);
        served.removeIf(c -> !layout.kept().contains(c) && !inputs.contains(c));
        int[] indexes = served.stream().mapToInt(columns::indexOf).toArray();
        JavaRDD<Row> scored = rows.javaRDD().zipWithIndex().mapPartitions(new PartitionPredictor(options,
                bankOnExecutors, served, indexes, layout.kept()));
        boolean caseSensitive = Boolean.parseBoolean(spark.conf().get("spark.sql.caseSensitive", "false"));
        return spark.createDataFrame(scored, schema(layout, caseSensitive));
    }

    /**
     * The Spark schema of {@code layout}: every column nullable (a bad row has no values, a good one no problem). Spark
     * compares names without case by default, so there a generated column whose name differs from an input column's
     * only in case ({@code QED} beside an input {@code qed}) is suffixed as the layout suffixes equal names
     * ({@code QED_2}); Parquet and Spark SQL would refuse the pair.
     */
    static StructType schema(PredictionColumns layout, boolean caseSensitive) {
        List<StructField> fields = new ArrayList<>();
        Set<String> taken = new HashSet<>();
        layout.columns().stream().filter(c -> c.role() == PredictionColumns.Role.INPUT)
                .forEach(c -> taken.add(key(c.name(), caseSensitive)));
        for (PredictionColumns.Column c : layout.columns()) {
            DataType type = switch (c.type()) {
                case LONG -> DataTypes.LongType;
                case DOUBLE -> DataTypes.DoubleType;
                case STRING -> DataTypes.StringType;
            };
            String name = c.name();
            if (c.role() != PredictionColumns.Role.INPUT) {
                for (int i = 2; taken.contains(key(name, caseSensitive)); i++) {
                    name = c.name() + "_" + i;
                }
                taken.add(key(name, caseSensitive));
            }
            fields.add(DataTypes.createStructField(name, type, c.type() != PredictionColumns.Type.LONG));
        }
        return DataTypes.createStructType(fields);
    }

    private static String key(String name, boolean caseSensitive) {
        return caseSensitive ? name : name.toLowerCase(Locale.ROOT);
    }

    private static void require(String column, String why, List<String> columns) {
        if (!columns.contains(column)) {
            throw new IllegalArgumentException("column '" + column + "', " + why + ", is not in the table; it has "
                    + columns);
        }
    }
}
