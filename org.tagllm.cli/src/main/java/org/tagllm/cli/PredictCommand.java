package org.tagllm.cli;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.tagllm.knime.engine.LocalModel;
import org.tagllm.knime.engine.bank.TagBank;
import org.tagllm.knime.engine.io.OutputPreflight;
import org.tagllm.knime.engine.method.TagPredictor;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code tagllm predict}: a bank's function tag and head applied to a table. */
@Command(name = "predict", mixinStandardHelpOptions = true,
        description = {"Apply a bank's function tag and head (from 'train' or 'compose') to a table whose columns are "
                + "named as the task's inputs. Writes a CSV: row, the inputs, one column per prediction value "
                + "(original units, class probabilities, or the generated text), 'predicted_class' for classification "
                + "(the most probable class), and 'problem' for rows that could not be predicted. Progress goes to "
                + "standard error, the summary to standard output."})
final class PredictCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    ModelOption model;

    @Option(names = "--bank", required = true, paramLabel = "DIR", description = "Bank with the function tag, its head and task.")
    Path bank;

    @Option(names = "--function-tag", paramLabel = "TAG", description = "Which function tag (when the bank holds several).")
    String functionTag;

    @Option(names = "--data", required = true, paramLabel = "FILE", description = "Rows to predict (CSV/TSV).")
    Path data;

    @Option(names = "--out", required = true, paramLabel = "FILE", description = "Predictions (CSV).")
    Path out;

    @Option(names = "--join", paramLabel = "ID=FILE:COL[,COL]",
            description = "Join a pair table's id column with a lookup table of the same key column, bringing in the "
                    + "named columns (repeatable), e.g. 'drug_idx=davis_drugs.csv:smiles'.")
    List<String> joins = new ArrayList<>();

    @Option(names = "--max-tokens", paramLabel = "N",
            description = "Positions per row at most, instead of the limit the bank was trained with (the default; "
                    + TagPredictor.LEGACY_MAX_TOKENS + " for banks that record none). Longer inputs are cut for the "
                    + "model, flagged in column 'truncated' and written whole.")
    Integer maxTokens;

    @Option(names = "--batch", paramLabel = "N", defaultValue = "32", description = "Rows per forward pass (default: ${DEFAULT-VALUE}).")
    int batch;

    @Override
    public Integer call() throws Exception {
        OutputPreflight.file(out); // before the model loads and every row is predicted
        TagBank tags = TagBank.read(bank);
        TagPredictor.Result result;
        try (var threads = model.threads(); LocalModel lm = LocalModel.open(model.dir); TagPredictor predictor = TagPredictor.open(lm, tags, functionTag);
                TrainingProgressBar progress = new TrainingProgressBar("predict", spec.commandLine().getErr())) {
            if (maxTokens != null && maxTokens < 2) {
                throw new IllegalArgumentException("--max-tokens " + maxTokens + ": a row needs at least 2 positions");
            }
            result = predictor.predict(JoinOption.source(data, joins),
                    maxTokens == null ? TagPredictor.BANK_LIMIT : maxTokens, batch, progress, () -> false);
        }
        if (result.lengthNote() != null) {
            spec.commandLine().getErr().println("predict: " + result.lengthNote());
        }
        PredictionCsv.write(out, result);
        long failed = result.predictions().stream().filter(p -> p.problem() != null).count();
        spec.commandLine().getOut().printf("predicted %d of %d rows (%d with a problem, see column 'problem'; "
                + "%d cut to fit, see column 'truncated'); wrote %s%n", result.predictions().size() - failed,
                result.predictions().size(), failed, result.truncatedRows(), out);
        return ExitCodes.OK;
    }
}
