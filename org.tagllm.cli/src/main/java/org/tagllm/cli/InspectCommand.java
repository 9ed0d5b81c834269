package org.tagllm.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.Charset;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.tagllm.knime.engine.LocalModel;
import org.tagllm.knime.engine.chem.MoleculeOptions;
import org.tagllm.knime.engine.data.BadRowPolicy;
import org.tagllm.knime.engine.data.ColumnMapping;
import org.tagllm.knime.engine.data.Dataset;
import org.tagllm.knime.engine.data.DatasetLoader;
import org.tagllm.knime.engine.data.DatasetSummary;
import org.tagllm.knime.engine.data.ExampleStream;
import org.tagllm.knime.engine.data.InputColumn;
import org.tagllm.knime.engine.data.NormalizerRegistry;
import org.tagllm.knime.engine.data.TableSpec;
import org.tagllm.knime.engine.data.TokenBudget;
import org.tagllm.knime.engine.data.TokenCounter;
import org.tagllm.knime.engine.data.read.ReaderOptions;
import org.tagllm.knime.engine.io.AtomicFiles;
import org.tagllm.knime.engine.protein.ProteinOptions;
import org.tagllm.knime.engine.runtime.DjlRuntime;
import org.tagllm.knime.engine.split.DatasetSplit;
import org.tagllm.knime.engine.split.DatasetSplitter;
import org.tagllm.knime.engine.split.SplitSpec;
import org.tagllm.knime.engine.tokenizer.TextTokenizer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code tagllm inspect}: what a data file holds and what is wrong with it, before any training. */
@Command(name = "inspect", mixinStandardHelpOptions = true,
        description = {"Summarise a data file (CSV, TSV, FASTA, SD or one record per line): rows read, used and bad "
                + "(grouped by reason, with examples naming row, line, column and value), input lengths in characters "
                + "and, with --model, in the model's tokens, target statistics, label and split counts, duplicate "
                + "inputs and inputs with conflicting targets.",
            "SMILES are checked by CDK (parse, charges, valences) and protein sequences against the residue alphabet; "
                + "an SD file's molecules are in column 'smiles', its data items in columns of their names.",
            "Targets are parsed strictly: empty cells, NaN, infinities, '1,5', '12 mg', 'n/a' are bad rows, never 0.",
            "With --split-by, the usable rows are also split as train and evaluate would split them (the table is "
                    + "held in memory): rows per partition, and groups shared between partitions, also for every "
                    + "--group column."})
final class InspectCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--data", required = true, paramLabel = "FILE", description = "The data file.")
    Path data;

    @Option(names = "--input", required = true, paramLabel = "COL[:KIND]",
            description = "An input column and its kind: ${bundle:kinds} (default: text). Repeat for several.")
    List<String> inputs;

    @Option(names = "--target", paramLabel = "COL", description = "A numeric target column. Repeat for several.")
    List<String> targets = new ArrayList<>();

    @Option(names = "--label", paramLabel = "COL", description = "The class label column (instead of --target).")
    String label;

    @Option(names = "--split-column", paramLabel = "COL", description = "The column naming each row's split.")
    String split;

    /** The earlier name of --split-column, kept unlisted so that scripts keep working. */
    @Option(names = "--split", paramLabel = "COL", hidden = true)
    void setSplitOldName(String column) {
        split = column;
    }

    @Option(names = "--group", paramLabel = "COL", description = "A group column, e.g. drug or target id of pair "
            + "data. Repeat for several.")
    List<String> groups = new ArrayList<>();

    // No defaultValue: picocli applies defaults after parsing, which would undo the old name below.
    @Option(names = "--bad-rows", paramLabel = "POLICY", converter = EnumOptions.BadRows.class,
            description = "Bad rows: skip (count them), keep (count them as kept), or fail at the first "
                    + "(default: skip).")
    BadRowPolicy policy;

    /** The earlier name of --bad-rows, kept unlisted so that scripts keep working. */
    @Option(names = "--policy", paramLabel = "POLICY", hidden = true, converter = EnumOptions.BadRows.class)
    void setPolicyOldName(BadRowPolicy value) {
        policy = value;
    }

    @Option(names = "--format", paramLabel = "EXT",
            description = "Read the file as this extension (csv, tsv, fasta, sdf, txt) whatever its name.")
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

    @Option(names = "--threads", paramLabel = "N", description = LibtorchThreads.DESCRIPTION)
    Integer threads;

    @Option(names = "--json", paramLabel = "FILE", description = "Also write the summary as JSON.")
    Path json;

    @Option(names = "--canonical", description = "Rewrite SMILES as CDK's canonical SMILES (without stereo), so that "
            + "duplicates are found whatever the writing. By default SMILES are checked and kept as written.")
    boolean canonical;

    @Option(names = "--strip-salts", description = "Keep only the largest fragment of each SMILES: counter-ions, "
            + "salts and solvents are dropped.")
    boolean stripSalts;

    /** Deprecated and unlisted: the kind protein_iupac says the same per column, as train does. */
    @Option(names = "--ambiguous-residues", hidden = true)
    boolean ambiguousResidues;

    @Mixin
    SplitOptions splitOptions;

    @Option(names = "--seed", paramLabel = "N", defaultValue = "0",
            description = "Seed of --split-by random, scaffold and group; the same seed gives the same split "
                    + "(default: ${DEFAULT-VALUE}).")
    long seed;

    @Override
    public Integer call() throws Exception {
        SplitSpec splitSpec = splitOptions.spec(seed, SplitOptions.DEFAULT_FRACTIONS);
        ColumnMapping mapping = mapping(splitSpec);
        TableSpec table = new TableSpec(data, readerOptions(), mapping);
        DatasetLoader loader = DatasetLoader.builder().badRows(policy == null ? BadRowPolicy.SKIP : policy)
                .normalizers(normalizers()).build();
        DatasetSummary summary;
        DatasetSplit splitRows = null;
        // The data first: a bad file is reported before a model is loaded for nothing.
        if (splitSpec == null) {
            try (ExampleStream examples = loader.stream(table);
                    LocalModel lm = model == null ? null : LocalModel.open(model); var intraOp = intraOpThreads(lm)) {
                summary = DatasetSummary.of(examples, mapping, lm == null ? null : tokenBudget(lm));
            }
        } else {
            Dataset rows = loader.load(table);
            try (LocalModel lm = model == null ? null : LocalModel.open(model); var intraOp = intraOpThreads(lm)) {
                summary = DatasetSummary.of(rows, mapping, lm == null ? null : tokenBudget(lm));
            }
            splitRows = DatasetSplitter.split(rows, mapping, splitSpec);
        }
        PrintWriter out = spec.commandLine().getOut();
        out.print(summary.toText());
        if (splitRows != null) {
            out.print(splitRows.toText());
        }
        out.flush();
        if (json != null) {
            AtomicFiles.writeString(json, json(summary, splitRows));
            spec.commandLine().getErr().println("inspect: wrote " + json);
        }
        return ExitCodes.OK;
    }

    /** The columns as given; a split by a column the options do not map reads it as the split or a group column. */
    private ColumnMapping mapping(SplitSpec splitSpec) {
        ColumnMapping.Builder b = ColumnMapping.builder();
        List<InputColumn> in = inputs.stream().map(InputColumn::parse).toList();
        in.forEach(b::input);
        targets.forEach(b::numericTarget);
        groups.forEach(b::group);
        String splitColumn = split;
        if (splitSpec instanceof SplitSpec.Given given) {
            if (splitColumn != null && !splitColumn.equals(given.column())) {
                throw new IllegalArgumentException("--split-column names column '" + splitColumn + "' but --split-by "
                        + "names column '" + given.column() + "'; name one");
            }
            splitColumn = given.column();
        }
        if (splitSpec instanceof SplitSpec.Grouped grouped && !groups.contains(grouped.column())
                && in.stream().noneMatch(c -> c.name().equals(grouped.column()))
                && !grouped.column().equals(splitColumn)) {
            b.group(grouped.column());
        }
        return b.label(label).split(splitColumn).build();
    }

    private NormalizerRegistry normalizers() {
        MoleculeOptions molecules = (canonical ? MoleculeOptions.canonical() : MoleculeOptions.asGiven())
                .withSaltStripping(stripSalts);
        ProteinOptions proteins = ambiguousResidues ? ProteinOptions.standard().withAmbiguityCodes()
                : ProteinOptions.standard();
        return NormalizerRegistry.standard(molecules, proteins);
    }

    /** libtorch's threads while the model is open (see {@link LibtorchThreads}); null without a model. */
    private DjlRuntime.IntraOpThreads intraOpThreads(LocalModel lm) {
        return lm == null ? null : LibtorchThreads.forWidth(threads, lm.config().hiddenSize());
    }

    /** The summary's JSON, with the split under {@code "split"} when there is one. */
    private static String json(DatasetSummary summary, DatasetSplit split) throws IOException {
        if (split == null) {
            return summary.toJson();
        }
        ObjectMapper mapper = new ObjectMapper();
        ObjectNode root = (ObjectNode) mapper.readTree(summary.toJson());
        root.set("split", mapper.readTree(split.toJson()));
        return root.toPrettyString();
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
