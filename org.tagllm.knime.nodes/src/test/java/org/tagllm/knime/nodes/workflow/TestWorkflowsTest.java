package org.tagllm.knime.nodes.workflow;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.DoubleSummaryStatistics;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tagllm.knime.engine.llama2c.Llama2cImporter;
import org.tagllm.knime.engine.service.LocalTagEngine;
import org.tagllm.knime.nodes.common.MetricsTable;
import org.tagllm.knime.nodes.compose.ComposerNode;
import org.tagllm.knime.nodes.port.TagModelPortContent;
import org.tagllm.knime.nodes.pretrain.DomainPretrainNode;
import org.tagllm.knime.nodes.table.CellType;
import org.tagllm.knime.nodes.table.ColumnSpec;
import org.tagllm.knime.nodes.table.InMemoryTable;
import org.tagllm.knime.nodes.table.Row;
import org.tagllm.knime.nodes.table.TableShape;
import org.tagllm.knime.nodes.train.TagTrainerNode;

/**
 * The acceptance run of issue 7: the three files in {@code test-workflows/} on the real data in
 * {@code ../shared/data} with stories260K, through the KNIME-free node layer, and checks of every output. Skipped
 * with a message where the shared data is absent.
 */
class TestWorkflowsTest {

    static final String REASON = "Prediction problem";
    static final String EXPECTED = "expected_problem";

    @TempDir
    static Path tmp;

    static Path data;
    static Path model;
    static LocalTagEngine engine;
    /** Why the shared data cannot be used, or null when it is there. */
    static String absent;

    @BeforeAll
    static void setUp() throws Exception {
        data = Path.of(System.getProperty("tagllm.shared.data", "../../shared/data"));
        Path stories = data.resolve("models/stories260K");
        if (!(Files.isRegularFile(stories.resolve("stories260K.bin"))
                && Files.isRegularFile(data.resolve("molecules/qed.csv"))
                && Files.isRegularFile(data.resolve("dti/davis_pairs.csv")))) {
            // Assumed per test, not here: an assumption failing in @BeforeAll is reported as 0 run, 0 skipped.
            absent = "skipped: the shared data (models/stories260K, molecules, dti, corpus) is not at "
                    + data.toAbsolutePath() + " (set -Dtagllm.shared.data)";
            return;
        }
        model = tmp.resolve("stories260K");
        Llama2cImporter.importModel(stories.resolve("stories260K.bin"), stories.resolve("tok512.bin"), model);
        engine = LocalTagEngine.builder().optThreads(1).build();
    }

    @BeforeEach
    void requireSharedData() {
        assumeTrue(absent == null, absent);
    }

    @AfterAll
    static void tearDown() {
        if (engine != null) {
            engine.close();
        }
    }

    static Path workflows() {
        return Path.of(System.getProperty("basedir", System.getProperty("user.dir"))).resolve("../test-workflows")
                .toAbsolutePath().normalize();
    }

    static WorkflowResult run(String file) throws Exception {
        long start = System.nanoTime();
        WorkflowRunner runner = new WorkflowRunner(engine, new PrintWriter(System.out, true),
                tmp.resolve("work-" + file));
        WorkflowResult r = runner.run(workflows().resolve(file), Map.of("shared", data.toAbsolutePath().toString(),
                "model", model.toString()));
        System.out.printf(Locale.ROOT, "%s: %.1f s wall, nodes %s%n", file, (System.nanoTime() - start) / 1e9,
                r.nodes().stream().map(n -> String.format(Locale.ROOT, "%s %.1f s", n.id(),
                        n.time().toMillis() / 1000.0)).toList());
        r.write(tmp.resolve("out-" + file));
        // Configure announced every spec before execution, but the predictions of a classifier (classes seen in
        // training) or of a calibrated tag model (whether calibration is stored depends on the validation rows).
        for (WorkflowResult.NodeRun n : r.nodes()) {
            boolean afterClasses = n.type().equals("TagLLMPredictor") && r.nodes().stream().anyMatch(t -> t.type()
                    .equals("TagTrainer") && (r.model(t.id() + ":0").spec().tasks().get(0).headType()
                    .equals("classification") || r.model(t.id() + ":0").bank().manifest().calibrations().size() > 0));
            boolean open = n.configured() == null || n.configured().stream().anyMatch(java.util.Objects::isNull);
            assertEquals(afterClasses, open, n.id() + " configured " + n.configured());
        }
        return r;
    }

    @Test
    void qedRegression() throws Exception {
        WorkflowResult r = run("qed-regression.json");
        assertEquals(1000, r.table("qed-csv:0").size());
        assertEquals(300, r.table("partition:0").size());
        assertEquals(700, r.table("partition:1").size());
        assertEquals(40, r.table("held-out:0").size());
        checkPretrain(r, "pretrain-smiles", 400);
        checkTrainer(r, "train-qed", 2);
        InMemoryTable in = r.table("predictor-input:0");
        assertEquals(43, in.size());
        InMemoryTable out = r.table("predict-qed:0");
        // Calibrated by default (the Tag Trainer's defaults are train's): the interval and the domain follow.
        checkPredictorRows(in, out, List.of(ColumnSpec.of("Prediction (QED)", CellType.DOUBLE),
                ColumnSpec.of("QED_low", CellType.DOUBLE), ColumnSpec.of("QED_high", CellType.DOUBLE)),
                DOMAIN_COLUMNS);
        for (double q : predicted(out, "Prediction (QED)")) {
            assertTrue(q > -0.5 && q < 1.5, "a QED prediction far outside [0, 1]: " + q);
        }
        // The predictions vary with the molecule (a constant would mean the head learned nothing of the input).
        DoubleSummaryStatistics s = predicted(out, "Prediction (QED)").stream().mapToDouble(d -> d)
                .summaryStatistics();
        assertTrue(s.getMax() - s.getMin() > 1e-4, "every QED prediction is the same: " + s);
        checkPredictionVariables(r, "predict-qed");
    }

    @Test
    void bbbpClassification() throws Exception {
        WorkflowResult r = run("bbbp-classification.json");
        assertEquals(2039, r.table("bbbp-csv:0").size());
        assertEquals(300, r.table("partition:0").size());
        assertEquals(40, r.table("held-out:0").size());
        checkPretrain(r, "pretrain-smiles", 400);
        checkTrainer(r, "train-bbbp", 2);
        // A classifier's outputs are known only once its classes are seen: configure left the spec open.
        assertNull(r.node("predict-bbbp").configured().get(0));
        InMemoryTable in = r.table("predictor-input:0");
        assertEquals(43, in.size());
        InMemoryTable out = r.table("predict-bbbp:0");
        checkPredictorRows(in, out, List.of(ColumnSpec.of("P (BBBP=0)", CellType.DOUBLE),
                ColumnSpec.of("P (BBBP=1)", CellType.DOUBLE), ColumnSpec.of("Prediction (BBBP)", CellType.STRING),
                ColumnSpec.of("prediction_set", CellType.STRING)), DOMAIN_COLUMNS);
        int p0 = out.shape().index("P (BBBP=0)");
        int p1 = out.shape().index("P (BBBP=1)");
        int predicted = out.shape().index("Prediction (BBBP)");
        int reason = out.shape().index(REASON);
        // Issue 18: the class the tag model's validation-chosen threshold names (the most probable without one).
        var decision = org.tagllm.knime.engine.method.ClassDecision.of(r.model("train-bbbp:0").bank()
                .head("<BBBP>").orElseThrow().entry());
        for (Row row : out.rowList()) {
            if (row.isMissing(reason)) {
                double a = (Double) row.cell(p0);
                double b = (Double) row.cell(p1);
                assertTrue(a >= 0 && a <= 1 && b >= 0 && b <= 1, row.key() + ": probabilities " + a + ", " + b);
                assertEquals(1.0, a + b, 1e-6, row.key() + ": P(0) + P(1)");
                assertEquals(decision.decide(new double[] {a, b}, List.of("0", "1")), row.cell(predicted),
                        row.key() + " by " + decision);
            }
        }
        checkPredictionVariables(r, "predict-bbbp");
    }

    @Test
    void davisBindingAffinity() throws Exception {
        WorkflowResult r = run("davis-binding-affinity.json");
        assertEquals(30056, r.table("pairs:0").size());
        assertEquals(68, r.table("drugs:0").size());
        assertEquals(442, r.table("targets:0").size());
        assertEquals(5010, r.table("test-pairs:0").size());
        assertEquals(30056 - 5010, r.table("training-pairs:0").size());
        // Every pair has its drug and its kinase: the inner joins keep every row.
        assertEquals(300, r.table("join-targets:0").size());
        assertEquals(40, r.table("test-join-targets:0").size());
        assertEquals(List.of("drug_idx", "target_idx", "affinity", "split", "drug_id", "smiles", "target_id",
                "sequence"), r.table("join-targets:0").shape().names());
        checkPretrain(r, "pretrain-smiles", 400);
        checkPretrain(r, "pretrain-protein", 400);
        checkTrainer(r, "train-affinity", 3);
        TagModelPortContent composed = r.model("compose:0");
        assertEquals(List.of("<BindingAffinity>"), composed.spec().functionTags());
        assertTrue(composed.spec().domainTags().containsAll(List.of("<SMILES>", "<Protein>")),
                composed.spec().domainTags().toString());
        Double zeroShot = r.node("compose").flowVariables().get(ComposerNode.ZERO_SHOT);
        assertNotNull(zeroShot, "the composer's flow variables " + r.node("compose").flowVariables());
        assertTrue(zeroShot == 0.0 || zeroShot == 1.0);

        InMemoryTable in = r.table("predictor-input:0");
        assertEquals(44, in.size());
        InMemoryTable out = r.table("predict-affinity:0");
        // The composer kept the trainer's calibration (the same domain tags): intervals and the domain follow.
        checkPredictorRows(in, out, List.of(ColumnSpec.of("Prediction (BindingAffinity)", CellType.DOUBLE),
                ColumnSpec.of("BindingAffinity_low", CellType.DOUBLE),
                ColumnSpec.of("BindingAffinity_high", CellType.DOUBLE)), withIdentity());
        DoubleSummaryStatistics targets = r.table("join-targets:0").column("affinity").stream()
                .mapToDouble(v -> (Double) v).summaryStatistics();
        double span = targets.getMax() - targets.getMin();
        for (double a : predicted(out, "Prediction (BindingAffinity)")) {
            assertTrue(Double.isFinite(a) && a > targets.getMin() - span && a < targets.getMax() + span,
                    "an affinity far from the training targets " + targets + ": " + a);
        }
        checkPredictionVariables(r, "predict-affinity");
    }

    /** A pretrain read its rows, output a tag model with one domain tag, a metrics table with its metrics. */
    static void checkPretrain(WorkflowResult r, String node, int corpusRows) {
        WorkflowResult.NodeRun run = r.node(node);
        InMemoryTable corpus = r.table(inputOf(node));
        assertEquals(corpusRows, corpus.size(), node + " corpus rows");
        TagModelPortContent port = r.model(node + ":0");
        assertEquals(1, port.spec().domainTags().size());
        InMemoryTable metrics = r.table(node + ":1");
        assertEquals(MetricsTable.SHAPE, metrics.shape());
        Map<String, Double> v = run.flowVariables();
        for (String k : List.of(DomainPretrainNode.HELDOUT_LOSS_UNTAGGED, DomainPretrainNode.HELDOUT_LOSS_TRAINED,
                DomainPretrainNode.FINAL_TRAIN_LOSS, DomainPretrainNode.STEPS, DomainPretrainNode.ROWS_USED)) {
            assertNotNull(v.get(k), node + " lacks flow variable " + k + ": " + v);
            assertTrue(Double.isFinite(v.get(k)), node + ": " + k + " = " + v.get(k));
        }
        assertEquals(40.0, v.get(DomainPretrainNode.STEPS), node + " steps");
        // Forty steps at lr 1e-2 teach stories260K something about the domain: the held-out loss falls.
        assertTrue(v.get(DomainPretrainNode.HELDOUT_LOSS_TRAINED) < v.get(DomainPretrainNode.HELDOUT_LOSS_UNTAGGED),
                node + ": held-out loss trained " + v.get(DomainPretrainNode.HELDOUT_LOSS_TRAINED) + " not below "
                        + "untagged " + v.get(DomainPretrainNode.HELDOUT_LOSS_UNTAGGED));
        List<Double> steps = port.curves().get(port.curves().size() - 1).stepLosses();
        assertEquals(40, steps.size());
        assertTrue(mean(steps.subList(30, 40)) < mean(steps.subList(0, 10)), node + ": training loss does not fall: "
                + steps);
        assertTrue(metrics.column(MetricsTable.METRIC).contains(DomainPretrainNode.HELDOUT_LOSS_TRAINED));
    }

    /** The table the node's first input reads. */
    static String inputOf(String node) {
        return switch (node) {
            case "pretrain-smiles" -> "smiles-corpus:0";
            case "pretrain-protein" -> "protein-corpus:0";
            default -> throw new IllegalArgumentException(node);
        };
    }

    /** A trainer's port has its function tag's task, the metrics table per-epoch training losses that fall. */
    static void checkTrainer(WorkflowResult r, String node, int stage) {
        Map<String, Double> v = r.node(node).flowVariables();
        assertEquals((double) stage, v.get(TagTrainerNode.STAGE), node + " stage; flow variables " + v);
        assertTrue(v.get("train_rows") > 0 && v.get("valid_rows") > 0, node + " rows: " + v);
        assertTrue(v.keySet().stream().anyMatch(k -> k.startsWith("valid.")), node + " has no validation metrics: "
                + v);
        assertTrue(v.get(TagTrainerNode.STEPS) > 0);
        InMemoryTable metrics = r.table(node + ":1");
        assertEquals(MetricsTable.SHAPE, metrics.shape());
        List<Double> epochLosses = new ArrayList<>();
        for (Row row : metrics.rowList()) {
            if (MetricsTable.TRAIN_LOSS.equals(row.cell(0))) {
                epochLosses.add((Double) row.cell(2));
            }
        }
        assertTrue(epochLosses.size() >= 2, node + " epochs: " + epochLosses);
        epochLosses.forEach(l -> assertTrue(Double.isFinite(l), node + ": loss " + l));
        assertTrue(epochLosses.get(epochLosses.size() - 1) < epochLosses.get(0), node + ": the training loss does "
                + "not fall over the epochs: " + epochLosses);
        assertEquals(1, r.model(node + ":0").spec().tasks().size());
    }

    /**
     * Predictor output: one row per input row in input order with the input's keys and cells, the prediction columns
     * and the reason column after the input's; the reason is set exactly on the rows with a problem and names it, and
     * those rows have no prediction; the other rows have every prediction. The problem of a row is its
     * {@value #EXPECTED} cell (the deliberately bad rows), else what an independent check of the real data finds
     * (some real rows are bad too, e.g. a Davis kinase with an unknown residue X).
     */
    static void checkPredictorRows(InMemoryTable in, InMemoryTable out, List<ColumnSpec> predictions) {
        checkPredictorRows(in, out, predictions, List.of());
    }

    /**
     * The applicability domain of a calibrated tag model: after the predictions, but a row's similarity is missing
     * when CDK cannot fingerprint a SMILES the model reads, so these are not required on every predicted row.
     */
    static final List<ColumnSpec> DOMAIN_COLUMNS = List.of(ColumnSpec.of("ad_similarity", CellType.DOUBLE),
            ColumnSpec.of("ad_percentile", CellType.DOUBLE), ColumnSpec.of("outside_domain", CellType.STRING));

    /** The domain columns of a calibrated task that reads a protein: then the nearest training sequence's identity. */
    private static List<ColumnSpec> withIdentity() {
        List<ColumnSpec> after = new ArrayList<>(DOMAIN_COLUMNS);
        after.add(ColumnSpec.of("ad_identity", CellType.DOUBLE));
        return after;
    }

    /** As above, with {@code after} columns following the predictions, whose cells may be missing. */
    static void checkPredictorRows(InMemoryTable in, InMemoryTable out, List<ColumnSpec> predictions,
            List<ColumnSpec> after) {
        List<ColumnSpec> expected = new ArrayList<>(in.shape().columns());
        expected.addAll(predictions);
        expected.addAll(after);
        expected.add(ColumnSpec.of(REASON, CellType.STRING));
        assertEquals(new TableShape(expected), out.shape());
        assertEquals(in.size(), out.size());
        int reason = out.shape().index(REASON);
        int bad = 0;
        for (int i = 0; i < in.size(); i++) {
            Row a = in.row(i);
            Row b = out.row(i);
            assertEquals(a.key(), b.key(), "row " + i);
            assertEquals(a.cells(), b.cells().subList(0, a.cells().size()), "row " + i + " cells");
            String expectedProblem = problemOf(in.shape(), a);
            String actual = (String) b.cell(reason);
            if (expectedProblem == null) {
                assertNull(actual, a.key() + " " + a.cells() + " should be predicted");
                for (ColumnSpec p : predictions) {
                    assertNotNull(b.cell(out.shape().index(p.name())), a.key() + ": " + p.name());
                }
            } else {
                bad++;
                assertNotNull(actual, a.key() + " " + a.cells() + " should have a reason");
                assertTrue(actual.contains(expectedProblem), a.key() + ": the reason '" + actual + "' does not name '"
                        + expectedProblem + "'");
                for (ColumnSpec p : predictions) {
                    assertNull(b.cell(out.shape().index(p.name())), a.key() + ": " + p.name());
                }
            }
        }
        long deliberate = in.column(EXPECTED).stream().filter(java.util.Objects::nonNull).count();
        assertTrue(deliberate >= 3 && bad >= deliberate, "the bad rows did not reach the predictor");
    }

    /** The problem a row should be reported with, found without the engine; null for a good row. */
    static String problemOf(TableShape shape, Row row) {
        String deliberate = (String) row.cell(shape.index(EXPECTED));
        if (deliberate != null) {
            return deliberate;
        }
        int sequence = shape.index("sequence");
        if (sequence >= 0 && !((String) row.cell(sequence)).matches("[ACDEFGHIKLMNPQRSTVWY]+")) {
            return "invalid protein sequence";
        }
        String smiles = (String) row.cell(shape.index("smiles"));
        try {
            if (smiles.chars().anyMatch(Character::isWhitespace)) {
                return "invalid SMILES";
            }
            CDK_SMILES.parseSmiles(smiles);
            return null;
        } catch (org.openscience.cdk.exception.InvalidSmilesException e) {
            return "invalid SMILES";
        }
    }

    static final org.openscience.cdk.smiles.SmilesParser CDK_SMILES = new org.openscience.cdk.smiles.SmilesParser(
            org.openscience.cdk.silent.SilentChemObjectBuilder.getInstance());

    /** The predictor's flow variables count the rows with and without a reason; its warning names the bad rows. */
    static void checkPredictionVariables(WorkflowResult r, String node) {
        InMemoryTable out = r.table(node + ":0");
        long failed = out.column(REASON).stream().filter(java.util.Objects::nonNull).count();
        Map<String, Double> v = r.node(node).flowVariables();
        assertEquals((double) (out.size() - failed), v.get("rows_predicted"), node + ": " + v);
        assertEquals((double) failed, v.get("rows_failed"), node + ": " + v);
        assertTrue(r.node(node).warnings().stream().anyMatch(w -> w.contains(failed + " of " + out.size())),
                node + " gave no warning about its " + failed + " bad rows: " + r.node(node).warnings());
    }

    static List<Double> predicted(InMemoryTable out, String column) {
        return out.column(column).stream().filter(java.util.Objects::nonNull).map(v -> (Double) v).toList();
    }

    static double mean(List<Double> v) {
        return v.stream().mapToDouble(d -> d).average().orElseThrow();
    }
}
