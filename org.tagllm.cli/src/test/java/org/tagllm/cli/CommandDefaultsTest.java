package org.tagllm.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.tagllm.knime.engine.evaluate.ComparisonSettings;
import org.tagllm.knime.engine.evaluate.ZeroShotExperiment;
import org.tagllm.knime.engine.tags.PromptInit;
import org.tagllm.knime.nodes.common.TrainingParameters;
import org.tagllm.knime.nodes.pretrain.DomainPretrainSettings;
import org.tagllm.knime.nodes.train.TagTrainerSettings;

/**
 * A command given no tuning options trains as the engine's builders and the KNIME nodes do by default: the option
 * defaults come from the engine's constants, and these checks catch the two that picocli can only spell as text
 * (the seed and learning-rate lists of {@code evaluate}).
 */
class CommandDefaultsTest {

    private static <T> T parsed(Class<T> type, String... args) {
        String[] withModel = new String[args.length + 2];
        System.arraycopy(args, 0, withModel, 0, args.length);
        withModel[args.length] = "--model";
        withModel[args.length + 1] = "model";
        var result = TagLlmCli.newCommandLine().parseArgs(withModel);
        return type.cast(result.subcommand().commandSpec().userObject());
    }

    @Test
    void trainDefaultsAreTheTagTrainerNodes() {
        TrainCommand c = parsed(TrainCommand.class, "train", "--data", "t.csv", "--function-tag", "<F>", "--input",
                "smiles=<SMILES>", "--out", "bank");
        TagTrainerSettings node = TagTrainerSettings.defaults();
        assertEquals(List.of(node.vectors(), node.maxTokens(), node.maxTrainRows(), node.maxEvalRows()),
                List.of(c.vectors, c.maxTokens, c.maxTrain, c.maxEval));
        assertEquals(List.of(node.validFraction(), node.testFraction()), List.of(c.valid, c.test));
        assertTrainingDefaults(c.training);
    }

    @Test
    void pretrainDomainDefaultsAreTheDomainPretrainNodes() {
        PretrainDomainCommand c = parsed(PretrainDomainCommand.class, "pretrain-domain", "--corpus", "<S>=c.smi",
                "--out", "bank");
        DomainPretrainSettings node = DomainPretrainSettings.defaults();
        assertEquals(List.of(node.vectors(), node.maxTokens(), node.maxExamples(), node.maxHoldout()),
                List.of(c.vectors, c.maxTokens, c.maxExamples, c.maxHoldout));
        assertEquals(node.holdoutFraction(), c.holdout);
        assertTrainingDefaults(c.training);
    }

    @Test
    void evaluateDefaultsAreTheComparisonBuilders() {
        EvaluateCommand c = parsed(EvaluateCommand.class, "evaluate", "--out", "results");
        ComparisonSettings engine = ComparisonSettings.builder().build();
        assertEquals(engine, ComparisonSettings.builder().optSeeds(c.seeds).optLearningRates(c.learningRates)
                .optEpochs(c.epochs).optBatchSize(c.batch).optVectors(c.vectors).optMaxTokens(c.maxTokens)
                .optMaxTrain(c.maxTrain).optMaxEval(c.maxEval).optDataSeed(c.dataSeed)
                .optPromptInit(PromptInit.parse(c.promptInit)).optFieldMaxTokens(c.maxTokensPerField).build());
    }

    @Test
    void zeroShotDefaultsAreTheReadmesProtocol() {
        ZeroShotCommand c = parsed(ZeroShotCommand.class, "zero-shot", "--out", "results");
        assertEquals(ZeroShotExperiment.Settings.protocol(List.of(0L)), ZeroShotExperiment.Settings.builder()
                .setSeeds(c.seeds).optVectors(c.vectors).optStage1Examples(c.stage1Examples)
                .optStage1HeldOut(c.stage1HeldOut).optStage1Steps(c.stage1Steps).optStage1LearningRate(c.stage1Lr)
                .optStage1MaxTokens(c.stage1MaxTokens).optTrainRows(c.trainRows).optValidRows(c.validRows)
                .optTestRows(c.testRows).optEpochs(c.epochs).optLearningRate(c.lr).optMaxTokens(c.maxTokens)
                .optBatchSize(c.batch).build());
    }

    private static void assertTrainingDefaults(TrainingOptions o) {
        TrainingParameters node = TrainingParameters.defaults();
        assertEquals(node, TrainingParameters.builder().optEpochs(o.epochs).optMaxSteps(o.maxSteps)
                .optBatchSize(o.batch).optMicroBatchSize(o.microBatch).optLearningRate(o.learningRate)
                .optWarmupFraction(o.warmup).optWeightDecay(o.weightDecay).optSeed(o.seed).optPatience(o.patience)
                .optCheckpointEvery(o.checkpointEvery).build());
    }
}
