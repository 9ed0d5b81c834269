package org.tagllm.knime.engine.method;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.SplittableRandom;
import java.util.function.BooleanSupplier;
import java.util.function.LongConsumer;
import org.tagllm.knime.engine.LocalModel;
import org.tagllm.knime.engine.ModelFormatException;
import org.tagllm.knime.engine.bank.BaseModelFingerprint;
import org.tagllm.knime.engine.bank.Provenance;
import org.tagllm.knime.engine.bank.TagBank;
import org.tagllm.knime.engine.bank.TagEntry;
import org.tagllm.knime.engine.data.BadRowPolicy;
import org.tagllm.knime.engine.data.DataReport;
import org.tagllm.knime.engine.model.ModelDirectory;
import org.tagllm.knime.engine.tags.SequenceEncoder;
import org.tagllm.knime.engine.tags.TagBatch;
import org.tagllm.knime.engine.tags.TagKind;
import org.tagllm.knime.engine.tags.TagModel;
import org.tagllm.knime.engine.tags.TagSpec;
import org.tagllm.knime.engine.tags.TagTable;
import org.tagllm.knime.engine.tags.TaggedSequence;
import org.tagllm.knime.engine.tensor.FloatTensor;
import org.tagllm.knime.engine.train.ProgressListener;
import org.tagllm.knime.engine.train.ScoreNames;
import org.tagllm.knime.engine.train.Trainer;
import org.tagllm.knime.engine.train.TrainableSet;
import org.tagllm.knime.engine.train.TrainingCancelledException;
import org.tagllm.knime.engine.train.TrainingResult;
import org.tagllm.knime.engine.train.TrainingSettings;
import org.tagllm.knime.engine.train.WorkProgress;
import org.tagllm.knime.engine.train.WorkProgress.Phase;

/**
 * Stage 1: domain tags learned by next-token prediction on unlabelled in-domain text, the base model frozen. Several
 * domains may train in one run; their examples are shuffled together, so batches mix domains (the paper's stated
 * future work). A held-out part of every corpus measures the next-token loss of the data tokens with the learned tag
 * in front, against the same tokens after BOS alone (the untagged model).
 */
public final class DomainPretraining {

    /** Both figures are next-token cross-entropies per target token. */
    static final ScoreNames SCORE_NAMES = new ScoreNames("training loss (nats/token)", "held-out loss (nats/token)",
            true);

    /**
     * @param vectors         p, vectors per tag
     * @param maxTokens       data tokens per example at most; longer texts are cut (and counted)
     * @param maxExamples     training examples per corpus at most (0 = all)
     * @param holdoutFraction share of each corpus held out for validation
     * @param maxHoldout      held-out examples per corpus at most
     * @param badRows         what to do with records that fail their checks
     * @param training        optimiser, schedule, epochs or steps, seed, checkpoints
     */
    public record Settings(int vectors, int maxTokens, int maxExamples, double holdoutFraction, int maxHoldout,
            BadRowPolicy badRows, TrainingSettings training) {

        public Settings {
            if (vectors < 1 || maxTokens < 1 || maxExamples < 0 || maxHoldout < 1) {
                throw new IllegalArgumentException("vectors, max tokens and max holdout must be positive, max examples"
                        + " non-negative");
            }
            if (!(holdoutFraction > 0 && holdoutFraction < 1)) {
                throw new IllegalArgumentException("holdout fraction must lie in (0, 1), got " + holdoutFraction);
            }
            Objects.requireNonNull(badRows, "badRows");
            Objects.requireNonNull(training, "training");
        }

        // The defaults of 'tagllm pretrain-domain' and of the Domain Tag Pretrain node (max examples 0 = all).
        public static final int DEFAULT_VECTORS = 10;
        public static final int DEFAULT_MAX_TOKENS = 128;
        public static final double DEFAULT_HOLDOUT_FRACTION = 0.05;
        public static final int DEFAULT_MAX_HOLDOUT = 256;
    }

    /** What one corpus contributed and how its held-out loss moved. */
    public record DomainOutcome(String tag, Path file, int trainExamples, int heldOutExamples, int truncated,
            double heldOutLossUntagged, double heldOutLossBefore, double heldOutLossAfter, DataReport report) {}

    public record Result(TagBank bank, TrainingResult training, List<DomainOutcome> domains) {}

    private DomainPretraining() {}

    /**
     * Trains the domain tags of {@code corpora} and returns them as a bank.
     *
     * @param resumeFrom a checkpoint of an interrupted run with the same settings and data, or null to start afresh
     */
    public static Result run(LocalModel model, List<DomainCorpus> corpora, Settings settings,
            ProgressListener progress, BooleanSupplier cancelled, Path resumeFrom)
            throws IOException, ModelFormatException, TrainingCancelledException {
        if (corpora.isEmpty()) {
            throw new IllegalArgumentException("stage 1 needs at least one domain corpus");
        }
        BaseModelFingerprint fingerprint;
        try (ModelDirectory dir = ModelDirectory.open(model.dir())) {
            fingerprint = BaseModelFingerprint.of(dir);
        }
        try (TagTable table = TagTable.create(model.decoder())) {
            for (DomainCorpus c : corpora) {
                table.add(new TagSpec(c.tag(), TagKind.DOMAIN, settings.vectors()), true);
            }
            SequenceEncoder encoder = new SequenceEncoder(model.tokenizer(), table.specs());
            TagModel tagModel = new TagModel(model.decoder(), table);

            List<TaggedSequence> train = new ArrayList<>();
            List<Prepared> prepared = new ArrayList<>();
            long[] readBefore = {0};
            for (DomainCorpus c : corpora) {
                Prepared p = prepare(c, table.spec(c.tag()), encoder, model, settings, rows -> progress.onWork(
                        new WorkProgress(Phase.READING, readBefore[0] + rows, -1)));
                readBefore[0] += p.report.rowsRead();
                prepared.add(p);
                train.addAll(p.train);
            }
            List<TaggedSequence> heldOut = prepared.stream().flatMap(p -> p.heldOut.stream()).toList();
            int evalBatch = Math.max(settings.training().batchSize(), 8);
            BatchedReadout readout = new BatchedReadout(tagModel, model.tokenizer(), evalBatch);
            LongConsumer heldOutDone = done -> progress.onWork(new WorkProgress(Phase.HELD_OUT, done,
                    heldOut.size()));
            double[] before = new double[prepared.size()];
            long scored = 0;
            for (int i = 0; i < before.length; i++) {
                long offset = scored;
                before[i] = readout.heldOutLoss(prepared.get(i).heldOut, done -> heldOutDone.accept(offset + done));
                scored += prepared.get(i).heldOut.size();
            }

            TrainableSet.Builder trainables = TrainableSet.builder();
            for (DomainCorpus c : corpora) {
                trainables.add(c.tag(), table.vectors(c.tag()));
            }
            TrainingResult result;
            try (TrainableSet set = trainables.build()) {
                Trainer<TaggedSequence> trainer = Trainer.<TaggedSequence>builder()
                        .setTrainables(set)
                        .setTrainingData(train)
                        .setSettings(settings.training())
                        .setStepFunction((micro, call) -> tagModel.languageModelLoss(
                                TagBatch.of(micro, TagBatch.Padding.RIGHT), call))
                        .optEvaluator(call -> readout.heldOutLoss(heldOut, heldOutDone))
                        .optScoreNames(SCORE_NAMES)
                        .optProgressListener(progress)
                        .optCancellation(cancelled)
                        .build();
                result = resumeFrom == null ? trainer.train() : trainer.resume(resumeFrom);
            }

            // After training: each corpus untagged and with the trained tag, twice the held-out examples.
            LongConsumer finalDone = done -> progress.onWork(new WorkProgress(Phase.HELD_OUT, done,
                    2L * heldOut.size()));
            List<DomainOutcome> outcomes = new ArrayList<>();
            long finalScored = 0;
            for (int i = 0; i < corpora.size(); i++) {
                Prepared p = prepared.get(i);
                long offset = finalScored;
                double untagged = readout.heldOutLoss(p.untagged, done -> finalDone.accept(offset + done));
                double after = readout.heldOutLoss(p.heldOut,
                        done -> finalDone.accept(offset + p.untagged.size() + done));
                finalScored += p.untagged.size() + p.heldOut.size();
                outcomes.add(new DomainOutcome(corpora.get(i).tag(), corpora.get(i).file(), p.train.size(),
                        p.heldOut.size(), p.truncated, untagged, before[i], after, p.report));
            }
            return new Result(bank(fingerprint, table, corpora, settings, result, outcomes), result, outcomes);
        }
    }

    /** A corpus's examples: shuffled by the seed, the held-out part cut off first, each text cut to the budget. */
    private record Prepared(List<TaggedSequence> train, List<TaggedSequence> heldOut, List<TaggedSequence> untagged,
            int truncated, DataReport report) {}

    private static Prepared prepare(DomainCorpus c, TagSpec spec, SequenceEncoder encoder, LocalModel model,
            Settings s, LongConsumer rowsRead)
            throws IOException {
        CorpusReader.Texts texts = CorpusReader.read(c, s.badRows(), rowsRead);
        if (texts.values().size() < 2) {
            throw new IllegalArgumentException(c.file() + ": " + texts.values().size()
                    + " usable record(s); stage 1 needs at least two (one to train, one to hold out)");
        }
        List<String> order = new ArrayList<>(texts.values());
        shuffle(order, new SplittableRandom(s.training().seed() ^ c.tag().hashCode()));
        int holdout = (int) Math.max(1, Math.min(s.maxHoldout(), Math.round(order.size() * s.holdoutFraction())));
        List<String> trainTexts = order.subList(holdout, order.size());
        if (s.maxExamples() > 0 && trainTexts.size() > s.maxExamples()) {
            trainTexts = trainTexts.subList(0, s.maxExamples());
        }
        long bos = model.tokenizer().bosId().orElse(-1);
        int[] truncated = {0};
        List<TaggedSequence> heldOut = new ArrayList<>();
        List<TaggedSequence> untagged = new ArrayList<>();
        for (String text : order.subList(0, holdout)) {
            long[] ids = budget(encoder.tokens(text, c.tokenization()), s.maxTokens(), truncated);
            heldOut.add(TaggedSequence.builder().tag(spec).tokens(ids, true).build());
            // The untagged model sees BOS where the tag stood and must predict the same tokens.
            TaggedSequence.Builder plain = TaggedSequence.builder();
            if (bos >= 0) {
                plain.token(bos, false).tokens(ids, true);
            } else {
                plain.token(ids[0], false).tokens(Arrays.copyOfRange(ids, 1, ids.length), true);
            }
            untagged.add(plain.build());
        }
        List<TaggedSequence> train = new ArrayList<>(trainTexts.size());
        for (String text : trainTexts) {
            long[] ids = budget(encoder.tokens(text, c.tokenization()), s.maxTokens(), truncated);
            train.add(TaggedSequence.builder().tag(spec).tokens(ids, true).build());
        }
        return new Prepared(train, heldOut, untagged, truncated[0], texts.report());
    }

    private static long[] budget(long[] ids, int maxTokens, int[] truncated) {
        if (ids.length == 0) {
            throw new IllegalArgumentException("a record became no tokens at all");
        }
        if (ids.length <= maxTokens) {
            return ids;
        }
        truncated[0]++;
        return Arrays.copyOf(ids, maxTokens);
    }

    private static <T> void shuffle(List<T> list, SplittableRandom random) {
        for (int i = list.size() - 1; i > 0; i--) {
            int j = random.nextInt(i + 1);
            T t = list.get(i);
            list.set(i, list.get(j));
            list.set(j, t);
        }
    }

    private static TagBank bank(BaseModelFingerprint fingerprint, TagTable table, List<DomainCorpus> corpora,
            Settings s, TrainingResult result, List<DomainOutcome> outcomes) throws IOException {
        TagBank.Builder bank = TagBank.builder(fingerprint);
        List<Provenance.DataFile> files = new ArrayList<>();
        Map<String, Double> metrics = new LinkedHashMap<>();
        for (int i = 0; i < corpora.size(); i++) {
            DomainCorpus c = corpora.get(i);
            bank.addTag(c.tag(), TagEntry.Kind.DOMAIN, table.export(c.tag()));
            DomainOutcome o = outcomes.get(i);
            files.add(DataFiles.describe(c.file(), o.report().rowsRead()));
            String key = c.tag().replaceAll("[<>]", "");
            metrics.put(key + ".heldout_loss_untagged", o.heldOutLossUntagged());
            metrics.put(key + ".heldout_loss_before", o.heldOutLossBefore());
            metrics.put(key + ".heldout_loss_after", o.heldOutLossAfter());
        }
        metrics.put("final_train_loss", result.finalLoss());
        Map<String, Object> hyper = new LinkedHashMap<>();
        hyper.put("vectors", s.vectors());
        hyper.put("max_tokens", s.maxTokens());
        hyper.put("max_examples", s.maxExamples());
        hyper.put("learning_rate", s.training().learningRate());
        hyper.put("batch_size", s.training().batchSize());
        hyper.put("epochs", s.training().epochs());
        hyper.put("max_steps", s.training().maxSteps());
        hyper.put("seed", s.training().seed());
        hyper.put("steps_done", result.steps());
        bank.addProvenance(Provenance.now(Provenance.Stage.STAGE_1).withDataFiles(files).withHyperparameters(hyper)
                .withMetrics(metrics));
        return bank.build();
    }
}
