package org.tagllm.knime.engine.method;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.tagllm.knime.engine.LocalModel;
import org.tagllm.knime.engine.bank.TagBank;
import org.tagllm.knime.engine.data.BadRowPolicy;
import org.tagllm.knime.engine.data.ColumnKind;
import org.tagllm.knime.engine.tags.Tokenization;
import org.tagllm.knime.engine.train.ProgressListener;
import org.tagllm.knime.engine.train.TrainingSettings;

/** A stage-1 {@code <SMILES>} bank on the demo grammar's molecules, quick enough for a test class's set-up. */
final class DemoSmilesBank {

    private DemoSmilesBank() {}

    /** {@code lines} demo SMILES written into {@code dir}, learned for {@code epochs} epochs (seeded, 4 vectors). */
    static TagBank pretrain(LocalModel model, Path dir, int lines, int epochs) throws Exception {
        Path smiles = Files.writeString(dir.resolve("smiles.txt"), DemoTables.smilesLines(lines, 1));
        return DomainPretraining.run(model, List.of(new DomainCorpus("<SMILES>", smiles, null, ColumnKind.SMILES,
                Tokenization.CHARACTER)), new DomainPretraining.Settings(4, 48, 0, 0.2, 12, BadRowPolicy.SKIP,
                TrainingSettings.builder().setBatchSize(8).optEpochs(epochs).optLearningRate(3e-2).optSeed(7).build()),
                ProgressListener.NONE, () -> false, null).bank();
    }
}
