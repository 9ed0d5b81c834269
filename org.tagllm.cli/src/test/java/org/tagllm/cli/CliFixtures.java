package org.tagllm.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.tagllm.knime.engine.demo.DemoModel;

/** Data the command-line tests share, so that each test names only what it varies. */
final class CliFixtures {

    /** Small, valid molecules of varied carbon counts; a test takes as many as it needs from the front. */
    private static final List<String> MOLECULES = List.of("CCO", "CCN", "c1ccccc1", "CC(=O)O", "CCCC", "OCCO",
            "c1ccccc1O", "CCOC", "NCCN", "CC(C)O", "CCCCO", "c1ccccc1N", "OC(=O)CC", "CCNCC", "COC", "CCCN");

    private CliFixtures() {}

    /** The first {@code n} of the shared molecules. */
    static List<String> molecules(int n) {
        return MOLECULES.subList(0, n);
    }

    /** A demo model and a bank that predicts a SMILES's length (tag {@code <Len>}). */
    record LengthBank(Path model, Path bank) {}

    /**
     * The demo model written into {@code dir}, a {@code <SMILES>} tag and a {@code <Len>} function tag trained one step
     * each on the molecules: the cheapest bank a prediction test needs.
     */
    static LengthBank lengthBank(Path dir, List<String> molecules) throws Exception {
        Path model = dir.resolve("demo");
        DemoModel.write(model);
        Path corpus = Files.write(dir.resolve("corpus.smi"), molecules);
        Path smiles = dir.resolve("smiles.bank");
        CliRun pretrain = CliRun.of("pretrain-domain", "--model", model.toString(), "--corpus", "<SMILES>=" + corpus,
                "--out", smiles.toString(), "--vectors", "2", "--max-steps", "1", "--batch", "4");
        assertEquals(0, pretrain.exitCode(), pretrain::toString);
        StringBuilder table = new StringBuilder("smiles,n\n");
        molecules.forEach(m -> table.append(m).append(',').append(m.length()).append('\n'));
        Path data = Files.writeString(dir.resolve("train.csv"), table.toString());
        Path bank = dir.resolve("len.bank");
        CliRun train = CliRun.of("train", "--model", model.toString(), "--bank", smiles.toString(), "--data",
                data.toString(), "--function-tag", "<Len>", "--input", "smiles:smiles=<SMILES>", "--target", "n",
                "--out", bank.toString(), "--vectors", "2", "--max-steps", "1", "--batch", "4");
        assertEquals(0, train.exitCode(), train::toString);
        return new LengthBank(model, bank);
    }
}
