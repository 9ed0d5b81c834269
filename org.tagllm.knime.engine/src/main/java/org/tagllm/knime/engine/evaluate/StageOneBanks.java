package org.tagllm.knime.engine.evaluate;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;
import org.tagllm.knime.engine.LocalModel;
import org.tagllm.knime.engine.ModelFormatException;
import org.tagllm.knime.engine.bank.BankConflictException;
import org.tagllm.knime.engine.bank.BaseModelFingerprint;
import org.tagllm.knime.engine.bank.TagBank;
import org.tagllm.knime.engine.bank.TagBanks;
import org.tagllm.knime.engine.data.BadRowPolicy;
import org.tagllm.knime.engine.method.DomainCorpus;
import org.tagllm.knime.engine.method.DomainPretraining;
import org.tagllm.knime.engine.model.ModelDirectory;
import org.tagllm.knime.engine.train.ProgressListener;
import org.tagllm.knime.engine.train.TrainingCancelledException;
import org.tagllm.knime.engine.train.TrainingSettings;

/**
 * Stage 1 for a comparison: one domain tag per corpus, each from its own run (as a user would train them), kept in
 * a folder and reused while it fits the model; merged into one bank for the tasks.
 *
 * @param examples      corpus examples per tag at most
 * @param steps         optimizer steps per tag
 * @param learningRate  peak learning rate
 * @param vectors       p
 * @param batchSize     examples per step
 * @param maxTokens     data tokens per example at most, by tag (a missing tag takes {@code defaultTokens})
 * @param defaultTokens data tokens of a tag {@code maxTokens} does not name
 * @param seed          training seed
 */
public record StageOneBanks(int examples, int steps, double learningRate, int vectors, int batchSize,
        Map<String, Integer> maxTokens, int defaultTokens, long seed) {

    /** Heard when a tag is trained or reused. */
    public interface Listener {
        void tag(String tag, boolean reused, Path bank);
    }

    /**
     * The merged bank of {@code tags}: read from {@code dir} where a bank of the tag trained on this model exists,
     * trained (and written there) otherwise.
     */
    public TagBank ensure(LocalModel model, Map<String, DomainCorpus> corpora, Collection<String> tags, Path dir,
            Listener listener, ProgressListener progress, BooleanSupplier cancelled)
            throws IOException, ModelFormatException, BankConflictException, TrainingCancelledException {
        BaseModelFingerprint fingerprint;
        try (ModelDirectory d = ModelDirectory.open(model.dir())) {
            fingerprint = BaseModelFingerprint.of(d);
        }
        List<TagBank> banks = new ArrayList<>();
        for (String tag : tags) {
            DomainCorpus corpus = corpora.get(tag);
            if (corpus == null) {
                throw new IllegalArgumentException("no stage-1 corpus for " + tag + "; known: " + corpora.keySet());
            }
            Path bankDir = dir.resolve(fileName(tag));
            if (Files.isDirectory(bankDir)) {
                TagBank bank = TagBank.read(bankDir);
                if (fits(bank, fingerprint) && bank.hasTag(tag)) {
                    banks.add(bank);
                    listener.tag(tag, true, bankDir);
                    continue;
                }
            }
            TrainingSettings training = TrainingSettings.builder().setBatchSize(batchSize).optMaxSteps(steps)
                    .optLearningRate(learningRate).optSeed(seed).build();
            DomainPretraining.Settings s = new DomainPretraining.Settings(vectors,
                    maxTokens.getOrDefault(tag, defaultTokens), examples, 0.05, 256, BadRowPolicy.SKIP, training);
            TagBank bank = DomainPretraining.run(model, List.of(corpus), s, progress, cancelled, null).bank();
            Files.createDirectories(dir);
            bank.write(bankDir);
            banks.add(bank);
            listener.tag(tag, false, bankDir);
        }
        return banks.isEmpty() ? null : TagBanks.merge(banks);
    }

    private static boolean fits(TagBank bank, BaseModelFingerprint fingerprint) {
        try {
            bank.checkCompatible(fingerprint);
            return true;
        } catch (BankConflictException e) {
            return false; // trained on another model: train again
        }
    }

    /** A folder name for a tag: {@code <SMILES>} → {@code SMILES.bank}. */
    static String fileName(String tag) {
        return tag.replaceAll("[^A-Za-z0-9_-]", "") + ".bank";
    }
}
