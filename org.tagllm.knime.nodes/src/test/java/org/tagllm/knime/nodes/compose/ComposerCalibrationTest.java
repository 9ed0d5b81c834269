package org.tagllm.knime.nodes.compose;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tagllm.knime.engine.bank.TagBank;
import org.tagllm.knime.nodes.NodeFixture;
import org.tagllm.knime.nodes.RecordingProgress;
import org.tagllm.knime.nodes.port.TagModelPortContent;
import org.tagllm.knime.nodes.predict.PredictorNode;
import org.tagllm.knime.nodes.predict.PredictorSettings;
import org.tagllm.knime.nodes.table.CellType;
import org.tagllm.knime.nodes.table.InMemoryTable;
import org.tagllm.knime.nodes.train.TagTrainerNode;

/**
 * The Tag Composer keeps a calibration (and ensemble) when the function tag is composed with the domain tag values it
 * was trained with, and drops the calibration with a warning when another port's domain tag replaces them.
 */
class ComposerCalibrationTest {

    @TempDir
    static Path tmp;

    static NodeFixture fixture;
    static TagModelPortContent smiles;
    static TagModelPortContent otherSmiles;
    static TagModelPortContent trained;

    @BeforeAll
    static void setUp() throws Exception {
        fixture = new NodeFixture(tmp);
        smiles = fixture.smilesTags(30, 11, 3);
        otherSmiles = fixture.smilesTags(30, 12, 3);
        trained = TagTrainerNode.execute(List.of(smiles), NodeFixture.molecules(60, 21, CellType.SMILES),
                NodeFixture.carbons(2).withSplit(null, 0.3, 0.2).withCalibration(true, 0.9).withEnsembleSize(2), fixture.engine,
                new RecordingProgress(), fixture.workDir).port();
        assertTrue(trained.bank().calibration("<Carbons>").isPresent());
    }

    @AfterAll
    static void tearDown() {
        fixture.close();
    }

    @Test
    void theDomainTagItWasTrainedWithKeepsTheCalibrationAndTheEnsemble() throws Exception {
        RecordingProgress progress = new RecordingProgress();
        TagModelPortContent composed = ComposerNode.execute(List.of(smiles, trained), ComposerSettings.defaults(),
                fixture.engine, progress);
        TagBank bank = composed.bank();
        assertEquals(trained.bank().manifest().calibrations(), bank.manifest().calibrations());
        assertEquals(trained.bank().calibration("<Carbons>").orElseThrow().readouts(),
                bank.calibration("<Carbons>").orElseThrow().readouts());
        assertEquals(trained.bank().ensemble("<Carbons>"), bank.ensemble("<Carbons>"));
        assertEquals(List.of(), progress.warnings);
        assertTrue(PredictorNode.configure(composed.spec(), NodeFixture.molecules(1, 1, CellType.SMILES).shape(),
                PredictorSettings.defaults()).orElseThrow().names().contains("Carbons_low"));
    }

    @Test
    void aReplacedDomainTagDropsTheCalibrationWithAWarning() throws Exception {
        RecordingProgress progress = new RecordingProgress();
        TagModelPortContent composed = ComposerNode.execute(List.of(otherSmiles, trained),
                ComposerSettings.defaults(), fixture.engine, progress);
        assertFalse(composed.bank().calibration("<Carbons>").isPresent());
        assertTrue(progress.warnings.stream().anyMatch(w -> w.contains("dropped the calibration of <Carbons>")),
                progress.warnings.toString());
        InMemoryTable table = NodeFixture.molecules(1, 1, CellType.SMILES);
        List<String> names = PredictorNode.configure(composed.spec(), table.shape(), PredictorSettings.defaults())
                .orElseThrow().names();
        assertFalse(names.contains("Carbons_low") || names.contains("ad_percentile"), names.toString());
        assertTrue(names.contains("Carbons_sd"), "the ensemble stays: " + names);
    }
}
