package org.tagllm.knime.nodes.exec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tagllm.knime.engine.ModelFormatException;
import org.tagllm.knime.engine.method.DataSource;
import org.tagllm.knime.engine.service.PredictionJob;
import org.tagllm.knime.nodes.NodeFixture;
import org.tagllm.knime.nodes.RecordingProgress;
import org.tagllm.knime.nodes.TestBanks;
import org.tagllm.knime.nodes.common.ModelOutput;
import org.tagllm.knime.nodes.pretrain.DomainPretrainNode;
import org.tagllm.knime.nodes.table.CellType;

class EngineJobsTest {

    @TempDir
    static Path tmp;

    static NodeFixture fixture;

    @BeforeAll
    static void setUp() throws Exception {
        fixture = new NodeFixture(tmp);
    }

    @AfterAll
    static void tearDown() {
        fixture.close();
    }

    @Test
    void aFailedJobFailsTheNodeWithTheCausesMessage() throws Exception {
        Path notAModel = Files.createDirectories(tmp.resolve("empty"));
        PredictionJob job = new PredictionJob(notAModel, "cpu", TestBanks.domain(TestBanks.fingerprint('a'),
                "<SMILES>", 1), null, DataSource.of(tmp.resolve("rows.csv")), 48, 4);
        NodeFailedException e = assertThrows(NodeFailedException.class,
                () -> EngineJobs.run(fixture.engine, job, new RecordingProgress(), 0, 1));
        assertTrue(e.getCause() instanceof ModelFormatException || e.getCause() instanceof java.io.IOException,
                String.valueOf(e.getCause()));
        assertEquals(e.getCause().getMessage(), e.getMessage(), "the user reads the cause, not the job's wrapper");
    }

    @Test
    void aNodeCancelledBeforeItsJobStartsNeverRunsIt() {
        RecordingProgress cancelled = new RecordingProgress(m -> true);
        cancelled.progress(0, "cancel pressed");
        NodeCancelledException e = assertThrows(NodeCancelledException.class, () -> DomainPretrainNode.execute(
                NodeFixture.molecules(20, 1, CellType.SMILES), fixture.pretrain("smiles", "<SMILES>", 50),
                fixture.engine, cancelled, fixture.workDir));
        assertEquals(0, e.completedSteps(), e.getMessage());
        assertTrue(cancelled.messages.stream().noneMatch(m -> m.contains("loss")), cancelled.messages.toString());
    }

    @Test
    void anAbsentGpuRunsOnTheCpuWithAWarning() throws Exception {
        RecordingProgress progress = new RecordingProgress();
        ModelOutput out = DomainPretrainNode.execute(NodeFixture.molecules(20, 2, CellType.SMILES),
                fixture.pretrain("smiles", "<SMILES>", 1).withDevice("cuda:7"), fixture.engine, progress,
                fixture.workDir);
        assertEquals(1.0, out.flowVariables().get(DomainPretrainNode.STEPS));
        assertEquals(List.of("device cuda:7 is not available; ran on cpu"), progress.warnings);
    }

    @Test
    void messagesWithoutALossGetTheStepAndLoss() {
        assertEquals("predicting rows", EngineJobs.message(
                org.tagllm.knime.engine.service.JobProgress.of(0, "predicting rows")));
        assertEquals("warm-up, step 3, loss 0.5000", EngineJobs.message(new org.tagllm.knime.engine.service
                .JobProgress(0.1, "warm-up", 3, java.util.OptionalDouble.of(0.5))));
    }
}
