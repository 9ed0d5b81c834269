package org.tagllm.spark;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.tagllm.knime.engine.LocalModel;
import org.tagllm.knime.engine.bank.TagBank;
import org.tagllm.knime.engine.data.BadRowPolicy;
import org.tagllm.knime.engine.data.ColumnKind;
import org.tagllm.knime.engine.llama2c.Llama2cImporter;
import org.tagllm.knime.engine.method.DataSource;
import org.tagllm.knime.engine.method.DomainCorpus;
import org.tagllm.knime.engine.method.DomainPretraining;
import org.tagllm.knime.engine.method.FunctionTraining;
import org.tagllm.knime.engine.method.LabelledTask;
import org.tagllm.knime.engine.tags.Tokenization;
import org.tagllm.knime.engine.train.ProgressListener;
import org.tagllm.knime.engine.train.TrainingSettings;

/**
 * The real stories260K imported from the shared data, and a QED bank trained on it in a few steps (a few seconds): the
 * values need not be good, only real, since the tests compare one prediction path with another.
 */
final class QedBank {

    static final String SHARED_MODEL = "models/stories260K/stories260K.bin";
    static final String SHARED_TOKENIZER = "models/stories260K/tok512.bin";
    static final String SHARED_QED = "molecules/qed.csv";
    static final String SHARED_CORPUS = "corpus/smiles.txt";

    final Path model;
    final Path bank;
    final Path qed;

    private QedBank(Path model, Path bank, Path qed) {
        this.model = model;
        this.bank = bank;
        this.qed = qed;
    }

    /** Why the shared files are not there, or null when they are. */
    static String absent() {
        for (String f : List.of(SHARED_MODEL, SHARED_TOKENIZER, SHARED_QED, SHARED_CORPUS)) {
            String absent = SharedFiles.absent(f);
            if (absent != null) {
                return absent;
            }
        }
        return null;
    }

    static QedBank create(Path dir) throws Exception {
        Path model = dir.resolve("stories260K");
        Llama2cImporter.importModel(SharedFiles.require(SHARED_MODEL), SharedFiles.require(SHARED_TOKENIZER), model);
        Path qed = SharedFiles.require(SHARED_QED);
        TrainingSettings steps = TrainingSettings.builder().setBatchSize(8).optMaxSteps(3).optLearningRate(1e-2)
                .optSeed(7).build();
        try (LocalModel lm = LocalModel.open(model)) {
            TagBank domain = DomainPretraining.run(lm, List.of(new DomainCorpus("<SMILES>",
                    SharedFiles.require(SHARED_CORPUS), null, ColumnKind.SMILES, Tokenization.CHARACTER)),
                    new DomainPretraining.Settings(2, 96, 64, 0.2, 8, BadRowPolicy.SKIP, steps),
                    ProgressListener.NONE, () -> false, null).bank();
            LabelledTask task = new LabelledTask("<QED>", LabelledTask.Type.REGRESSION, List.of(
                    new LabelledTask.Input("smiles", ColumnKind.SMILES, "<SMILES>", Tokenization.CHARACTER)),
                    List.of("qed"), null, false);
            TagBank bank = FunctionTraining.run(lm, domain, task, DataSource.of(qed), FunctionTraining.Settings
                    .builder().optVectors(2).optMaxTokens(160).optMaxTrainExamples(64).optMaxEvalExamples(8)
                    .setTraining(steps).build(), ProgressListener.NONE, () -> false, null).bank();
            Path bankDir = dir.resolve("qed-bank");
            bank.write(bankDir);
            return new QedBank(model, bankDir, qed);
        }
    }

    /**
     * A library to score: the first {@code rows} QED rows, each with a compound ID (Q1, Q2 …) in front, then the
     * {@code broken} rows as given (ID first).
     */
    Path libraryWithIds(Path out, int rows, List<String> broken) throws IOException {
        List<String> lines = Files.readAllLines(qed, StandardCharsets.UTF_8);
        List<String> with = new ArrayList<>(List.of("id," + lines.get(0)));
        for (int i = 1; i <= Math.min(rows, lines.size() - 1); i++) {
            with.add("Q" + i + "," + lines.get(i));
        }
        with.addAll(broken);
        return Files.write(out, with, StandardCharsets.UTF_8);
    }
}
