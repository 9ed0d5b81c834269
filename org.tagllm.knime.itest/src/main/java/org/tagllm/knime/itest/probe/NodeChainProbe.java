package org.tagllm.knime.itest.probe;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.tagllm.knime.engine.data.BadRowPolicy;
import org.tagllm.knime.engine.demo.DemoModel;
import org.tagllm.knime.engine.demo.DemoMolecules;
import org.tagllm.knime.engine.service.TagEngineService;
import org.tagllm.knime.nodes.common.ModelOutput;
import org.tagllm.knime.nodes.common.TrainingParameters;
import org.tagllm.knime.nodes.exec.NodeProgress;
import org.tagllm.knime.nodes.port.TagModelPortContent;
import org.tagllm.knime.nodes.predict.PredictionSummary;
import org.tagllm.knime.nodes.predict.PredictorNode;
import org.tagllm.knime.nodes.predict.PredictorSettings;
import org.tagllm.knime.nodes.pretrain.DomainPretrainNode;
import org.tagllm.knime.nodes.pretrain.DomainPretrainSettings;
import org.tagllm.knime.nodes.table.CellType;
import org.tagllm.knime.nodes.table.ColumnSpec;
import org.tagllm.knime.nodes.table.InMemoryTable;
import org.tagllm.knime.nodes.table.Row;
import org.tagllm.knime.nodes.table.TableShape;
import org.tagllm.knime.nodes.train.InputMapping;
import org.tagllm.knime.nodes.train.TagTrainerNode;
import org.tagllm.knime.nodes.train.TagTrainerSettings;

/**
 * What the KNIME node models do, minus KNIME's types: Domain Tag Pretrain → Tag Trainer → Tag-LLM Predictor through
 * the node layer's bundle and the registered {@link TagEngineService}, the tag models written to and read from
 * folders between the nodes as KNIME's file stores hold them. Returns a summary for the test outside the framework.
 */
@Component(service = Callable.class, property = "tagllm.probe=nodes")
public final class NodeChainProbe implements Callable<String> {

    @Reference
    private TagEngineService engine;

    @Override
    public String call() throws Exception {
        Path tmp = Files.createTempDirectory("tagllm-osgi-nodes");
        try {
            return run(tmp);
        } finally {
            ProbeFolders.delete(tmp); // each test run would leave one behind in the system temp folder
        }
    }

    private String run(Path tmp) throws Exception {
        Path model = DemoModel.ensure(tmp.resolve("demo"));
        Path work = tmp.resolve("work");
        TrainingParameters steps = TrainingParameters.defaults().withBatchSize(8).withLearningRate(1e-2).withSeed(7)
                .withMaxSteps(3);

        DomainPretrainSettings pretrain = DomainPretrainSettings.defaults().withBaseModelFolder(model.toString())
                .withColumn("smiles").withTagName("<SMILES>").withVectors(2).withMaxTokens(64).withHoldout(0.2, 4)
                .withTraining(steps);
        ModelOutput stage1 = DomainPretrainNode.execute(molecules(30, 1, false), pretrain, engine, NodeProgress.NONE,
                work);

        TagTrainerSettings trainer = TagTrainerSettings.defaults().withFunctionTag("<HeteroatomShare>")
                .withInputs(List.of(InputMapping.of("smiles", "<SMILES>"))).withRegression(List.of("share"))
                .withVectors(2).withMaxTokens(64).withTraining(steps).withBadRows(BadRowPolicy.SKIP);
        ModelOutput stage2 = TagTrainerNode.execute(List.of(stored(stage1.port(), tmp.resolve("port1"))),
                molecules(48, 2, false), trainer, engine, NodeProgress.NONE, work);

        InMemoryTable input = molecules(20, 3, true);
        PredictorSettings predict = PredictorSettings.defaults().withBatchSize(8).withMaxTokens(64);
        TagModelPortContent trained = stored(stage2.port(), tmp.resolve("port2"));
        TableShape shape = PredictorNode.configure(trained.spec(), input.shape(), predict).orElseThrow();
        InMemoryTable.Builder out = InMemoryTable.builder(shape);
        PredictionSummary summary = PredictorNode.execute(trained, input, predict, engine, NodeProgress.NONE, out);
        InMemoryTable result = out.build();
        String reason = String.valueOf(result.row(0).cell(shape.size() - 1));
        return "rows=" + result.size() + " predicted=" + summary.predicted() + " failed=" + summary.failed()
                + " columns=" + shape.size() + " reason0=" + reason;
    }

    private static TagModelPortContent stored(TagModelPortContent port, Path dir) throws Exception {
        port.write(dir);
        return TagModelPortContent.read(dir);
    }

    /** {@code n} demo molecules with their heteroatom share; with {@code badFirst}, row 0 holds an invalid SMILES. */
    private static InMemoryTable molecules(int n, long seed, boolean badFirst) {
        InMemoryTable.Builder b = InMemoryTable.builder(TableShape.of(ColumnSpec.of("smiles", CellType.SMILES),
                ColumnSpec.of("share", CellType.DOUBLE)));
        if (badFirst) {
            b.add(Row.of("bad", "C1CC(", 0.0));
        }
        List<DemoMolecules.Molecule> molecules = DemoMolecules.generate(n, seed);
        for (int i = 0; i < n; i++) {
            b.add(Row.of("Row" + i, molecules.get(i).smiles(), molecules.get(i).heteroatomShare()));
        }
        return b.build();
    }
}
