package org.tagllm.knime.nodes.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tagllm.knime.engine.bank.CalibrationEntry;
import org.tagllm.knime.engine.bank.TagBank;
import org.tagllm.knime.engine.method.UncertaintyTraining;
import org.tagllm.knime.nodes.NodeFixture;
import org.tagllm.knime.nodes.RecordingProgress;
import org.tagllm.knime.nodes.common.SettingsJson;
import org.tagllm.knime.nodes.exec.SettingsException;
import org.tagllm.knime.nodes.port.TagModelPortContent;
import org.tagllm.knime.nodes.port.TagModelSpec;
import org.tagllm.knime.nodes.predict.PredictorNode;
import org.tagllm.knime.nodes.predict.PredictorSettings;
import org.tagllm.knime.nodes.table.CellType;
import org.tagllm.knime.nodes.table.InMemoryTable;
import org.tagllm.knime.nodes.table.Row;
import org.tagllm.knime.nodes.table.TableShape;

/**
 * The Tag Trainer's calibration, coverage, ensemble and applicability-domain settings reach the engine as
 * {@code tagllm train}'s options do, and the Predictor then gives the interval, spread and domain columns.
 */
class TagTrainerUncertaintyTest {

    @TempDir
    static Path tmp;

    static NodeFixture fixture;
    static TagModelPortContent smiles;

    @BeforeAll
    static void setUp() throws Exception {
        fixture = new NodeFixture(tmp);
        smiles = fixture.smilesTags(30, 11, 3);
    }

    @AfterAll
    static void tearDown() {
        fixture.close();
    }

    @Test
    void defaultsAreTrainsCalibrationAtNinetyPercentOneMemberWithTheDomain() {
        TagTrainerSettings d = TagTrainerSettings.defaults();
        assertTrue(d.calibrate() && d.applicabilityDomain());
        assertEquals(0.9, d.coverage());
        assertEquals(1, d.ensembleSize());
        assertEquals(UncertaintyTraining.Settings.of(1, true, 0.9), d.toUncertainty());
        assertEquals(new UncertaintyTraining.Settings(3, false, UncertaintyTraining.Settings.of(1, false, 0.8)
                .calibration()), d.withCalibration(false, 0.8).withEnsembleSize(3).toUncertainty());
    }

    @Test
    void theNewSettingsSaveAndLoadLikeTheOthers() throws Exception {
        TagTrainerSettings s = NodeFixture.carbons(2).withCalibration(false, 0.75).withEnsembleSize(4);
        assertEquals(s, SettingsJson.read(SettingsJson.write(s), TagTrainerSettings.class));
    }

    @Test
    void aBadValueIsOneMessageNamingTheSetting() {
        TableShape table = NodeFixture.molecules(1, 1, CellType.SMILES).shape();
        TagTrainerSettings ok = NodeFixture.carbons(2).withCalibration(true, 0.9);
        assertEquals("setting 'coverage' = '1.5': must lie strictly between 0 and 1, e.g. 0.9",
                message(ok.withCalibration(true, 1.5), table));
        assertEquals("setting 'coverage' = '0.0': must lie strictly between 0 and 1, e.g. 0.9",
                message(ok.withCalibration(true, 0), table));
        assertEquals("setting 'ensemble size' = '0': must be at least 1", message(ok.withEnsembleSize(0), table));
    }

    /** The applicability domain is a choice of its own: either without the other is accepted and reaches the engine. */
    @Test
    void theDomainAndTheCalibrationAreChosenApart() throws Exception {
        TableShape table = NodeFixture.molecules(1, 1, CellType.SMILES).shape();
        TagTrainerSettings domainOnly = NodeFixture.carbons(2).withCalibration(false, 0.9).withApplicabilityDomain(true);
        TagTrainerSettings calibrationOnly = NodeFixture.carbons(2).withCalibration(true, 0.9)
                .withApplicabilityDomain(false);
        TagTrainerNode.configure(List.of(smiles.spec()), table, domainOnly);
        TagTrainerNode.configure(List.of(smiles.spec()), table, calibrationOnly);
        assertTrue(domainOnly.toUncertainty().domain() && !domainOnly.toUncertainty().calibrate());
        assertTrue(!calibrationOnly.toUncertainty().domain() && calibrationOnly.toUncertainty().calibrate());
    }

    /** A bank trained with the applicability domain and no calibration predicts the domain's columns, no interval. */
    @Test
    void aDomainOnlyBankPredictsDomainColumnsAndNoInterval() throws Exception {
        InMemoryTable table = NodeFixture.molecules(60, 21, CellType.SMILES);
        TagModelPortContent trained = TagTrainerNode.execute(List.of(smiles), table, NodeFixture.carbons(2)
                .withSplit(null, 0.3, 0.2).withCalibration(false, 0.9).withApplicabilityDomain(true), fixture.engine,
                new RecordingProgress(), fixture.workDir).port();
        CalibrationEntry c = trained.bank().calibration("<Carbons>").orElseThrow().entry();
        assertTrue(c.hasDomain() && !c.hasConformal());
        PredictorSettings predictor = PredictorSettings.defaults().withBatchSize(8).withMaxTokens(48);
        TableShape shape = PredictorNode.configure(trained.spec(), table.shape(), predictor).orElseThrow();
        assertEquals(List.of("smiles", "carbons", "size", "Prediction (Carbons)", "ad_similarity", "ad_percentile",
                "outside_domain", predictor.reasonColumn()), shape.names());
        InMemoryTable.Builder out = InMemoryTable.builder(shape);
        PredictorNode.execute(trained, table, predictor, fixture.engine, new RecordingProgress(), out);
        for (Row r : out.build().rowList()) {
            double similarity = (Double) r.cell(4);
            assertTrue(similarity >= 0 && similarity <= 1, r.toString());
            assertTrue((Double) r.cell(5) >= 0, r.toString());
            assertTrue(List.of("true", "false").contains(r.cell(6)), r.toString());
        }
    }

    /** A bank calibrated without the applicability domain predicts intervals and no domain column. */
    @Test
    void aCalibrationOnlyBankPredictsIntervalsAndNoDomainColumns() throws Exception {
        InMemoryTable table = NodeFixture.molecules(60, 21, CellType.SMILES);
        TagModelPortContent trained = TagTrainerNode.execute(List.of(smiles), table, NodeFixture.carbons(2)
                .withSplit(null, 0.3, 0.2).withCalibration(true, 0.8).withApplicabilityDomain(false), fixture.engine,
                new RecordingProgress(), fixture.workDir).port();
        TagBank bank = trained.bank();
        CalibrationEntry c = bank.calibration("<Carbons>").orElseThrow().entry();
        assertTrue(!c.hasDomain() && c.hasConformal());
        assertFalse(bank.tensors().containsKey(CalibrationEntry.readoutsTensorName("<Carbons>")));
        PredictorSettings predictor = PredictorSettings.defaults().withBatchSize(8).withMaxTokens(48);
        TableShape shape = PredictorNode.configure(trained.spec(), table.shape(), predictor).orElseThrow();
        assertEquals(List.of("smiles", "carbons", "size", "Prediction (Carbons)", "Carbons_low", "Carbons_high",
                predictor.reasonColumn()), shape.names());
        InMemoryTable.Builder out = InMemoryTable.builder(shape);
        PredictorNode.execute(trained, table, predictor, fixture.engine, new RecordingProgress(), out);
        for (Row r : out.build().rowList()) {
            double value = (Double) r.cell(3);
            assertTrue((Double) r.cell(4) <= value && value <= (Double) r.cell(5), r.toString());
        }
    }

    private static String message(TagTrainerSettings s, TableShape table) {
        return assertThrows(SettingsException.class, () -> TagTrainerNode.configure(List.of(smiles.spec()), table, s))
                .getMessage();
    }

    /**
     * Whether calibration is stored depends on the validation rows there turn out to be, so with calibration on the
     * Predictor's columns are known after the Trainer ran (as a classifier's); an uncalibrated ensemble's spread column
     * is known before.
     */
    @Test
    void configureAnnouncesOnlyWhatTheSettingsTell() throws Exception {
        TableShape table = NodeFixture.molecules(1, 1, CellType.SMILES).shape();
        PredictorSettings predictor = PredictorSettings.defaults();
        TagModelSpec calibrated = TagTrainerNode.configure(List.of(smiles.spec()), table, NodeFixture.carbons(2)
                .withCalibration(true, 0.9)).model();
        assertTrue(PredictorNode.configure(calibrated, table, predictor).isEmpty());
        TagModelSpec ensemble = TagTrainerNode.configure(List.of(smiles.spec()), table, NodeFixture.carbons(2)
                .withEnsembleSize(3)).model();
        assertEquals(List.of("smiles", "carbons", "size", "Prediction (Carbons)", "Carbons_sd",
                predictor.reasonColumn()), PredictorNode.configure(ensemble, table, predictor).orElseThrow().names());
    }

    @Test
    void aCalibratedEnsembleGivesIntervalSpreadAndDomainColumns() throws Exception {
        InMemoryTable table = NodeFixture.molecules(60, 21, CellType.SMILES);
        TagTrainerSettings settings = NodeFixture.carbons(3).withSplit(null, 0.3, 0.2).withCalibration(true, 0.8)
                .withEnsembleSize(2);
        TagModelSpec configured = TagTrainerNode.configure(List.of(smiles.spec()), table.shape(), settings).model();
        TagModelPortContent trained = TagTrainerNode.execute(List.of(smiles), table, settings, fixture.engine,
                new RecordingProgress(), fixture.workDir).port();
        assertEquals(configured.tags(), trained.spec().tags(), "configure announced the ensemble's member tags");

        TagBank bank = trained.bank();
        CalibrationEntry c = bank.calibration("<Carbons>").orElseThrow().entry();
        assertEquals(0.8, c.coverage());
        assertEquals("smiles", c.fingerprintField(), "ECFP4 reference of the SMILES input");
        assertEquals(List.of("<Carbons>", "<Carbons-m2>"), bank.ensemble("<Carbons>").orElseThrow().members());

        PredictorSettings predictor = PredictorSettings.defaults().withBatchSize(8).withMaxTokens(48);
        TableShape shape = PredictorNode.configure(trained.spec(), table.shape(), predictor).orElseThrow();
        assertEquals(List.of("smiles", "carbons", "size", "Prediction (Carbons)", "Carbons_low", "Carbons_high",
                "Carbons_sd", "ad_similarity", "ad_percentile", "outside_domain", predictor.reasonColumn()),
                shape.names());
        InMemoryTable.Builder out = InMemoryTable.builder(shape);
        PredictorNode.execute(trained, table, predictor, fixture.engine, new RecordingProgress(), out);
        int identical = 0;
        for (Row r : out.build().rowList()) {
            double value = (Double) r.cell(3);
            assertTrue((Double) r.cell(4) <= value && value <= (Double) r.cell(5), r.toString());
            assertTrue((Double) r.cell(6) >= 0, r.toString());
            double similarity = (Double) r.cell(7);
            assertTrue(similarity >= 0 && similarity <= 1, r.toString());
            identical += similarity == 1.0 ? 1 : 0;
            assertTrue(List.of("true", "false").contains(r.cell(9)), r.toString());
        }
        assertTrue(identical >= 30, "the training molecules (half the table) are their own nearest: " + identical);
    }

    @Test
    void calibrationOffTrainsAPlainBankWhosePredictionsHaveNoUncertaintyColumns() throws Exception {
        InMemoryTable table = NodeFixture.molecules(60, 21, CellType.SMILES);
        TagModelPortContent trained = TagTrainerNode.execute(List.of(smiles), table, NodeFixture.carbons(2)
                .withSplit(null, 0.3, 0.2).withCalibration(false, 0.9), fixture.engine, new RecordingProgress(),
                fixture.workDir).port();
        assertFalse(trained.bank().calibration("<Carbons>").isPresent());
        PredictorSettings predictor = PredictorSettings.defaults();
        assertEquals(List.of("smiles", "carbons", "size", "Prediction (Carbons)", predictor.reasonColumn()),
                PredictorNode.configure(trained.spec(), table.shape(), predictor).orElseThrow().names());
    }

    @Test
    void tooFewValidationRowsSayItInTheProgressNotAsAWarning() throws Exception {
        RecordingProgress progress = new RecordingProgress();
        TagModelPortContent trained = TagTrainerNode.execute(List.of(smiles), NodeFixture.molecules(30, 22,
                CellType.SMILES), NodeFixture.carbons(2).withCalibration(true, 0.9), fixture.engine, progress,
                fixture.workDir).port();
        assertFalse(trained.bank().calibration("<Carbons>").isPresent());
        assertTrue(progress.messages.stream().anyMatch(m -> m.startsWith("calibration: "
                + UncertaintyTraining.NO_CALIBRATION)), progress.messages.toString());
        assertTrue(progress.warnings.stream().noneMatch(w -> w.contains("calibration")), progress.warnings.toString());
    }
}
