package org.tagllm.knime.engine.service;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Random;
import java.util.stream.Collectors;
import org.tagllm.knime.engine.LocalModel;
import org.tagllm.knime.engine.bank.TagBank;
import org.tagllm.knime.engine.data.BadRowPolicy;
import org.tagllm.knime.engine.data.ColumnKind;
import org.tagllm.knime.engine.demo.DemoModel;
import org.tagllm.knime.engine.method.DataSource;
import org.tagllm.knime.engine.method.DomainCorpus;
import org.tagllm.knime.engine.method.DomainPretraining;
import org.tagllm.knime.engine.method.FunctionTraining;
import org.tagllm.knime.engine.method.LabelledTask;
import org.tagllm.knime.engine.tags.Tokenization;
import org.tagllm.knime.engine.train.ProgressListener;
import org.tagllm.knime.engine.train.TrainingSettings;

/**
 * The demo model, a regression table, a SMILES domain bank and a function bank each trained in a few steps: enough
 * for prediction jobs with real libtorch in well under a second each.
 */
final class ServiceFixture {

    final Path modelDir;
    final Path table;
    final TagBank domainBank;
    final TagBank bank;

    private ServiceFixture(Path modelDir, Path table, TagBank domainBank, TagBank bank) {
        this.modelDir = modelDir;
        this.table = table;
        this.domainBank = domainBank;
        this.bank = bank;
    }

    static ServiceFixture create(Path tmp) throws Exception {
        Path modelDir = DemoModel.ensure(tmp.resolve("demo"));
        Path table = Files.writeString(tmp.resolve("carbons.csv"), carbonTable(96, 3));
        Path corpus = Files.writeString(tmp.resolve("smiles.txt"), carbonTable(40, 1).lines().skip(1)
                .map(line -> line.substring(0, line.indexOf(','))).collect(Collectors.joining("\n", "", "\n")));
        try (LocalModel model = LocalModel.open(modelDir)) {
            TagBank domainBank = DomainPretraining.run(model, List.of(new DomainCorpus("<SMILES>", corpus, null,
                    ColumnKind.SMILES, Tokenization.CHARACTER)), new DomainPretraining.Settings(2, 48, 0, 0.2, 4,
                    BadRowPolicy.SKIP, TrainingSettings.builder().setBatchSize(8).optMaxSteps(3).optSeed(7).build()),
                    ProgressListener.NONE, () -> false, null).bank();
            TagBank bank = FunctionTraining.run(model, domainBank, task(), DataSource.of(table), settings(6, null),
                    ProgressListener.NONE, () -> false, null).bank();
            return new ServiceFixture(modelDir, table, domainBank, bank);
        }
    }

    /** A stage-2 regression task behind the SMILES tag: the carbon count, learnable from the characters. */
    static LabelledTask task() {
        return new LabelledTask("<Carbons>", LabelledTask.Type.REGRESSION,
                List.of(new LabelledTask.Input("smiles", ColumnKind.SMILES, "<SMILES>", Tokenization.CHARACTER)),
                List.of("carbons"), null, false);
    }

    /** Stage-2 settings of {@code steps} optimizer steps, reporting every step; checkpoints every step when given. */
    static FunctionTraining.Settings settings(int steps, Path checkpoints) {
        TrainingSettings.Builder t = TrainingSettings.builder().setBatchSize(8).optMaxSteps(steps)
                .optLearningRate(1e-2).optSeed(7).optLogEvery(1);
        if (checkpoints != null) {
            t.optCheckpoints(checkpoints, 1);
        }
        return FunctionTraining.Settings.builder().optVectors(2).optMaxTokens(48).optMaxEvalExamples(8)
                .setTraining(t.build()).build();
    }

    FunctionTrainingJob trainingJob(int steps, Path checkpoints) {
        return new FunctionTrainingJob(modelDir, "cpu", domainBank, task(), DataSource.of(table),
                settings(steps, checkpoints), null);
    }

    PredictionJob predictionJob(String device, Path data) {
        return new PredictionJob(modelDir, device, bank, null, DataSource.of(data), 48, 8);
    }

    /** {@code n} rows of chained SMILES fragments with their count of the letter C. */
    static String carbonTable(int n, long seed) {
        String[] fragments = {"C", "CC", "O", "N", "c1ccccc1", "C(=O)O", "CCO", "C(Cl)", "C(C#N)"};
        Random r = new Random(seed);
        StringBuilder b = new StringBuilder("smiles,carbons\n");
        for (int i = 0; i < n; i++) {
            StringBuilder s = new StringBuilder("C");
            for (int j = 0, k = 1 + r.nextInt(5); j < k; j++) {
                s.append(fragments[r.nextInt(fragments.length)]);
            }
            b.append(s).append(',').append(s.chars().filter(c -> c == 'C').count()).append('\n');
        }
        return b.toString();
    }

    /** A clock the test moves by hand. */
    static final class ManualClock extends Clock {

        private volatile Instant now = Instant.parse("2026-01-01T00:00:00Z");

        void advance(Duration d) {
            now = now.plus(d);
        }

        @Override
        public Instant instant() {
            return now;
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }
    }
}
