package org.tagllm.knime.engine.bench;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.tagllm.knime.engine.LocalModel;
import org.tagllm.knime.engine.bank.TagBank;
import org.tagllm.knime.engine.data.BadRowPolicy;
import org.tagllm.knime.engine.data.ColumnKind;
import org.tagllm.knime.engine.demo.DemoData;
import org.tagllm.knime.engine.method.DataSource;
import org.tagllm.knime.engine.method.DomainCorpus;
import org.tagllm.knime.engine.method.DomainPretraining;
import org.tagllm.knime.engine.method.FunctionTraining;
import org.tagllm.knime.engine.method.LabelledTask;
import org.tagllm.knime.engine.method.TagPredictor;
import org.tagllm.knime.engine.service.JobHandle;
import org.tagllm.knime.engine.service.LocalTagEngine;
import org.tagllm.knime.engine.service.PredictionJob;
import org.tagllm.knime.engine.tags.Tokenization;
import org.tagllm.knime.engine.train.ProgressListener;
import org.tagllm.knime.engine.train.TrainingSettings;

/**
 * The shared engine under load: the same prediction jobs run one by one and all at once on one cached model. A bank
 * is trained for a few steps first (its quality does not matter here, only the work a prediction does).
 *
 * @param coldSeconds        the first job: loading the model, then predicting
 * @param warmSeconds        the same job again, served from the cache
 * @param sequentialRowsPerS rows per second with the jobs run one after another
 * @param concurrentRowsPerS rows per second with every job submitted at once (they share the device's read lock)
 * @param loads              models loaded over the whole run (1 when the cache works)
 * @param identical          whether the concurrent results equal the sequential ones bit for bit
 */
public record ServiceBenchmark(String model, int jobs, int rowsPerJob, double coldSeconds, double warmSeconds,
        double sequentialRowsPerS, double concurrentRowsPerS, long loads, long hits, boolean identical) {

    private static final Duration PATIENCE = Duration.ofMinutes(30);

    public static ServiceBenchmark run(String name, Path modelDir, Path work, int jobs, int rows) throws Exception {
        DemoData.Files data = DemoData.write(work, Math.max(rows, 10), 64, 1);
        TagBank bank = quickBank(modelDir, data);
        DataSource table = new DataSource(data.labelled(), null);
        PredictionJob job = new PredictionJob(modelDir, "cpu", bank, null, table, 128, 16);
        try (LocalTagEngine engine = LocalTagEngine.builder().optThreads(jobs).build()) {
            long t0 = System.nanoTime();
            engine.submit(job).await(PATIENCE);
            long t1 = System.nanoTime();
            TagPredictor.Result reference = engine.submit(job).await(PATIENCE);
            long t2 = System.nanoTime();

            List<TagPredictor.Result> sequential = new ArrayList<>();
            for (int i = 0; i < jobs; i++) {
                sequential.add(engine.submit(job).await(PATIENCE));
            }
            long t3 = System.nanoTime();
            List<JobHandle<TagPredictor.Result>> handles = new ArrayList<>();
            for (int i = 0; i < jobs; i++) {
                handles.add(engine.submit(job));
            }
            boolean identical = true;
            for (JobHandle<TagPredictor.Result> h : handles) {
                identical &= same(reference, h.await(PATIENCE));
            }
            long t4 = System.nanoTime();
            for (TagPredictor.Result r : sequential) {
                identical &= same(reference, r);
            }
            int n = reference.predictions().size();
            return new ServiceBenchmark(name, jobs, n, (t1 - t0) / 1e9, (t2 - t1) / 1e9,
                    jobs * n / ((t3 - t2) / 1e9), jobs * n / ((t4 - t3) / 1e9), engine.cache().loads(),
                    engine.cache().hits(), identical);
        }
    }

    private static boolean same(TagPredictor.Result a, TagPredictor.Result b) {
        if (a.predictions().size() != b.predictions().size()) {
            return false;
        }
        for (int i = 0; i < a.predictions().size(); i++) {
            if (!Arrays.equals(a.predictions().get(i).values(), b.predictions().get(i).values())) {
                return false;
            }
        }
        return true;
    }

    private static TagBank quickBank(Path modelDir, DemoData.Files data) throws Exception {
        try (LocalModel model = LocalModel.open(modelDir)) {
            TagBank domain = DomainPretraining.run(model, List.of(new DomainCorpus("<SMILES>", data.corpus(), null,
                    ColumnKind.SMILES, Tokenization.CHARACTER)), new DomainPretraining.Settings(2, 64, 0, 0.2, 4,
                    BadRowPolicy.SKIP, TrainingSettings.builder().setBatchSize(8).optMaxSteps(2).optSeed(1).build()),
                    ProgressListener.NONE, () -> false, null).bank();
            LabelledTask task = new LabelledTask(DemoData.Property.HETEROATOM_SHARE.functionTag(),
                    LabelledTask.Type.REGRESSION, List.of(new LabelledTask.Input(DemoData.SMILES_COLUMN,
                            ColumnKind.SMILES, "<SMILES>", Tokenization.CHARACTER)),
                    List.of(DemoData.Property.HETEROATOM_SHARE.column()), null, false);
            FunctionTraining.Settings settings = FunctionTraining.Settings.builder().optVectors(2).optMaxTokens(64)
                    .optBadRows(BadRowPolicy.SKIP).optValidFraction(0.1).optTestFraction(0.1).optMaxEvalExamples(8)
                    .setTraining(TrainingSettings.builder().setBatchSize(8).optMaxSteps(2).optSeed(1).build()).build();
            return FunctionTraining.run(model, domain, task, new DataSource(data.labelled(), null), settings,
                    ProgressListener.NONE, () -> false, null).bank();
        }
    }
}
