package org.tagllm.knime.itest.probe;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Random;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.tagllm.knime.engine.bank.TagBank;
import org.tagllm.knime.engine.data.BadRowPolicy;
import org.tagllm.knime.engine.data.ColumnKind;
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
 * the demo model, train a SMILES domain tag (3 steps) and a regression function tag (6 steps), compose, predict.
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
        Path model = DemoModel.ensure(tmp.resolve("demo"));
        Path table = Files.writeString(tmp.resolve("carbons.csv"), carbonTable(96, 3));
        Path corpus = Files.writeString(tmp.resolve("smiles.txt"), carbonTable(40, 1).lines().skip(1)
                .map(line -> line.substring(0, line.indexOf(','))).collect(Collectors.joining("\n", "", "\n")));

        TrainingSettings domainSteps = TrainingSettings.builder().setBatchSize(8).optMaxSteps(3).optSeed(7).build();
        TagBank domain = engine.submit(new DomainPretrainingJob(model, "cpu",
                List.of(new DomainCorpus("<SMILES>", corpus, null, ColumnKind.SMILES, Tokenization.CHARACTER)),
                new DomainPretraining.Settings(2, 48, 0, 0.2, 4, BadRowPolicy.SKIP, domainSteps), null))
                .await(TIMEOUT).bank();

        LabelledTask task = new LabelledTask("<Carbons>", LabelledTask.Type.REGRESSION,
                List.of(new LabelledTask.Input("smiles", ColumnKind.SMILES, "<SMILES>", Tokenization.CHARACTER)),
                List.of("carbons"), null, false);
        TrainingSettings functionSteps = TrainingSettings.builder().setBatchSize(8).optMaxSteps(6)
                .optLearningRate(1e-2).optSeed(7).build();
        TagBank function = engine.submit(new FunctionTrainingJob(model, "cpu", domain, task, DataSource.of(table),
                new FunctionTraining.Settings(2, 48, BadRowPolicy.SKIP, null, 0.1, 0.1, false, 0, 8, functionSteps),
                null)).await(TIMEOUT).bank();

        TagBank composed = engine.submit(new CompositionJob(List.of(domain), function, "<Carbons>")).await(TIMEOUT);
        int predictions = engine.submit(new PredictionJob(model, "cpu", composed, null, DataSource.of(table), 48, 8))
                .await(TIMEOUT).predictions().size();
        return "tags=" + composed.tags().size() + " predictions=" + predictions;
    }

    /** {@code n} rows of chained SMILES fragments with their count of the letter C. */
    private static String carbonTable(int n, long seed) {
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
}
