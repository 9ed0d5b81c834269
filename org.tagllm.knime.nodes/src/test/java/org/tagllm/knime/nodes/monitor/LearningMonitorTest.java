package org.tagllm.knime.nodes.monitor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.OptionalDouble;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tagllm.knime.nodes.NodeFixture;
import org.tagllm.knime.nodes.RecordingProgress;
import org.tagllm.knime.nodes.common.ModelOutput;
import org.tagllm.knime.nodes.port.TagModelPortContent;
import org.tagllm.knime.nodes.port.TrainingCurve;
import org.tagllm.knime.nodes.table.CellType;
import org.tagllm.knime.nodes.train.TagTrainerNode;
import org.tagllm.knime.nodes.train.TagTrainerSettings;

/** The learning monitor: loss per step and validation per epoch while training; its stop keeps the best state. */
class LearningMonitorTest {

    @TempDir
    static Path tmp;

    static NodeFixture fixture;
    static TagModelPortContent smiles;

    @BeforeAll
    static void setUp() throws Exception {
        fixture = new NodeFixture(tmp);
        smiles = fixture.smilesTags(20, 11, 2);
    }

    @AfterAll
    static void tearDown() {
        fixture.close();
    }

    /** 30 rows, 24 to train in batches of 8: three steps an epoch, validation after each. */
    static TagTrainerSettings epochs(int epochs) {
        TagTrainerSettings s = NodeFixture.carbons(0);
        return s.withTraining(s.training().withMaxSteps(0).withEpochs(epochs));
    }

    @Test
    void everyStepsLossAndEveryEpochsValidationArriveWhileTraining() throws Exception {
        LearningMonitor monitor = new LearningMonitor();
        AtomicInteger changes = new AtomicInteger();
        monitor.addListener(changes::incrementAndGet);
        monitor.begin("stage 2 <Carbons>");
        ModelOutput out = TagTrainerNode.execute(List.of(smiles), NodeFixture.molecules(30, 5, CellType.SMILES),
                epochs(3), fixture.engine, monitor.watch(new RecordingProgress()), fixture.workDir);
        LearningMonitor.Snapshot seen = monitor.snapshot();
        TrainingCurve curve = out.port().curves().get(out.port().curves().size() - 1);
        assertEquals(curve.stepLosses(), seen.losses().stream().map(LearningMonitor.Point::value).toList(),
                "the live losses are the run's step losses");
        assertEquals(List.of(1L, 2L, 3L, 4L, 5L, 6L, 7L, 8L, 9L), seen.losses().stream()
                .map(LearningMonitor.Point::step).toList());
        assertEquals(curve.validations(), seen.validations().stream().map(LearningMonitor.Point::value).toList());
        assertEquals(List.of(3L, 6L, 9L), seen.validations().stream().map(LearningMonitor.Point::step).toList());
        assertTrue(changes.get() >= 12, "a change per report: " + changes.get());
        assertEquals(0.0, out.flowVariables().get(TagTrainerNode.STOPPED_EARLY));
    }

    @Test
    void theStopEndsTrainingEarlyAndKeepsTheBestEpoch() throws Exception {
        LearningMonitor monitor = new LearningMonitor();
        monitor.begin("stage 2 <Carbons>");
        // The user presses stop once the second epoch's validation is shown.
        monitor.addListener(() -> {
            if (monitor.snapshot().validations().size() == 2) {
                monitor.requestStop();
            }
        });
        RecordingProgress progress = new RecordingProgress();
        ModelOutput out = TagTrainerNode.execute(List.of(smiles), NodeFixture.molecules(30, 5, CellType.SMILES),
                epochs(20), fixture.engine, monitor.watch(progress), fixture.workDir);
        LearningMonitor.Snapshot seen = monitor.snapshot();
        assertEquals(6, seen.losses().size(), "stopped before the third epoch's first step");
        assertEquals(1.0, out.flowVariables().get(TagTrainerNode.STOPPED_EARLY));
        assertEquals((double) seen.bestEpoch(), out.flowVariables().get(TagTrainerNode.BEST_EPOCH));
        assertEquals(6.0, out.flowVariables().get(TagTrainerNode.STEPS));
        String last = progress.messages.get(progress.messages.size() - 1);
        assertTrue(last.contains("stopped on request in epoch 2, kept epoch " + seen.bestEpoch()), last);
    }

    @Test
    void beginForgetsThePreviousRunAndTheStop() {
        LearningMonitor monitor = new LearningMonitor();
        monitor.record(1, 0.5, OptionalDouble.empty());
        monitor.record(1, 0.5, OptionalDouble.of(0.7));
        monitor.requestStop();
        assertTrue(monitor.snapshot().stopRequested());
        monitor.begin("again");
        LearningMonitor.Snapshot s = monitor.snapshot();
        assertEquals(new LearningMonitor.Snapshot("again", List.of(), List.of(), false), s);
        assertFalse(monitor.stopRequested());
    }

    @Test
    void thePortViewShowsAFinishedRunsCurveTheSameWay() {
        TrainingCurve curve = new TrainingCurve("stage 1 <SMILES>", List.of(3.0, 2.0, 1.5, 1.2), List.of(2.5, 1.35),
                List.of(2.2, 2.4));
        LearningMonitor.Snapshot s = LearningMonitor.Snapshot.of(curve);
        assertEquals(List.of(new LearningMonitor.Point(1, 3.0), new LearningMonitor.Point(2, 2.0),
                new LearningMonitor.Point(3, 1.5), new LearningMonitor.Point(4, 1.2)), s.losses());
        assertEquals(List.of(new LearningMonitor.Point(2, 2.2), new LearningMonitor.Point(4, 2.4)), s.validations());
        assertEquals(1, s.bestEpoch());
    }
}
