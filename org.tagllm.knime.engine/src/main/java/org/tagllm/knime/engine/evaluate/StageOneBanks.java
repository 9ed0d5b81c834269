package org.tagllm.knime.engine.evaluate;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.BooleanSupplier;
import org.tagllm.knime.engine.LocalModel;
import org.tagllm.knime.engine.ModelFormatException;
import org.tagllm.knime.engine.bank.BankConflictException;
import org.tagllm.knime.engine.bank.BaseModelFingerprint;
import org.tagllm.knime.engine.bank.Provenance;
import org.tagllm.knime.engine.bank.TagBank;
import org.tagllm.knime.engine.bank.TagBanks;
import org.tagllm.knime.engine.data.BadRowPolicy;
import org.tagllm.knime.engine.io.AtomicFiles;
import org.tagllm.knime.engine.method.CorpusReader;
import org.tagllm.knime.engine.method.DomainCorpus;
import org.tagllm.knime.engine.method.DomainPretraining;
import org.tagllm.knime.engine.method.LabelledTask;
import org.tagllm.knime.engine.model.ModelDirectory;
import org.tagllm.knime.engine.train.ProgressListener;
import org.tagllm.knime.engine.train.TrainingCancelledException;
import org.tagllm.knime.engine.train.TrainingSettings;

/**
 * Stage 1 for a comparison: one domain tag per corpus, each from its own run (as a user would train them), kept in
 * a folder and reused while it fits the model and these settings; merged into one bank for the tasks.
 *
 * <p>By default the corpus a tag trains on leaves out every record that is a validation or test input of the tasks
 * compared ({@link EvaluationRows}: canonical SMILES, checked sequences): a tag that has read the test molecules
 * would flatter the method that uses it. The corpus actually used is written beside the bank
 * ({@code SMILES.corpus.txt}, one checked record per line) and named in its provenance.
 *
 * @param examples              corpus examples per tag at most
 * @param steps                 optimizer steps per tag
 * @param learningRate          peak learning rate
 * @param vectors               p
 * @param batchSize             examples per step
 * @param maxTokens             data tokens per example at most, by tag (a missing tag takes {@code defaultTokens})
 * @param defaultTokens         data tokens of a tag {@code maxTokens} does not name
 * @param seed                  training seed
 * @param includeEvaluationRows train on the whole corpus, evaluation rows included (the figures before issue 19)
 */
public record StageOneBanks(int examples, int steps, double learningRate, int vectors, int batchSize,
        Map<String, Integer> maxTokens, int defaultTokens, long seed, boolean includeEvaluationRows) {

    /** Heard when a tag is trained or reused, with the corpus records left out as evaluation rows. */
    public interface Listener {
        void tag(String tag, boolean reused, Path bank, int excludedRows);
    }

    public StageOneBanks {
        maxTokens = Map.copyOf(maxTokens);
    }

    /** The suite's default: evaluation rows left out of every corpus. */
    public static StageOneBanks suite(int examples, int steps, double learningRate, int vectors, int batchSize,
            Map<String, Integer> maxTokens, int defaultTokens, long seed) {
        return new StageOneBanks(examples, steps, learningRate, vectors, batchSize, maxTokens, defaultTokens, seed,
                false);
    }

    /** The domain tags {@code benchmarks} read, in order of first use. */
    public static Set<String> tags(List<Benchmark> benchmarks) {
        Set<String> tags = new LinkedHashSet<>();
        benchmarks.forEach(b -> b.task().inputs().stream().map(LabelledTask.Input::domainTag)
                .filter(Objects::nonNull).forEach(tags::add));
        return tags;
    }

    /**
     * The merged bank of the domain tags {@code benchmarks} read: read from {@code dir} where a bank of the tag
     * trained on this model, corpus and settings exists, trained (and written there) otherwise; null when no task
     * reads a domain tag.
     *
     * @param comparison the protocol whose validation and test rows stay out of the corpora
     */
    public TagBank ensure(LocalModel model, Map<String, DomainCorpus> corpora, List<Benchmark> benchmarks,
            ComparisonSettings comparison, Path dir, Listener listener, ProgressListener progress,
            BooleanSupplier cancelled)
            throws IOException, ModelFormatException, BankConflictException, TrainingCancelledException {
        Set<String> tags = tags(benchmarks);
        if (tags.isEmpty()) {
            return null;
        }
        BaseModelFingerprint fingerprint;
        try (ModelDirectory d = ModelDirectory.open(model.dir())) {
            fingerprint = BaseModelFingerprint.of(d);
        }
        Map<String, Set<String>> evaluation = includeEvaluationRows ? Map.of()
                : EvaluationRows.of(benchmarks, comparison);
        Files.createDirectories(dir);
        List<TagBank> banks = new ArrayList<>();
        for (String tag : tags) {
            DomainCorpus corpus = corpora.get(tag);
            if (corpus == null) {
                throw new IllegalArgumentException("no stage-1 corpus for " + tag + "; known: " + corpora.keySet());
            }
            int[] excluded = {0};
            DomainCorpus used = includeEvaluationRows ? corpus
                    : withoutEvaluationRows(corpus, evaluation.getOrDefault(tag, Set.of()), dir, excluded);
            DomainPretraining.Settings s = settings(tag);
            Path bankDir = dir.resolve(fileName(tag));
            if (Files.isDirectory(bankDir)) {
                TagBank bank = TagBank.read(bankDir);
                if (fits(bank, fingerprint) && bank.hasTag(tag) && sameRun(bank, used, s)) {
                    banks.add(bank);
                    listener.tag(tag, true, bankDir, excluded[0]);
                    continue;
                }
            }
            TagBank bank = DomainPretraining.run(model, List.of(used), s, progress, cancelled, null).bank();
            bank.write(bankDir);
            banks.add(bank);
            listener.tag(tag, false, bankDir, excluded[0]);
        }
        return TagBanks.merge(banks);
    }

    /**
     * The results file's note on what stage 1 trained on, for the tags {@code excludedRows} names (in its order)
     * with the corpus records each left out as evaluation rows; null when no tag was trained or reused.
     */
    public ComparisonResults.StageOne note(Map<String, Integer> excludedRows) {
        if (excludedRows.isEmpty()) {
            return null;
        }
        Map<String, ComparisonResults.StageOneTag> tags = new LinkedHashMap<>();
        excludedRows.forEach((tag, excluded) -> tags.put(tag,
                new ComparisonResults.StageOneTag(maxTokens.getOrDefault(tag, defaultTokens), excluded)));
        return new ComparisonResults.StageOne(includeEvaluationRows, examples, steps, learningRate, tags);
    }

    /** The stage-1 settings of {@code tag}. */
    DomainPretraining.Settings settings(String tag) {
        TrainingSettings training = TrainingSettings.builder().setBatchSize(batchSize).optMaxSteps(steps)
                .optLearningRate(learningRate).optSeed(seed).build();
        return new DomainPretraining.Settings(vectors, maxTokens.getOrDefault(tag, defaultTokens), examples, 0.05,
                256, BadRowPolicy.SKIP, training);
    }

    /**
     * The corpus without the records whose key is in {@code evaluation}, written to {@code dir} as one checked
     * record per line (read as the corpus's kind again); {@code excluded[0]} counts the records left out.
     */
    private static DomainCorpus withoutEvaluationRows(DomainCorpus corpus, Set<String> evaluation, Path dir,
            int[] excluded) throws IOException {
        StringBuilder kept = new StringBuilder();
        for (String value : CorpusReader.read(corpus, BadRowPolicy.SKIP).values()) {
            if (evaluation.contains(EvaluationRows.key(corpus.kind(), value))) {
                excluded[0]++;
            } else if (value.indexOf('\n') < 0 && value.indexOf('\r') < 0) {
                kept.append(value).append('\n');
            }
        }
        Path file = dir.resolve(fileName(corpus.tag()).replace(".bank", ".corpus.txt"));
        if (!Files.isRegularFile(file) || !Files.readString(file).contentEquals(kept)) {
            AtomicFiles.writeString(file, kept.toString()); // rewritten only when it changed
        }
        return new DomainCorpus(corpus.tag(), file, null, corpus.kind(), corpus.tokenization());
    }

    /** Whether {@code bank} was trained on this very corpus (by content) with these settings. */
    private static boolean sameRun(TagBank bank, DomainCorpus corpus, DomainPretraining.Settings s)
            throws IOException {
        List<Provenance> history = bank.manifest().provenance();
        if (history.size() != 1 || history.get(0).dataFiles().size() != 1) {
            return false;
        }
        Provenance p = history.get(0);
        Map<String, Object> h = p.hyperparameters();
        return p.dataFiles().get(0).sha256().equals(sha256(corpus.file()))
                && number(h, "vectors") == s.vectors() && number(h, "max_tokens") == s.maxTokens()
                && number(h, "max_examples") == s.maxExamples() && number(h, "max_steps") == s.training().maxSteps()
                && number(h, "seed") == s.training().seed() && number(h, "batch_size") == s.training().batchSize()
                && number(h, "learning_rate") == s.training().learningRate();
    }

    private static String sha256(Path file) throws IOException {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(Files.readAllBytes(file)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
    }

    private static double number(Map<String, Object> h, String key) {
        return h.get(key) instanceof Number n ? n.doubleValue() : Double.NaN;
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
