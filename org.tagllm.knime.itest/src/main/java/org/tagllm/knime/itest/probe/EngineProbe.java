package org.tagllm.knime.itest.probe;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.tagllm.knime.engine.bank.TagBank;
import org.tagllm.knime.engine.data.BadRowPolicy;
import org.tagllm.knime.engine.data.ColumnKind;
import org.tagllm.knime.engine.demo.DemoData;
import org.tagllm.knime.engine.demo.DemoModel;
import org.tagllm.knime.engine.method.DataSource;
import org.tagllm.knime.engine.method.DomainCorpus;
import org.tagllm.knime.engine.method.DomainPretraining;
import org.tagllm.knime.engine.method.FunctionTraining;
import org.tagllm.knime.engine.method.LabelledTask;
import org.tagllm.knime.engine.service.CompositionJob;
import org.tagllm.knime.engine.service.DomainPretrainingJob;
import org.tagllm.knime.engine.service.FunctionTrainingJob;
import org.tagllm.knime.engine.service.PredictionJob;
import org.tagllm.knime.engine.service.TagEngineService;
import org.tagllm.knime.engine.tags.Tokenization;
import org.tagllm.knime.engine.train.TrainingSettings;

/**
 * Runs inside the framework what a KNIME node would do, through the registered {@link TagEngineService} only: write
 * the demo model and its molecules, train a SMILES domain tag (3 steps) and a regression function tag (6 steps), compose, predict.
 *
 * <p>Registered as a {@link Callable} because {@code java.*} types are the only ones the test (outside the framework)
 * shares with the bundles; the test calls it and checks the returned summary.
 */
@Component(service = Callable.class, property = "tagllm.probe=engine")
public final class EngineProbe implements Callable<String> {

    private static final Duration TIMEOUT = Duration.ofMinutes(5);

    @Reference
    private TagEngineService engine;

    @Override
    public String call() throws Exception {
        Path tmp = Files.createTempDirectory("tagllm-osgi-probe");
        try {
            return run(tmp);
        } finally {
            ProbeFolders.delete(tmp); // each test run would leave one behind in the system temp folder
        }
    }

    private String run(Path tmp) throws Exception {
        Path model = DemoModel.ensure(tmp.resolve("demo"));
        DemoData.Files data = DemoData.write(tmp.resolve("data"), 96, 40, 3);
        Path table = data.labelled();
        Path corpus = data.corpus();
        DemoData.Property target = DemoData.Property.HETEROATOM_SHARE;

        TrainingSettings domainSteps = TrainingSettings.builder().setBatchSize(8).optMaxSteps(3).optSeed(7).build();
        TagBank domain = engine.submit(new DomainPretrainingJob(model, "cpu",
                List.of(new DomainCorpus("<SMILES>", corpus, null, ColumnKind.SMILES, Tokenization.CHARACTER)),
                new DomainPretraining.Settings(2, 64, 0, 0.2, 4, BadRowPolicy.SKIP, domainSteps), null))
                .await(TIMEOUT).bank();

        LabelledTask task = new LabelledTask(target.functionTag(), LabelledTask.Type.REGRESSION,
                List.of(new LabelledTask.Input(DemoData.SMILES_COLUMN, ColumnKind.SMILES, "<SMILES>",
                        Tokenization.CHARACTER)), List.of(target.column()), null, false);
        TrainingSettings functionSteps = TrainingSettings.builder().setBatchSize(8).optMaxSteps(6)
                .optLearningRate(1e-2).optSeed(7).build();
        TagBank function = engine.submit(new FunctionTrainingJob(model, "cpu", domain, task, DataSource.of(table),
                FunctionTraining.Settings.builder().optVectors(2).optMaxTokens(64).optBadRows(BadRowPolicy.SKIP)
                        .optMaxEvalExamples(8).setTraining(functionSteps).build(),
                null)).await(TIMEOUT).bank();

        TagBank composed = engine.submit(new CompositionJob(List.of(domain), function, target.functionTag())).await(TIMEOUT);
        int predictions = engine.submit(new PredictionJob(model, "cpu", composed, null, DataSource.of(table), 64, 8))
                .await(TIMEOUT).predictions().size();
        return "tags=" + composed.tags().size() + " predictions=" + predictions;
    }
}
