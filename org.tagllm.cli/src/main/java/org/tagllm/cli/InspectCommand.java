package org.tagllm.cli;

import java.io.PrintWriter;
import java.nio.charset.Charset;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.tagllm.knime.engine.LocalModel;
import org.tagllm.knime.engine.data.BadRowPolicy;
import org.tagllm.knime.engine.data.ColumnMapping;
import org.tagllm.knime.engine.data.DatasetLoader;
import org.tagllm.knime.engine.data.DatasetSummary;
import org.tagllm.knime.engine.data.ExampleStream;
import org.tagllm.knime.engine.data.InputColumn;
import org.tagllm.knime.engine.data.ReaderOptions;
import org.tagllm.knime.engine.data.TableSpec;
import org.tagllm.knime.engine.data.TokenBudget;
import org.tagllm.knime.engine.data.TokenCounter;
import org.tagllm.knime.engine.io.AtomicFiles;
import org.tagllm.knime.engine.tokenizer.TextTokenizer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code tagllm inspect}: what a data file holds and what is wrong with it, before any training. */
@Command(name = "inspect", mixinStandardHelpOptions = true,
        description = {"Summarise a data file (CSV, TSV, FASTA or one record per line): rows read, used and bad "
                + "(grouped by reason, with examples naming row, line, column and value), input lengths in characters "
                + "and, with --model, in the model's tokens, target statistics, label and split counts, duplicate "
                + "inputs and inputs with conflicting targets.",
            "Targets are parsed strictly: empty cells, NaN, infinities, '1,5', '12 mg', 'n/a' are bad rows, never 0."})
final class InspectCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--data", required = true, paramLabel = "FILE", description = "The data file.")
    Path data;

    @Option(names = "--input", required = true, paramLabel = "COL[:KIND]",
            description = "An input column and its kind: smiles, protein or text (default). Repeat for several.")
    List<String> inputs;

    @Option(names = "--target", paramLabel = "COL", description = "A numeric target column. Repeat for several.")
    List<String> targets = new ArrayList<>();

    @Option(names = "--label", paramLabel = "COL", description = "The class label column (instead of --target).")
    String label;

    @Option(names = "--split", paramLabel = "COL", description = "The column naming each row's split.")
    String split;

    @Option(names = "--group", paramLabel = "COL", description = "A group column, e.g. drug or target id of pair "
            + "data. Repeat for several.")
    List<String> groups = new ArrayList<>();

    @Option(names = "--policy", paramLabel = "POLICY", defaultValue = "skip",
            description = "Bad rows: skip (count them), keep (count them as kept), or fail at the first "
                    + "(default: ${DEFAULT-VALUE}).")
    String policy;

    @Option(names = "--format", paramLabel = "EXT",
            description = "Read the file as this extension (csv, tsv, fasta, txt) whatever its name.")
    String format;

    @Option(names = "--delimiter", paramLabel = "CHAR",
            description = "Field delimiter of a CSV file, e.g. ';' or 'tab' (default: ',' for .csv, tab for .tsv).")
    String delimiter;

    @Option(names = "--encoding", paramLabel = "CHARSET", defaultValue = "UTF-8",
            description = "The file's encoding (default: ${DEFAULT-VALUE}).")
    String encoding;

    @Option(names = "--model", paramLabel = "DIR",
            description = "Also measure lengths in this model's tokens and count rows beyond its maximum positions.")
    Path model;

    @Option(names = "--json", paramLabel = "FILE", description = "Also write the summary as JSON.")
    Path json;

    @Override
    public Integer call() throws Exception {
        ColumnMapping mapping = mapping();
        TableSpec table = new TableSpec(data, readerOptions(), mapping);
        DatasetLoader loader = DatasetLoader.builder().badRows(BadRowPolicy.parse(policy)).build();
        DatasetSummary summary;
        // The data first: a bad file is reported before a model is loaded for nothing.
        try (ExampleStream examples = loader.stream(table);
                LocalModel lm = model == null ? null : LocalModel.open(model)) {
            summary = DatasetSummary.of(examples, mapping, lm == null ? null : tokenBudget(lm));
        }
        PrintWriter out = spec.commandLine().getOut();
        out.print(summary.toText());
        out.flush();
        if (json != null) {
            AtomicFiles.writeString(json, summary.toJson());
            spec.commandLine().getErr().println("inspect: wrote " + json);
        }
        return ExitCodes.OK;
    }

    private ColumnMapping mapping() {
        ColumnMapping.Builder b = ColumnMapping.builder();
        inputs.forEach(column -> b.input(InputColumn.parse(column)));
        targets.forEach(b::numericTarget);
        groups.forEach(b::group);
        return b.label(label).split(split).build();
    }

    private ReaderOptions readerOptions() {
        return ReaderOptions.defaults().withFormat(format).withDelimiter(delimiter())
                .withCharset(Charset.forName(encoding));
    }

    private Character delimiter() {
        if (delimiter == null) {
            return null;
        }
        if (delimiter.equalsIgnoreCase("tab") || delimiter.equals("\\t")) {
            return '\t';
        }
        if (delimiter.length() != 1) {
            throw new IllegalArgumentException("--delimiter must be one character or 'tab', not '" + delimiter + "'");
        }
        return delimiter.charAt(0);
    }

    /** Tokens of each value without the BOS the tokenizer puts in front; BOS is the per-example overhead. */
    private static TokenBudget tokenBudget(LocalModel lm) {
        TextTokenizer tokenizer = lm.tokenizer();
        int bos = tokenizer.bosId().isPresent() ? 1 : 0;
        TokenCounter counter = (column, value) -> tokenizer.encode(value).length - bos;
        return new TokenBudget(counter, bos, lm.config().maxPositions());
    }
}
