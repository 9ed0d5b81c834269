package org.tagllm.knime.engine.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.OptionalDouble;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BooleanSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.tagllm.knime.engine.runtime.DjlRuntime;
import org.tagllm.knime.engine.train.TrainingResult.StopReason;

/**
 * The training loop shared by every Tag-LLM stage, independent of the model: shuffled batches, micro-batches with
 * gradient accumulation, AdamW on a warm-up + cosine schedule, validation after every epoch with early stopping,
 * checkpoints, progress and cancellation.
 *
 * <pre>{@code
 * Trainer<Example> trainer = Trainer.<Example>builder()
 *         .setTrainables(trainables).setStepFunction(model::loss).setTrainingData(examples)
 *         .setSettings(settings).optEvaluator(Evaluator.minimizing(model::validationLoss))
 *         .optProgressListener(p -> bar.update(p.fraction(), p.message())).optCancellation(token).build();
 * TrainingResult r = resume ? trainer.resume(TrainingCheckpoint.latest(dir).orElseThrow()) : trainer.train();
 * }</pre>
 *
 * <p><b>Reproducibility.</b> Epoch e visits the examples in an order that depends only on the seed and e
 * ({@link EpochOrder}); libtorch on CPU is deterministic for a fixed thread count. So the same settings on the same
 * machine give bit-identical parameters, and a run resumed from a checkpoint ends bit-identical to the uninterrupted
 * run (the checkpoint holds parameters, optimizer moments, position within the epoch and the early-stopping record).
 *
 * <p><b>Failure.</b> Checkpoints are written atomically and the previous one is deleted only after the next one is in
 * place. Cancellation is checked before every optimizer step and micro-batch and throws
 * {@link TrainingCancelledException}. A non-finite training loss stops the run with an {@link IllegalStateException}
 * before it reaches the parameters.
 *
 * <p>A trainer runs once. DJL allows only one gradient collector at a time in the whole JVM, so only one training
 * run may be computing at a time.
 */
public final class Trainer<E> {

    private static final Logger LOG = LoggerFactory.getLogger(Trainer.class);

    private final TrainableSet trainables;
    private final List<E> data;
    private final TrainingSettings settings;
    private final Evaluator evaluator;
    private final ProgressListener listener;
    private final BooleanSupplier cancellation;
    private final ScoreNames scoreNames;
    private final GradientAccumulator<E> accumulator;
    private final EpochOrdering ordering;
    private final AtomicBoolean used = new AtomicBoolean();

    private Trainer(Builder<E> b) {
        trainables = b.trainables;
        data = b.data;
        settings = b.settings;
        evaluator = b.evaluator;
        listener = b.listener;
        cancellation = b.cancellation;
        scoreNames = b.scoreNames;
        ordering = b.ordering;
        accumulator = new GradientAccumulator<>(trainables, b.stepFunction, settings.microBatchSize(),
                b.beforeBackward);
    }

    public static <E> Builder<E> builder() {
        return new Builder<>();
    }

    public static final class Builder<E> {

        private TrainableSet trainables;
        private StepFunction<E> stepFunction;
        private List<E> data;
        private TrainingSettings settings;
        private Evaluator evaluator;
        private ProgressListener listener = ProgressListener.NONE;
        private BooleanSupplier cancellation = () -> false;
        private ScoreNames scoreNames = ScoreNames.UNNAMED;
        private Runnable beforeBackward = () -> {};
        private EpochOrdering ordering = EpochOrdering.SHUFFLE;

        private Builder() {}

        /** Which examples each epoch visits in which order; default {@link EpochOrdering#SHUFFLE}. */
        public Builder<E> optEpochOrdering(EpochOrdering ordering) {
            this.ordering = Objects.requireNonNull(ordering, "ordering");
            return this;
        }

        public Builder<E> setTrainables(TrainableSet trainables) {
            this.trainables = Objects.requireNonNull(trainables, "trainables");
            return this;
        }

        public Builder<E> setStepFunction(StepFunction<E> stepFunction) {
            this.stepFunction = Objects.requireNonNull(stepFunction, "stepFunction");
            return this;
        }

        /** The training examples (at least one, no nulls), in a fixed order that the seeded shuffle starts from. */
        public Builder<E> setTrainingData(List<E> data) {
            this.data = List.copyOf(data);
            return this;
        }

        public Builder<E> setSettings(TrainingSettings settings) {
            this.settings = Objects.requireNonNull(settings, "settings");
            return this;
        }

        /** Validation after every epoch; required for early stopping and for restoring the best parameters. */
        public Builder<E> optEvaluator(Evaluator evaluator) {
            this.evaluator = Objects.requireNonNull(evaluator, "evaluator");
            return this;
        }

        public Builder<E> optProgressListener(ProgressListener listener) {
            this.listener = Objects.requireNonNull(listener, "listener");
            return this;
        }

        /** Checked before every optimizer step and micro-batch; true stops the run. */
        public Builder<E> optCancellation(BooleanSupplier cancellation) {
            this.cancellation = Objects.requireNonNull(cancellation, "cancellation");
            return this;
        }

        /** What the step function's loss and the evaluator's score are, for progress reports and plots. */
        public Builder<E> optScoreNames(ScoreNames scoreNames) {
            this.scoreNames = Objects.requireNonNull(scoreNames, "scoreNames");
            return this;
        }

        /** Runs between each scaled micro-batch loss and its backward; for tests that provoke garbage collection. */
        Builder<E> beforeBackward(Runnable hook) {
            this.beforeBackward = hook;
            return this;
        }

        public Trainer<E> build() {
            require(trainables, "trainables", "setTrainables");
            require(stepFunction, "stepFunction", "setStepFunction");
            require(data, "trainingData", "setTrainingData");
            require(settings, "settings", "setSettings");
            if (data.isEmpty()) {
                throw new IllegalStateException("trainingData is empty: training needs at least one example");
            }
            if (evaluator == null && settings.earlyStoppingPatience() > 0) {
                throw new IllegalStateException("earlyStoppingPatience " + settings.earlyStoppingPatience()
                        + " needs validation: call optEvaluator, or set the patience to 0");
            }
            return new Trainer<>(this);
        }

        private static void require(Object value, String name, String setter) {
            if (value == null) {
                throw new IllegalStateException(name + " is required: call " + setter);
            }
        }
    }

    /**
     * Trains from the trainables' current values with a fresh optimizer.
     *
     * @throws CheckpointException when the checkpoint folder already holds checkpoints (resume, or use another)
     * @throws IOException         when a checkpoint cannot be written
     */
    public TrainingResult train() throws IOException, TrainingCancelledException {
        start();
        if (settings.checkpointDir().isPresent()) {
            List<Path> existing = TrainingCheckpoint.list(settings.checkpointDir().get());
            if (!existing.isEmpty()) {
                throw new CheckpointException(settings.checkpointDir().get() + " already holds checkpoints (newest "
                        + existing.get(existing.size() - 1).getFileName() + "); resume from it, delete them, or "
                        + "choose an empty checkpoint folder");
            }
        }
        return run(new RunState(), null);
    }

    /**
     * Continues the run saved in {@code checkpoint} (a folder such as {@link TrainingCheckpoint#latest} returns),
     * ending exactly where the uninterrupted run would have. The trainables' current values are overwritten.
     *
     * @throws CheckpointException when the checkpoint is missing or corrupt, or was written by a run with other
     *                             settings, another number of training examples, other trainables or another
     *                             validation goal; the message names each difference
     */
    public TrainingResult resume(Path checkpoint) throws IOException, TrainingCancelledException {
        start();
        TrainingCheckpoint c = TrainingCheckpoint.read(checkpoint);
        List<String> differences = RunFingerprint.differences(c.settings(), fingerprint());
        if (!differences.isEmpty()) {
            throw new CheckpointException("cannot resume from " + c.folder() + ": " + String.join("; ", differences)
                    + ". Resume with the checkpoint's settings and data, or start a new run");
        }
        RunState s = c.content().state();
        if (s.validationSteps.size() != s.validations.size()) {
            // A checkpoint written before validation steps were recorded: validations ran at the ends of full epochs.
            long perEpoch = (data.size() + settings.batchSize() - 1) / settings.batchSize();
            s.validationSteps.clear();
            for (int i = 1; i <= s.validations.size(); i++) {
                s.validationSteps.add(Math.min(s.step, i * perEpoch));
            }
        }
        if (s.position > data.size() || s.step > settings.totalSteps(data.size())) {
            throw new CheckpointException(c.folder() + " is inconsistent: position " + s.position + " in an epoch of "
                    + data.size() + " examples, step " + s.step + " of " + settings.totalSteps(data.size()));
        }
        return run(s, c);
    }

    private void start() {
        if (!used.compareAndSet(false, true)) {
            throw new IllegalStateException("this trainer has already run; build a new one");
        }
    }

    private Map<String, String> fingerprint() {
        return RunFingerprint.of(settings, data.size(), trainables, evaluator);
    }

    /** One session of a run, fresh or resumed. */
    private final class Session {

        final RunState s;
        final int n = data.size();
        final long total = settings.totalSteps(n);
        final LearningRateSchedule schedule = settings.learningRateSchedule(total);
        final Map<String, String> fingerprint = fingerprint();
        final long startNanos = System.nanoTime();
        final long priorNanos;
        final long startExamples;
        final List<Path> written = new ArrayList<>();
        final AdamW optimizer;
        final NDManager run;
        Path lastCheckpoint;

        Session(RunState s, AdamW optimizer, NDManager run) {
            this.s = s;
            this.optimizer = optimizer;
            this.run = run;
            this.priorNanos = s.elapsedNanos;
            this.startExamples = s.examplesSeen;
        }
    }

    private TrainingResult run(RunState s, TrainingCheckpoint from) throws IOException, TrainingCancelledException {
        try (AdamW optimizer = new AdamW(trainables, settings.adamW()); NDManager run = DjlRuntime.newManager(trainables.device())) {
            Session session = new Session(s, optimizer, run);
            if (from != null) {
                trainables.load(from.parameters());
                optimizer.importState(from.optimizerState());
                session.lastCheckpoint = from.folder();
                Path folder = from.folder().toAbsolutePath().normalize();
                if (settings.checkpointDir().isPresent() && folder.getParent().equals(
                        settings.checkpointDir().get().toAbsolutePath().normalize())) {
                    session.written.add(folder); // superseded by the next checkpoint, like the run's own
                }
            }
            loop(session);
            session.s.elapsedNanos = session.priorNanos + (System.nanoTime() - session.startNanos);
            if (settings.checkpointDir().isPresent()) {
                checkpoint(session);
            }
            boolean restored = false;
            if (evaluator != null && settings.restoreBestParameters() && s.hasBest()) {
                trainables.load(s.bestParameters);
                restored = true;
            }
            return result(session, restored);
        }
    }

    private void loop(Session session) throws IOException, TrainingCancelledException {
        RunState s = session.s;
        int[] order = null;
        int orderEpoch = -1;
        while (s.stopReason == null) {
            if (s.step >= session.total) {
                if (s.position > 0) {
                    endEpoch(session); // a step budget that ends within an epoch
                }
                if (s.stopReason == null) {
                    s.stopReason = StopReason.COMPLETED;
                }
                break;
            }
            if (orderEpoch != s.epoch) {
                order = ordering.order(settings.seed(), s.epoch, session.n);
                orderEpoch = s.epoch;
            }
            checkCancelled(session);
            if (listener.finishRequested()) {
                if (s.position > 0) {
                    endEpoch(session); // validate the partial epoch, so that it competes for the best state
                }
                s.stopReason = StopReason.STOPPED_ON_REQUEST;
                break;
            }
            List<E> batch = batchAt(order, s.position);
            OptionalDouble loss = accumulator.accumulate(batch, session.run, cancellation);
            if (loss.isEmpty()) {
                throw new TrainingCancelledException(s.step, session.lastCheckpoint);
            }
            double value = loss.getAsDouble();
            if (!Double.isFinite(value)) {
                throw new IllegalStateException(String.format(Locale.ROOT, "the training loss is %s at step %d "
                        + "(epoch %d); the parameters were not updated with it. Lower the learning rate (now %s) or "
                        + "clip gradients (maxGradientNorm)", value, s.step + 1, s.epoch + 1,
                        settings.learningRate()));
            }
            session.optimizer.step(session.schedule.rate(s.step));
            s.recordStep(value, batch.size());
            if (s.step % settings.logEvery() == 0 || s.step == session.total) {
                report(session, value, OptionalDouble.empty());
            }
            if (s.position == session.n) {
                endEpoch(session);
                if (s.stopReason == null && settings.epochs() > 0 && s.epoch >= settings.epochs()) {
                    s.stopReason = StopReason.COMPLETED;
                }
            }
            if (s.stopReason == null && s.step < session.total && settings.checkpointEvery() > 0
                    && s.step % settings.checkpointEvery() == 0 && settings.checkpointDir().isPresent()) {
                s.elapsedNanos = session.priorNanos + (System.nanoTime() - session.startNanos);
                checkpoint(session);
            }
        }
    }

    private List<E> batchAt(int[] order, int position) {
        int end = Math.min(data.size(), position + settings.batchSize());
        List<E> batch = new ArrayList<>(end - position);
        for (int i = position; i < end; i++) {
            batch.add(data.get(order[i]));
        }
        return batch;
    }

    /** Closes the current epoch, then validates and applies early stopping. */
    private void endEpoch(Session session) throws TrainingCancelledException {
        RunState s = session.s;
        s.closeEpoch();
        if (evaluator == null) {
            return;
        }
        checkCancelled(session);
        double score = evaluate(session.run);
        s.offerValidation(score, evaluator.goal(), settings.earlyStoppingMinDelta(), trainables::export);
        report(session, s.stepLosses.get(s.stepLosses.size() - 1), OptionalDouble.of(score));
        int patience = settings.earlyStoppingPatience();
        if (patience > 0 && s.epochsWithoutImprovement >= patience) {
            s.stopReason = StopReason.EARLY_STOPPED;
        }
    }

    private double evaluate(NDManager run) {
        try (NoGrad ignored = NoGrad.enter(); NDManager call = run.newSubManager()) {
            for (NDArray a : trainables.arrays()) {
                a.tempAttach(call);
            }
            return evaluator.evaluate(call);
        }
    }

    private void checkCancelled(Session session) throws TrainingCancelledException {
        if (cancellation.getAsBoolean()) {
            throw new TrainingCancelledException(session.s.step, session.lastCheckpoint);
        }
    }

    private void checkpoint(Session session) throws IOException {
        Path dir = settings.checkpointDir().orElseThrow();
        CheckpointJson.Content content = new CheckpointJson.Content(session.fingerprint,
                RunFingerprint.hash(session.fingerprint), trainables.names(), session.total, session.schedule,
                session.optimizer.stepCount(), settings.seed(), session.s, session.s.hasBest(), Map.of());
        Path folder = TrainingCheckpoint.write(dir, content, trainables.export(), session.optimizer.exportState())
                .toAbsolutePath().normalize();
        session.lastCheckpoint = folder;
        session.written.remove(folder);
        session.written.add(folder);
        while (session.written.size() > settings.keepCheckpoints()) {
            Path old = session.written.remove(0);
            try {
                TrainingCheckpoint.delete(old);
            } catch (IOException e) {
                // The new checkpoint is complete; an old one that cannot be deleted (e.g. still mapped on Windows)
                // only costs disk space.
                LOG.warn("could not delete the superseded checkpoint {}: {}", old, e.toString());
            }
        }
    }

    private void report(Session session, double loss, OptionalDouble validation) {
        RunState s = session.s;
        double seconds = (System.nanoTime() - session.startNanos) / 1e9;
        double examplesPerSecond = seconds > 0 ? (s.examplesSeen - session.startExamples) / seconds : 0;
        int epoch = validation.isPresent() ? s.epoch : s.epoch + 1; // after closeEpoch, s.epoch is the closed one
        String epochs = settings.epochs() > 0 ? "/" + settings.epochs() : "";
        String message = String.format(Locale.ROOT, "epoch %d%s, step %d/%d, loss %.4g", epoch, epochs, s.step,
                session.total, loss)
                + (validation.isPresent() ? String.format(Locale.ROOT, ", validation %.4g", validation.getAsDouble())
                        : "");
        listener.onProgress(new TrainingProgress((double) s.step / session.total, message, s.step, session.total,
                epoch, loss, examplesPerSecond, validation, settings.epochs(), scoreNames));
    }

    private TrainingResult result(Session session, boolean restored) {
        RunState s = session.s;
        OptionalDouble last = s.validations.isEmpty() ? OptionalDouble.empty()
                : OptionalDouble.of(s.validations.get(s.validations.size() - 1));
        OptionalDouble best = s.hasBest() ? OptionalDouble.of(s.bestScore) : OptionalDouble.empty();
        Duration wall = Duration.ofNanos(s.elapsedNanos);
        double seconds = s.elapsedNanos / 1e9;
        return TrainingResult.builder().optSteps(s.step).optEpochs(s.epochLosses.size()).optStopReason(s.stopReason)
                .optFinalValidation(last).optBestValidation(best).optBestEpoch(s.bestEpoch).optRestoredBest(restored)
                .optStepLosses(s.stepLosses).optEpochLosses(s.epochLosses)
                .optValidations(s.validations, s.validationSteps).optWallTime(wall)
                .optExamplesPerSecond(seconds > 0 ? s.examplesSeen / seconds : 0).optScoreNames(scoreNames).build();
    }
}
