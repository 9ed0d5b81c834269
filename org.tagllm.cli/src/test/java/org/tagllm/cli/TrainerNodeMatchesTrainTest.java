package org.tagllm.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tagllm.knime.engine.bank.TagBank;
import org.tagllm.knime.engine.demo.DemoModel;
import org.tagllm.knime.engine.service.LocalTagEngine;
import org.tagllm.knime.engine.tensor.FloatTensor;
import org.tagllm.knime.nodes.common.TrainingParameters;
import org.tagllm.knime.nodes.exec.NodeProgress;
import org.tagllm.knime.nodes.port.TagModelPortContent;
import org.tagllm.knime.nodes.table.CellType;
import org.tagllm.knime.nodes.table.ColumnSpec;
import org.tagllm.knime.nodes.table.InMemoryTable;
import org.tagllm.knime.nodes.table.TableShape;
import org.tagllm.knime.nodes.train.InputMapping;
import org.tagllm.knime.nodes.train.TagTrainerNode;
import org.tagllm.knime.nodes.train.TagTrainerSettings;

/**
 * The Tag Trainer node and {@code tagllm train} take one engine path: with the same options and seed, the node's bank
 * holds the same calibration, ensemble and applicability-domain reference as the command line's, bit for bit. (Here,
 * not in the node module, because only this module sees both the command line and the nodes.)
 */
class TrainerNodeMatchesTrainTest {

    @TempDir
    Path tmp;

    @Test
    void theNodesCalibratedEnsembleIsTrainsBitForBit() throws Exception {
        Path model = tmp.resolve("demo");
        DemoModel.write(model);
        StringBuilder csv = new StringBuilder("smiles,carbons\n");
        StringBuilder corpus = new StringBuilder();
        InMemoryTable.Builder table = InMemoryTable.builder(TableShape.of(ColumnSpec.of("smiles", CellType.SMILES),
                ColumnSpec.of("carbons", CellType.DOUBLE)));
        for (int chain = 1; chain <= 12; chain++) {
            for (String end : new String[] {"O", "N", "Cl", "C(=O)O", "c1ccccc1"}) {
                String smiles = "C".repeat(chain) + end;
                long carbons = smiles.chars().filter(c -> c == 'C' || c == 'c').count();
                csv.append(smiles).append(',').append(carbons).append('\n');
                corpus.append(smiles).append('\n');
                table.addCells(smiles, (double) carbons);
            }
        }
        Path data = Files.writeString(tmp.resolve("carbons.csv"), csv.toString());
        Path corpusFile = Files.writeString(tmp.resolve("corpus.smi"), corpus.toString());
        Path smilesBank = tmp.resolve("smiles.bank");
        CliRun pretrain = CliRun.of("pretrain-domain", "--model", model.toString(), "--corpus",
                "<SMILES>=" + corpusFile, "--out", smilesBank.toString(), "--vectors", "4", "--max-steps", "3",
                "--batch", "4");
        assertEquals(0, pretrain.exitCode(), pretrain::toString);

        Path cliBank = tmp.resolve("cli.bank");
        CliRun train = CliRun.of("train", "--model", model.toString(), "--bank", smilesBank.toString(), "--data",
                data.toString(), "--function-tag", "<Carbons>", "--input", "smiles:smiles=<SMILES>", "--target",
                "carbons", "--out", cliBank.toString(), "--vectors", "4", "--max-tokens", "48", "--max-steps", "3",
                "--batch", "8", "--seed", "3", "--valid", "0.3", "--test", "0.2", "--ensemble", "2", "--coverage",
                "0.8");
        assertEquals(0, train.exitCode(), train::toString);

        TagTrainerSettings settings = TagTrainerSettings.defaults().withFunctionTag("<Carbons>")
                .withInputs(List.of(InputMapping.of("smiles", "<SMILES>"))).withRegression(List.of("carbons"))
                .withVectors(4).withMaxTokens(48).withSplit(null, 0.3, 0.2).withCalibration(true, 0.8)
                .withEnsembleSize(2).withTraining(TrainingParameters.defaults().withMaxSteps(3).withBatchSize(8)
                        .withSeed(3));
        TagBank nodeBank;
        try (LocalTagEngine engine = LocalTagEngine.builder().optThreads(2).build()) {
            TagModelPortContent port = new TagModelPortContent(TagBank.read(smilesBank), model.toString(), List.of(),
                    Map.of());
            nodeBank = TagTrainerNode.execute(List.of(port), table.build(), settings, engine, NodeProgress.NONE,
                    tmp.resolve("work")).port().bank();
        }
        TagBank cli = TagBank.read(cliBank);

        assertEquals(cli.manifest().calibrations(), nodeBank.manifest().calibrations());
        assertEquals(cli.manifest().ensembles(), nodeBank.manifest().ensembles());
        assertEquals(2, cli.ensemble("<Carbons>").orElseThrow().members().size());
        assertTrue(cli.calibration("<Carbons>").orElseThrow().fingerprints() != null, "the ECFP4 reference is there");
        assertEquals(cli.tensors().keySet(), nodeBank.tensors().keySet());
        for (Map.Entry<String, FloatTensor> t : cli.tensors().entrySet()) {
            assertArrayEquals(bits(t.getValue()), bits(nodeBank.tensors().get(t.getKey())), t.getKey());
        }
    }

    private static int[] bits(FloatTensor t) {
        float[] values = t.values();
        int[] bits = new int[values.length];
        for (int i = 0; i < values.length; i++) {
            bits[i] = Float.floatToRawIntBits(values[i]);
        }
        return bits;
    }
}
