package org.tagllm.knime.engine.evaluate;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import java.util.List;
import java.util.Map;

/**
 * The evaluate results file ({@code results.json}) as typed records, read and written by {@link ComparisonResultsJson}.
 * Undefined figures are null (a {@code Double} component), as in the file. The order of the components is the order
 * of the keys in the file.
 *
 * @param stage1 the CLI's note on the stage-1 banks it trained (absent when none were trained)
 */
@JsonPropertyOrder({"model", "protocol", "tasks", "stage1"})
public record ComparisonResults(String model, Protocol protocol, Map<String, TaskResults> tasks,
        @JsonInclude(JsonInclude.Include.NON_NULL) StageOne stage1) {

    /** These results with the CLI's stage-1 note (null: none). */
    public ComparisonResults withStage1(StageOne note) {
        return new ComparisonResults(model, protocol, tasks, note);
    }

    /** The protocol every run of a comparison followed. */
    @JsonPropertyOrder({"seeds", "learning_rates", "max_epochs", "batch_size", "vectors", "max_tokens",
        "max_train_rows", "max_eval_rows", "data_seed", "prompt_init", "max_tokens_per_field"})
    public record Protocol(List<Long> seeds, @JsonProperty("learning_rates") List<Double> learningRates,
            @JsonProperty("max_epochs") int maxEpochs, @JsonProperty("batch_size") int batchSize, int vectors,
            @JsonProperty("max_tokens") int maxTokens, @JsonProperty("max_train_rows") int maxTrainRows,
            @JsonProperty("max_eval_rows") int maxEvalRows, @JsonProperty("data_seed") long dataSeed,
            // Absent in files written before prompt initialisation was a setting.
            @JsonInclude(JsonInclude.Include.NON_NULL) @JsonProperty("prompt_init") String promptInit,
            @JsonInclude(JsonInclude.Include.NON_EMPTY)
            @JsonProperty("max_tokens_per_field") Map<String, Integer> maxTokensPerField,
            // Absent in files written before imbalance-aware classification (issue 18).
            @JsonInclude(JsonInclude.Include.NON_NULL) @JsonProperty("class_balance") String classBalance,
            @JsonInclude(JsonInclude.Include.NON_NULL) @JsonProperty("threshold") String threshold) {}

    /** One task: what it is, per method and test figure the summary over seeds, and every run. */
    @JsonPropertyOrder({"title", "type", "split", "primary_metric", "summary", "runs"})
    public record TaskResults(String title, String type, String split,
            @JsonProperty("primary_metric") String primaryMetric, Map<String, Map<String, Figure>> summary,
            List<Run> runs) {}

    /** A test figure over seeds: mean, sample standard deviation (null when undefined) and the count. */
    @JsonPropertyOrder({"mean", "std", "n"})
    public record Figure(Double mean, Double std, int n) {}

    /** One run; the chosen run of the first seed carries its test predictions. */
    @JsonPropertyOrder({"method", "seed", "learning_rate", "penalty", "chosen", "selection_score", "best_epoch",
        "trainable_parameters", "train_rows", "seconds", "valid", "test", "epoch_losses", "validations",
        "test_predictions"})
    public record Run(String method, long seed, @JsonProperty("learning_rate") Double learningRate, Double penalty,
            boolean chosen, @JsonProperty("selection_score") Double selectionScore,
            @JsonProperty("best_epoch") int bestEpoch, @JsonProperty("trainable_parameters") long trainableParameters,
            @JsonProperty("train_rows") int trainRows, double seconds, Map<String, Double> valid,
            Map<String, Double> test, @JsonProperty("epoch_losses") List<Double> epochLosses,
            List<Double> validations,
            @JsonInclude(JsonInclude.Include.NON_NULL) @JsonProperty("test_predictions") Predictions testPredictions) {}

    /** Truth and prediction per test row: the value, or for two classes the class index and P(second class). */
    @JsonPropertyOrder({"rows", "truth", "predicted"})
    public record Predictions(List<Long> rows, List<Double> truth, List<Double> predicted) {}

    /** What the stage-1 banks of a suite run trained on: the settings, and per domain tag its token limit. */
    @JsonPropertyOrder({"evaluation_rows_included", "examples", "steps", "learning_rate", "tags"})
    public record StageOne(@JsonProperty("evaluation_rows_included") boolean evaluationRowsIncluded, int examples,
            int steps, @JsonProperty("learning_rate") double learningRate, Map<String, StageOneTag> tags) {}

    /** One stage-1 tag: data tokens per example at most, and the corpus records left out as evaluation rows. */
    @JsonPropertyOrder({"max_tokens", "excluded_evaluation_rows"})
    public record StageOneTag(@JsonProperty("max_tokens") int maxTokens,
            @JsonProperty("excluded_evaluation_rows") int excludedEvaluationRows) {}
}
