package org.tagllm.knime.nodes.workflow;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tagllm.knime.engine.chem.MoleculeOptions;
import org.tagllm.knime.engine.chem.MoleculeStandardizer;
import org.tagllm.knime.engine.method.DataSource;
import org.tagllm.knime.engine.method.PredictOptions;
import org.tagllm.knime.engine.method.TagPredictor;
import org.tagllm.knime.engine.service.PredictionJob;
import org.tagllm.knime.nodes.NodeFixture;
import org.tagllm.knime.nodes.RecordingProgress;
import org.tagllm.knime.nodes.common.ModelOutput;
import org.tagllm.knime.nodes.exec.SettingsException;
import org.tagllm.knime.nodes.port.TagModelPortContent;
import org.tagllm.knime.nodes.predict.PredictionSummary;
import org.tagllm.knime.nodes.predict.PredictorNode;
import org.tagllm.knime.nodes.predict.PredictorSettings;
import org.tagllm.knime.nodes.pretrain.DomainPretrainNode;
import org.tagllm.knime.nodes.table.CellType;
import org.tagllm.knime.nodes.table.ColumnSpec;
import org.tagllm.knime.nodes.table.InMemoryTable;
import org.tagllm.knime.nodes.table.Row;
import org.tagllm.knime.nodes.table.TableShape;
import org.tagllm.knime.nodes.train.TagTrainerNode;

/**
 * Domain Tag Pretrain → Tag Trainer (regression) → Tag-LLM Predictor on the demo model, the tag models stored and
 * read back between the nodes as KNIME's file stores would.
 */
class RegressionWorkflowTest {

    @TempDir
    static Path tmp;

    static NodeFixture fixture;
    static TagModelPortContent trained;

    @BeforeAll
    static void runTheTrainingNodes() throws Exception {
        fixture = new NodeFixture(tmp);
        ModelOutput stage1 = DomainPretrainNode.execute(NodeFixture.molecules(30, 21, CellType.SMILES),
                fixture.pretrain("smiles", "<SMILES>", 3), fixture.engine, new RecordingProgress(), fixture.workDir);
        ModelOutput stage2 = TagTrainerNode.execute(List.of(stored(stage1.port(), "stage1")),
                NodeFixture.molecules(48, 22, CellType.SMILES), NodeFixture.carbons(4), fixture.engine,
                new RecordingProgress(), fixture.workDir);
        trained = stored(stage2.port(), "stage2");
    }

    /** The port content as the next node sees it after KNIME saved and loaded the workflow. */
    static TagModelPortContent stored(TagModelPortContent port, String name) throws Exception {
        Path dir = tmp.resolve("ports").resolve(name);
        port.write(dir);
        TagModelPortContent read = TagModelPortContent.read(dir);
        assertEquals(port, read);
        return read;
    }

    @AfterAll
    static void tearDown() {
        fixture.close();
    }

    private static InMemoryTable withBadRows() {
        InMemoryTable good = NodeFixture.molecules(10, 23, CellType.SMILES);
        InMemoryTable.Builder b = InMemoryTable.builder(good.shape());
        for (int i = 0; i < good.size(); i++) {
            b.add(good.row(i));
            if (i == 2) {
                b.add(Row.of("invalid", "C1CC(", 1.0, "few"));
            }
            if (i == 6) {
                b.add(Row.of("missing", null, 1.0, "few"));
            }
        }
        return b.build();
    }

    @Test
    void everyRowComesOutInInputOrderWithItsPredictionOrItsReason() throws Exception {
        InMemoryTable table = withBadRows();
        PredictorSettings settings = PredictorSettings.defaults().withBatchSize(4).withMaxTokens(48);
        TableShape shape = PredictorNode.configure(trained.spec(), table.shape(), settings).orElseThrow();
        assertEquals(table.shape().append(ColumnSpec.of("Prediction (Carbons)", CellType.DOUBLE),
                ColumnSpec.of("Prediction problem", CellType.STRING)), shape);

        InMemoryTable.Builder out = InMemoryTable.builder(shape);
        RecordingProgress progress = new RecordingProgress();
        PredictionSummary summary = PredictorNode.execute(trained, table, settings, fixture.engine, progress, out);
        InMemoryTable result = out.build();

        assertEquals(new PredictionSummary(12, 10, 2), summary);
        assertEquals(table.rowList().stream().map(Row::key).toList(), result.rowList().stream().map(Row::key)
                .toList());
        for (int i = 0; i < result.size(); i++) {
            Row r = result.row(i);
            assertEquals(table.row(i).cells(), r.cells().subList(0, 3), "input cells are kept");
            boolean bad = r.key().equals("invalid") || r.key().equals("missing");
            assertEquals(bad, r.cell(3) == null, r.toString());
            assertEquals(bad, r.cell(4) != null, r.toString());
        }
        String invalid = (String) result.rowList().stream().filter(r -> r.key().equals("invalid")).findFirst()
                .orElseThrow().cell(4);
        String cdk = assertThrows(org.tagllm.knime.engine.chem.InvalidMoleculeException.class,
                () -> new MoleculeStandardizer(MoleculeOptions.asGiven()).standardize("C1CC(")).reason();
        assertTrue(invalid.startsWith("smiles: invalid SMILES") && invalid.contains(cdk), invalid + " / " + cdk);
        assertEquals(1, progress.warnings.size());
        assertTrue(progress.warnings.get(0).startsWith("2 of 12 rows could not be predicted; see column "
                + "'Prediction problem' (invalid: "), progress.warnings.get(0));
        assertEquals(summary.flowVariables().get("rows_failed"), 2.0);
    }

    @Test
    void predictionsEqualTheEnginesOnTheSameRowsReadFromAFile() throws Exception {
        InMemoryTable table = withBadRows();
        PredictorSettings settings = PredictorSettings.defaults().withBatchSize(4).withMaxTokens(48);
        InMemoryTable.Builder out = InMemoryTable.builder(PredictorNode.configure(trained.spec(), table.shape(),
                settings).orElseThrow());
        PredictorNode.execute(trained, table, settings, fixture.engine, new RecordingProgress(), out);
        InMemoryTable nodes = out.build();

        // Independently: the same rows as a CSV file, read by the engine's own CSV reader.
        Path csv = tmp.resolve("rows.csv");
        Files.writeString(csv, "smiles\n" + table.rowList().stream().map(r -> r.cell(0) == null ? "\"\""
                : (String) r.cell(0)).collect(Collectors.joining("\n", "", "\n")));
        TagPredictor.Result engine = fixture.engine.submit(new PredictionJob(fixture.modelDir, "cpu", trained.bank(),
                null, DataSource.of(csv), 48, 4)).await();
        assertEquals(table.size(), engine.predictions().size());
        for (int i = 0; i < table.size(); i++) {
            TagPredictor.Prediction p = engine.predictions().get(i);
            if (p.problem() == null) {
                assertEquals(p.values()[0], (Double) nodes.row(i).cell(3), 1e-6, "row " + i);
            } else {
                assertNull(nodes.row(i).cell(3));
            }
        }
    }

    @Test
    void theStreamingEntryPointReadsEachRowOnceHoldsAWindowAtMostAndWritesWhatExecuteWrites() throws Exception {
        InMemoryTable table = NodeFixture.molecules(150, 25, CellType.SMILES);
        PredictorSettings settings = PredictorSettings.defaults().withBatchSize(4).withMaxTokens(48);
        TableShape shape = PredictorNode.configure(trained.spec(), table.shape(), settings).orElseThrow();
        int window = 4 * PredictOptions.WINDOW_BATCHES;
        AtomicInteger polled = new AtomicInteger();
        List<Integer> heldAtPush = new ArrayList<>();
        InMemoryTable.Builder streamed = InMemoryTable.builder(shape);
        AtomicInteger pushed = new AtomicInteger();
        RecordingProgress progress = new RecordingProgress();
        // Rows handed over one at a time, as KNIME's streaming executor polls them: no table behind them.
        PredictionSummary summary = PredictorNode.stream(trained, table.shape(),
                () -> polled.get() < table.size() ? table.row(polled.getAndIncrement()) : null, table.size(),
                settings, fixture.engine, progress, row -> {
                    streamed.add(row);
                    heldAtPush.add(polled.get() - pushed.incrementAndGet());
                });
        assertEquals(new PredictionSummary(150, 150, 0), summary);
        assertEquals(150, polled.get(), "every row read once");
        assertTrue(heldAtPush.stream().allMatch(h -> h >= 0 && h <= window), "rows read, not yet written: "
                + heldAtPush);
        assertTrue(progress.messages.stream().anyMatch(m -> m.matches(".*of 150 rows predicted, [0-9.]+ rows/s, "
                + "ETA .*")), progress.messages.toString());

        InMemoryTable.Builder executed = InMemoryTable.builder(shape);
        PredictorNode.execute(trained, table, settings, fixture.engine, new RecordingProgress(), executed);
        assertEquals(executed.build().rowList(), streamed.build().rowList(), "the same path, the same rows");
    }

    @Test
    void anSdfColumnPredictsAsItsCanonicalSmiles() throws Exception {
        List<String> smiles = NodeFixture.smiles(8, 24);
        MoleculeStandardizer canonical = new MoleculeStandardizer(MoleculeOptions.canonical());
        InMemoryTable.Builder sdf = InMemoryTable.builder(TableShape.of(ColumnSpec.of("smiles", CellType.SDF)));
        InMemoryTable.Builder text = InMemoryTable.builder(TableShape.of(ColumnSpec.of("smiles", CellType.SMILES)));
        for (String s : smiles) {
            sdf.addCells(NodeFixture.molBlock(s));
            text.addCells(canonical.standardize(s));
        }
        List<Object> fromSdf = predictions(sdf.build());
        List<Object> fromSmiles = predictions(text.build());
        assertEquals(fromSmiles, fromSdf);
        assertTrue(fromSdf.stream().allMatch(v -> v instanceof Double), fromSdf.toString());
    }

    private static List<Object> predictions(InMemoryTable table) throws Exception {
        PredictorSettings settings = PredictorSettings.defaults().withBatchSize(4).withMaxTokens(48);
        InMemoryTable.Builder out = InMemoryTable.builder(PredictorNode.configure(trained.spec(), table.shape(),
                settings).orElseThrow());
        PredictorNode.execute(trained, table, settings, fixture.engine, new RecordingProgress(), out);
        List<Object> values = new ArrayList<>();
        out.build().rowList().forEach(r -> values.add(r.cell(1)));
        return values;
    }

    @Test
    void configureFailsClearlyWithoutTheTasksColumnOrAFunctionTag() throws Exception {
        SettingsException missing = assertThrows(SettingsException.class, () -> PredictorNode.configure(
                trained.spec(), NodeFixture.proteins(1, 1).shape(), PredictorSettings.defaults()));
        assertEquals("the task <Carbons> reads column 'smiles' (behind <SMILES>), which the input table lacks; it "
                + "has sequence", missing.getMessage());
        TagModelPortContent domainOnly = new TagModelPortContent(trained.bank().withoutTag("<Carbons>"),
                trained.baseModelFolder(), List.of(), java.util.Map.of());
        SettingsException noTask = assertThrows(SettingsException.class, () -> PredictorNode.configure(
                domainOnly.spec(), NodeFixture.molecules(1, 1, CellType.SMILES).shape(), PredictorSettings.defaults()));
        assertEquals("the tag model holds no function tag (tags [<SMILES>]); train one with the Tag Trainer first",
                noTask.getMessage());
        SettingsException clash = assertThrows(SettingsException.class, () -> PredictorNode.configure(
                trained.spec(), NodeFixture.molecules(1, 1, CellType.SMILES).shape(),
                PredictorSettings.defaults().withColumns("", "smiles")));
        assertEquals("reason column", clash.setting());
        assertNotNull(trained.spec().baseModel());
    }
}
