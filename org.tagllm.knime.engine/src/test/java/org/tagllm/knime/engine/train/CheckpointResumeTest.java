package org.tagllm.knime.engine.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.tagllm.knime.engine.tensor.FloatTensor;
import org.tagllm.knime.engine.train.Regression.Example;

/**
 * A run that crashes and resumes from its last checkpoint ends bit-identical to the uninterrupted run. The run: 13
 * examples, batches of 4 in micro-batches of 3 (so 3 + 1, and a last batch of 1 per epoch), 4 steps per epoch, a
 * budget of 10 steps (ending inside the third epoch), weight decay, clipping, validation and early-stopping records.
 */
class CheckpointResumeTest {

    private static final List<Example> DATA = Regression.data(13, 41);
    private static final List<Example> VALIDATION = Regression.data(10, 42);

    @TempDir
    Path tmp;

    private static TrainingSettings.Builder settings(Path dir, long every) {
        return TrainingSettings.builder().setBatchSize(4).optMicroBatchSize(3).optMaxSteps(10).optLearningRate(0.05)
                .optWeightDecay(0.01).optMaxGradientNorm(1.0).optSeed(3).optEarlyStopping(5, 0)
                .optCheckpoints(dir, every);
    }

    private static Trainer.Builder<Example> trainer(TrainableSet t, TrainingSettings s) {
        return Trainer.<Example>builder().setTrainables(t).setStepFunction(Regression.step(t)).setTrainingData(DATA)
                .setSettings(s).optEvaluator(Regression.validation(t, VALIDATION));
    }

    private record Run(TrainingResult result, Map<String, FloatTensor> parameters) {}

    private static Run straight(Path dir, long every) throws Exception {
        try (TrainableSet t = Regression.trainables(0.1f)) {
            return new Run(trainer(t, settings(dir, every).build()).build().train(), t.export());
        }
    }

    /** Runs until the first micro-batch of step {@code crashStep}, which throws: a crash in the middle of a step. */
    private static void crash(Path dir, long every, int crashStep) {
        try (TrainableSet t = Regression.trainables(0.1f)) {
            boolean[] armed = {false};
            StepFunction<Example> crashing = (batch, m) -> {
                if (armed[0]) {
                    throw new IllegalStateException("simulated crash");
                }
                return Regression.loss(t, batch, m);
            };
            Trainer<Example> trainer = trainer(t, settings(dir, every).optLogEvery(1).build())
                    .setStepFunction(crashing).optProgressListener(p -> armed[0] |= p.step() == crashStep - 1)
                    .build();
            IllegalStateException e = assertThrows(IllegalStateException.class, trainer::train);
            assertEquals("simulated crash", e.getMessage());
        }
    }

    @Test
    void aCheckpointWithoutValidationStepsResumesWithTheStepsOfItsEpochEnds() throws Exception {
        // Checkpoints written before the validation steps were recorded: the epochs ended every 4 steps.
        Path straightDir = tmp.resolve("straight-old");
        Path crashDir = tmp.resolve("crashed-old");
        Run expected = straight(straightDir, 3);
        crash(crashDir, 3, 10);
        Path latest = TrainingCheckpoint.latest(crashDir).orElseThrow();
        Path state = latest.resolve(TrainingCheckpoint.STATE_FILE);
        com.fasterxml.jackson.databind.node.ObjectNode json = (com.fasterxml.jackson.databind.node.ObjectNode)
                new com.fasterxml.jackson.databind.ObjectMapper().readTree(state.toFile());
        assertTrue(json.get("history").has("validationSteps"));
        ((com.fasterxml.jackson.databind.node.ObjectNode) json.get("history")).remove("validationSteps");
        java.nio.file.Files.writeString(state, json.toPrettyString());
        TrainingResult resumed;
        try (TrainableSet t = Regression.trainables(-5f)) {
            resumed = trainer(t, settings(crashDir, 3).build()).build().resume(latest);
        }
        assertEquals(List.of(4L, 8L, 10L), expected.result().validationSteps());
        assertEquals(expected.result().validationSteps(), resumed.validationSteps());
    }

    @ParameterizedTest(name = "checkpoint every {0}, crash in step {1}, resume from step {2}")
    @CsvSource({"3, 8, 6", "2, 5, 4", "3, 10, 9"})
    void resumedRunIsBitIdenticalToTheUninterruptedOne(int every, int crashStep, int resumeStep) throws Exception {
        Path straightDir = tmp.resolve("straight");
        Path crashDir = tmp.resolve("crashed");
        Run expected = straight(straightDir, every);

        crash(crashDir, every, crashStep);
        Path latest = TrainingCheckpoint.latest(crashDir).orElseThrow();
        assertEquals(TrainingCheckpoint.folderName(resumeStep), latest.getFileName().toString());
        TrainingResult resumed;
        Map<String, FloatTensor> parameters;
        try (TrainableSet t = Regression.trainables(-5f)) { // overwritten from the checkpoint
            resumed = trainer(t, settings(crashDir, every).build()).build().resume(latest);
            parameters = t.export();
        }

        Bits.assertBitIdentical("final (restored best) parameters", expected.parameters(), parameters);
        TrainingResult r = expected.result();
        assertEquals(r.stepLosses(), resumed.stepLosses(), "step losses, bit for bit");
        assertEquals(r.epochLosses(), resumed.epochLosses());
        assertEquals(r.validations(), resumed.validations());
        assertEquals(r.validationSteps(), resumed.validationSteps(), "validation steps survive a resume");
        assertEquals(10, resumed.steps());
        assertEquals(3, resumed.epochs());
        assertEquals(r.bestEpoch(), resumed.bestEpoch());
        assertEquals(r.stopReason(), resumed.stopReason());

        TrainingCheckpoint a = TrainingCheckpoint.read(straightDir.resolve(TrainingCheckpoint.folderName(10)));
        TrainingCheckpoint b = TrainingCheckpoint.read(crashDir.resolve(TrainingCheckpoint.folderName(10)));
        assertTrue(a.finished() && b.finished());
        Bits.assertBitIdentical("parameters at step 10", a.parameters(), b.parameters());
        Bits.assertBitIdentical("AdamW m at step 10", a.optimizerState().firstMoments(),
                b.optimizerState().firstMoments());
        Bits.assertBitIdentical("AdamW v at step 10", a.optimizerState().secondMoments(),
                b.optimizerState().secondMoments());
        assertEquals(10, b.optimizerState().step());
        Bits.assertBitIdentical("best parameters", a.bestParameters().orElseThrow(), b.bestParameters().orElseThrow());
        // Only the newest checkpoint is kept, and nothing half-written is left behind.
        assertEquals(List.of(TrainingCheckpoint.folderName(10)), names(straightDir));
        assertEquals(List.of(TrainingCheckpoint.folderName(10)), names(crashDir));
    }

    @Test
    void resumingAFinishedRunChangesNothing() throws Exception {
        Path dir = tmp.resolve("run");
        Run expected = straight(dir, 0);
        try (TrainableSet t = Regression.trainables(0f)) {
            StepFunction<Example> never = (batch, m) -> {
                throw new AssertionError("a finished run takes no steps");
            };
            TrainingResult r = trainer(t, settings(dir, 0).build()).setStepFunction(never).build()
                    .resume(TrainingCheckpoint.latest(dir).orElseThrow());
            assertEquals(expected.result().stepLosses(), r.stepLosses());
            Bits.assertBitIdentical("parameters", expected.parameters(), t.export());
        }
    }

    @Test
    void resumingWithOtherSettingsIsRefusedNamingThem() throws Exception {
        Path dir = tmp.resolve("run");
        crash(dir, 2, 5);
        Path checkpoint = TrainingCheckpoint.latest(dir).orElseThrow();
        try (TrainableSet t = Regression.trainables(0f)) {
            CheckpointException e = assertThrows(CheckpointException.class, () -> trainer(t,
                    settings(dir, 2).optLearningRate(0.1).optMicroBatchSize(2).build()).build().resume(checkpoint));
            assertTrue(e.getMessage().contains("learningRate was 0.05 in the checkpoint, now 0.1"), e.getMessage());
            assertTrue(e.getMessage().contains("microBatchSize was 3 in the checkpoint, now 2"), e.getMessage());
            assertTrue(e.getMessage().contains(checkpoint.toString()), e.getMessage());
        }
        try (TrainableSet t = Regression.trainables(0f)) {
            CheckpointException e = assertThrows(CheckpointException.class, () -> trainer(t, settings(dir, 2).build())
                    .setTrainingData(DATA.subList(0, 12)).build().resume(checkpoint));
            assertTrue(e.getMessage().contains("trainingExamples was 13 in the checkpoint, now 12"), e.getMessage());
        }
        try (TrainableSet t = TrainableSet.builder().add("w", new FloatTensor(new float[4], new long[] {1, 4}))
                .build()) {
            CheckpointException e = assertThrows(CheckpointException.class,
                    () -> trainer(t, settings(dir, 2).build()).build().resume(checkpoint));
            assertTrue(e.getMessage().contains("trainables was w[1,4] b[1] in the checkpoint, now w[1,4]"),
                    e.getMessage());
        }
        // Where checkpoints go and how often does not change the result: allowed.
        try (TrainableSet t = Regression.trainables(0f)) {
            trainer(t, settings(tmp.resolve("elsewhere"), 5).build()).build().resume(checkpoint);
        }
    }

    @Test
    void aFreshRunRefusesAFolderWithCheckpoints() throws Exception {
        Path dir = tmp.resolve("run");
        crash(dir, 2, 3);
        try (TrainableSet t = Regression.trainables(0f)) {
            CheckpointException e = assertThrows(CheckpointException.class,
                    () -> trainer(t, settings(dir, 2).build()).build().train());
            assertTrue(e.getMessage().contains("already holds checkpoints (newest checkpoint-00000002)"),
                    e.getMessage());
        }
    }

    @Test
    void brokenCheckpointsGiveClearErrors() throws Exception {
        Path dir = tmp.resolve("run");
        crash(dir, 2, 5);
        Path good = TrainingCheckpoint.latest(dir).orElseThrow();

        assertError(tmp.resolve("nowhere"), "there is no checkpoint folder here");

        Path flipped = copy(good, "flipped");
        byte[] bytes = Files.readAllBytes(flipped.resolve(TrainingCheckpoint.PARAMETERS_FILE));
        bytes[bytes.length - 1] ^= 0x40;
        Files.write(flipped.resolve(TrainingCheckpoint.PARAMETERS_FILE), bytes);
        assertError(flipped, TrainingCheckpoint.PARAMETERS_FILE + " is corrupt: its SHA-256 differs");

        Path truncated = copy(good, "truncated");
        byte[] moments = Files.readAllBytes(truncated.resolve(TrainingCheckpoint.OPTIMIZER_FILE));
        Files.write(truncated.resolve(TrainingCheckpoint.OPTIMIZER_FILE),
                java.util.Arrays.copyOf(moments, moments.length / 2));
        assertError(truncated, TrainingCheckpoint.OPTIMIZER_FILE + " is corrupt");

        Path noBest = copy(good, "no-best");
        Files.delete(noBest.resolve(TrainingCheckpoint.BEST_FILE));
        assertError(noBest, TrainingCheckpoint.BEST_FILE + " is missing; the checkpoint is incomplete");

        Path noState = copy(good, "no-state");
        Files.delete(noState.resolve(TrainingCheckpoint.STATE_FILE));
        assertError(noState, "state.json is missing; this is not a complete training checkpoint");

        Path garbage = copy(good, "garbage");
        Files.writeString(garbage.resolve(TrainingCheckpoint.STATE_FILE), "{\"format\": \"tagllm-training-checkp");
        assertError(garbage, "state.json is corrupt");

        Path missingField = copy(good, "missing-field");
        String state = Files.readString(missingField.resolve(TrainingCheckpoint.STATE_FILE));
        Files.writeString(missingField.resolve(TrainingCheckpoint.STATE_FILE),
                state.replace("\"positionInEpoch\"", "\"position\""));
        assertError(missingField, "state.json is corrupt: field 'positionInEpoch' is missing");

        Path edited = copy(good, "edited");
        Files.writeString(edited.resolve(TrainingCheckpoint.STATE_FILE),
                state.replace("\"learningRate\" : \"0.05\"", "\"learningRate\" : \"0.5\""), StandardCharsets.UTF_8);
        assertError(edited, "its settings do not match their recorded hash");

        TrainingCheckpoint.read(good); // the original is untouched
    }

    private void assertError(Path folder, String expected) {
        CheckpointException e = assertThrows(CheckpointException.class, () -> TrainingCheckpoint.read(folder));
        assertTrue(e.getMessage().contains(expected), "expected '" + expected + "' in: " + e.getMessage());
        assertTrue(e.getMessage().contains(folder.toString()), "names the folder: " + e.getMessage());
        try (TrainableSet t = Regression.trainables(0f)) {
            assertThrows(CheckpointException.class,
                    () -> trainer(t, settings(tmp.resolve("x"), 2).build()).build().resume(folder));
        }
    }

    private Path copy(Path folder, String name) throws IOException {
        Path target = Files.createDirectories(tmp.resolve("copies").resolve(name));
        try (Stream<Path> files = Files.list(folder)) {
            for (Path f : files.toList()) {
                Files.copy(f, target.resolve(f.getFileName()));
            }
        }
        return target;
    }

    private static List<String> names(Path dir) throws IOException {
        try (Stream<Path> entries = Files.list(dir)) {
            return entries.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }
}
