package org.tagllm.knime.engine.evaluate;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.tagllm.knime.engine.data.ColumnKind;
import org.tagllm.knime.engine.data.DerivedColumn;
import org.tagllm.knime.engine.data.KeyedTable;
import org.tagllm.knime.engine.data.PairTableJoiner;
import org.tagllm.knime.engine.split.SplitSpec;
import org.tagllm.knime.engine.split.SplitFractions;
import org.tagllm.knime.engine.method.DataSource;
import org.tagllm.knime.engine.method.DomainCorpus;
import org.tagllm.knime.engine.method.LabelledTask;
import org.tagllm.knime.engine.tags.Tokenization;

/**
 * The tasks of docs/RESULTS.md on the shared data folder (its README describes every file), in the shape of the
 * paper's Tables 2–4: molecular properties (QED, ESOL, Lipophilicity, BBBP), Davis binding affinity (protein +
 * SMILES), O'Neil drug synergy (two SMILES + a cell line) and FLIP GB1 protein fitness; and an imbalanced screening
 * task, high lipophilicity (logD above {@value #LIPO_HIGH_THRESHOLD}, 4.4 % of the rows). The molecule
 * classification tasks split by scaffold, as screening models are used on new chemotypes.
 */
public final class PaperBenchmarks {

    public static final String SMILES = "<SMILES>";
    public static final String PROTEIN = "<Protein>";
    /** The derived split column of tables whose split is given another way (folds, a validation flag). */
    static final String SPLIT = "split_derived";
    /** The derived label of the imbalanced task: 1 when logD is above {@link #LIPO_HIGH_THRESHOLD}. */
    static final String LIPO_HIGH_LABEL = "lipo_high";
    /** logD above which a molecule counts as active in the imbalanced task: 186 of 4,200 rows (4.4 %). */
    public static final double LIPO_HIGH_THRESHOLD = 3.9;
    private static final SplitFractions SCAFFOLD_FRACTIONS = new SplitFractions(0.8, 0.1, 0.1);

    private PaperBenchmarks() {}

    /** Every task, in the order of the report, scaffold splits seeded by 0. */
    public static List<Benchmark> all(Path data) throws IOException {
        return all(data, 0);
    }

    /** Every task, in the order of the report; scaffold splits seeded by {@code dataSeed}. */
    public static List<Benchmark> all(Path data, long dataSeed) throws IOException {
        List<Benchmark> out = new ArrayList<>();
        out.add(molecule(data, "qed", "QED (drug-likeness)", "qed.csv", "qed", "mse"));
        out.add(molecule(data, "esol", "ESOL (log solubility)", "esol.csv", "log_solubility", "rmse"));
        out.add(molecule(data, "lipo", "Lipophilicity (logD)", "lipo.csv", "lipo", "rmse"));
        out.add(bbbp(data, dataSeed));
        out.add(lipoHigh(data, dataSeed));
        out.add(davis(data));
        out.add(oneil(data));
        out.add(gb1(data));
        return out;
    }

    /** The tasks named by {@code ids}, in that order, scaffold splits seeded by 0. */
    public static List<Benchmark> select(Path data, List<String> ids) throws IOException {
        return select(data, ids, 0);
    }

    /** The tasks named by {@code ids}, in that order; scaffold splits seeded by {@code dataSeed}. */
    public static List<Benchmark> select(Path data, List<String> ids, long dataSeed) throws IOException {
        List<Benchmark> all = all(data, dataSeed);
        List<Benchmark> out = new ArrayList<>();
        for (String id : ids) {
            out.add(all.stream().filter(b -> b.id().equalsIgnoreCase(id.trim())).findFirst().orElseThrow(
                    () -> new IllegalArgumentException("unknown task '" + id + "'; expected one of "
                            + all.stream().map(Benchmark::id).toList())));
        }
        return out;
    }

    /** The stage-1 corpora of the domain tags these tasks use. */
    public static Map<String, DomainCorpus> corpora(Path data) {
        return Map.of(SMILES, new DomainCorpus(SMILES, file(data, "corpus/smiles.txt"), null, ColumnKind.SMILES,
                        Tokenization.CHARACTER),
                PROTEIN, new DomainCorpus(PROTEIN, file(data, "corpus/proteins.fasta"), null, ColumnKind.PROTEIN,
                        Tokenization.CHARACTER));
    }

    private static Benchmark molecule(Path data, String id, String title, String file, String target,
            String metric) {
        LabelledTask task = new LabelledTask("<" + id.toUpperCase(Locale.ROOT) + ">",
                LabelledTask.Type.REGRESSION, List.of(smiles("smiles")), List.of(target), null, false);
        return new Benchmark(id, title, task, DataSource.of(file(data, "molecules/" + file)), null,
                "random 80/10/10, seeded", metric);
    }

    private static Benchmark bbbp(Path data, long dataSeed) {
        LabelledTask task = new LabelledTask("<BBBP>", LabelledTask.Type.CLASSIFICATION, List.of(smiles("smiles")),
                List.of(), "p_np", false);
        SplitSpec scaffold = new SplitSpec.Scaffold("smiles", SCAFFOLD_FRACTIONS, dataSeed);
        return new Benchmark("bbbp", "BBBP (blood–brain barrier)", task,
                DataSource.of(file(data, "molecules/bbbp.csv")), null, "scaffold 80/10/10, seeded", "auroc",
                scaffold);
    }

    /**
     * The imbalanced screening task: Lipophilicity's molecules labelled 1 when logD is above the threshold (4.4 %
     * positives), split by scaffold; ranked by PR-AUC, which a random ranking scores at the positive rate.
     */
    private static Benchmark lipoHigh(Path data, long dataSeed) {
        LabelledTask task = new LabelledTask("<LipoHigh>", LabelledTask.Type.CLASSIFICATION,
                List.of(smiles("smiles")), List.of(), LIPO_HIGH_LABEL, false);
        DerivedColumn label = new DerivedColumn(null, LIPO_HIGH_LABEL, row -> {
            String logD = row.getOrDefault("lipo", "").strip();
            try {
                return Double.parseDouble(logD) > LIPO_HIGH_THRESHOLD ? "1" : "0";
            } catch (NumberFormatException e) {
                return ""; // a missing label: the loader reports the row as bad
            }
        });
        SplitSpec scaffold = new SplitSpec.Scaffold("smiles", SCAFFOLD_FRACTIONS, dataSeed);
        return new Benchmark("lipo_high", "High lipophilicity (logD > " + LIPO_HIGH_THRESHOLD + ", 4.4 % positive)",
                task, new DataSource(file(data, "molecules/lipo.csv"), label), null, "scaffold 80/10/10, seeded",
                "pr_auc", scaffold);
    }

    private static Benchmark davis(Path data) throws IOException {
        LabelledTask task = new LabelledTask("<BindingAffinity>", LabelledTask.Type.REGRESSION, List.of(
                new LabelledTask.Input("sequence", ColumnKind.PROTEIN, PROTEIN), smiles("smiles")),
                List.of("affinity"), null, false);
        PairTableJoiner joiner = PairTableJoiner.builder()
                .join("drug_idx", KeyedTable.of(file(data, "dti/davis_drugs.csv"), "drug_idx", "smiles"))
                .join("target_idx", KeyedTable.of(file(data, "dti/davis_targets.csv"), "target_idx", "sequence"))
                .build();
        return new Benchmark("davis", "Davis binding affinity (pKd)", task,
                new DataSource(file(data, "dti/davis_pairs.csv"), joiner), "split",
                "the file's own: train0–3 train, train4 validation, test", "pearson");
    }

    private static Benchmark oneil(Path data) {
        LabelledTask task = new LabelledTask("<Synergy>", LabelledTask.Type.REGRESSION, List.of(smiles("smiles_a"),
                smiles("smiles_b"), new LabelledTask.Input("cell_line", ColumnKind.TEXT, null)),
                List.of("synergy_loewe"), null, false);
        // Fold 0 tests (as asked), fold 1 validates, folds 2–4 train.
        DerivedColumn split = new DerivedColumn(null, SPLIT, row -> switch (row.getOrDefault("fold", "").strip()) {
            case "0" -> "test";
            case "1" -> "valid";
            default -> "train";
        });
        return new Benchmark("oneil", "O'Neil drug synergy (Loewe)", task,
                new DataSource(file(data, "synergy/oneil_loewe_smiles.csv"), split), SPLIT,
                "fold 0 test, fold 1 validation, folds 2–4 train", "mae");
    }

    private static Benchmark gb1(Path data) {
        LabelledTask task = new LabelledTask("<Fitness>", LabelledTask.Type.REGRESSION, List.of(
                new LabelledTask.Input("sequence", ColumnKind.PROTEIN, PROTEIN)), List.of("target"), null, false);
        // FLIP's "sampled" split: set = train/test, and a validation flag on some training rows.
        DerivedColumn split = new DerivedColumn(null, SPLIT, row -> "test".equalsIgnoreCase(row.get("set")) ? "test"
                : "true".equalsIgnoreCase(row.getOrDefault("validation", "").strip()) ? "valid" : "train");
        return new Benchmark("gb1", "GB1 protein fitness (FLIP sampled)", task,
                new DataSource(file(data, "proteins/gb1_sampled.csv"), split), SPLIT,
                "FLIP's: set column, validation flag", "spearman");
    }

    private static LabelledTask.Input smiles(String column) {
        return new LabelledTask.Input(column, ColumnKind.SMILES, SMILES);
    }

    private static Path file(Path data, String relative) {
        Path f = data.resolve(relative);
        if (!Files.isRegularFile(f)) {
            throw new IllegalArgumentException(f + " not found: the shared data folder (" + data
                    + ") lacks it; see its README");
        }
        return f;
    }
}
