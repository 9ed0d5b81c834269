package org.tagllm.knime.engine.method;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tagllm.knime.engine.LocalModel;
import org.tagllm.knime.engine.bank.TagBank;
import org.tagllm.knime.engine.data.ColumnKind;
import org.tagllm.knime.engine.data.Example;
import org.tagllm.knime.engine.demo.DemoModel;
import org.tagllm.knime.engine.demo.DemoMolecules;
import org.tagllm.knime.engine.split.Partition;
import org.tagllm.knime.engine.split.SplitFractions;
import org.tagllm.knime.engine.split.SplitSpec;
import org.tagllm.knime.engine.train.ProgressListener;
import org.tagllm.knime.engine.train.TrainingSettings;

/**
 * A scaffold split (or cross-conformal scaffold folds) reads the whole molecules, not the inputs cut to the token
 * budget: BBBP's 400-character SMILES cut at position 299 is no molecule, and a cut that still parses has another
 * scaffold. Demo model (tiny, random weights), real libtorch and CDK.
 */
class ScaffoldsOfCutMoleculesTest {

    @TempDir
    static Path tmp;

    static LocalModel model;
    static TagBank smilesBank;
    static final LabelledTask TASK = new LabelledTask("<W>", LabelledTask.Type.REGRESSION,
            List.of(new LabelledTask.Input("smiles", ColumnKind.SMILES, "<SMILES>")), List.of("weight"), null, false);

    @BeforeAll
    static void stageOne() throws Exception {
        model = LocalModel.open(DemoModel.ensure(tmp.resolve("demo")));
        smilesBank = DemoSmilesBank.pretrain(model, tmp, 60, 1);
    }

    @AfterAll
    static void close() {
        model.close();
    }

    @Test
    void trainingSplitsCutMoleculesByTheirWholeScaffolds() throws Exception {
        StringBuilder csv = new StringBuilder("smiles,weight,part\n");
        List<DemoMolecules.Molecule> molecules = DemoMolecules.generate(80, 7);
        int longest = 0;
        for (int i = 0; i < molecules.size(); i++) {
            DemoMolecules.Molecule m = molecules.get(i);
            longest = Math.max(longest, m.smiles().length());
            csv.append(m.smiles()).append(',').append(m.molecularWeight()).append(',')
                    .append(i % 10 == 0 ? "test" : "train").append('\n');
        }
        Path data = Files.writeString(tmp.resolve("cut.csv"), csv.toString());
        // 14 positions leave a few characters of SMILES after BOS and the tags: most molecules are cut.
        FunctionTraining.Settings cut = FunctionTraining.Settings.builder().optVectors(2).optMaxTokens(14)
                .setTraining(TrainingSettings.builder().setBatchSize(8).optEpochs(1).optSeed(0).build()).build();
        assertTrue(longest > 14, "the demo molecules are too short to be cut: " + longest);

        // The base scaffold split, as `train --split-by scaffold:smiles` asks.
        SplitSpec scaffold = new SplitSpec.Scaffold("smiles", new SplitFractions(0.7, 0.15, 0.15), 0);
        assertSameRowsAsTheWholeMolecules(data, cut.withSplit(scaffold));
        // Cross-conformal folds by scaffold of a given split, as `evaluate --cross-conformal` runs each member.
        SplitSpec fold = new SplitSpec.Fold(SplitSpec.Given.byColumn("part"), 3, 1, "smiles", 0);
        assertSameRowsAsTheWholeMolecules(data, cut.withSplit(fold));
    }

    private void assertSameRowsAsTheWholeMolecules(Path data, FunctionTraining.Settings s) throws Exception {
        FunctionTraining.Result r = FunctionTraining.run(model, smilesBank, TASK, DataSource.of(data), s,
                ProgressListener.NONE, () -> false, null);
        assertTrue(r.report().rowsTruncated() > 40, "rows cut: " + r.report().rowsTruncated());
        Map<Partition, List<Example>> whole = FunctionTraining.parts(TASK, DataSource.of(data), s);
        for (Partition p : Partition.values()) {
            assertEquals(whole.get(p).size(), r.sizes().get(p), p + " of " + s.split().describe());
        }
        assertEquals(whole.get(Partition.TEST).stream().mapToLong(Example::row).boxed().toList(),
                java.util.Arrays.stream(r.testPredictions().rows()).boxed().toList(), "test rows");
    }
}
