package org.tagllm.knime.engine.method;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tagllm.knime.engine.LocalModel;
import org.tagllm.knime.engine.demo.DemoModel;
import org.tagllm.knime.engine.tags.SequenceEncoder;
import org.tagllm.knime.engine.tags.TagModel;
import org.tagllm.knime.engine.tags.TagTable;
import org.tagllm.knime.engine.tags.TaskField;
import org.tagllm.knime.engine.tags.TaskTemplate;
import org.tagllm.knime.engine.tags.Tokenization;

/** A scorer's answers are values: one set of rows' figures do not depend on which rows were answered before. */
class TaskScorerTest {

    @TempDir
    Path tmp;

    @Test
    void theUnparsedShareOfWrittenNumbersBelongsToTheRowsItDescribes() throws Exception {
        try (LocalModel model = LocalModel.open(DemoModel.ensure(tmp.resolve("demo")));
                TagTable table = TagTable.create(model.decoder())) {
            TagModel lm = new TagModel(model.decoder(), table);
            SequenceEncoder encoder = new SequenceEncoder(model.tokenizer(), table.specs());
            TaskTemplate template = new TaskTemplate(List.of(new TaskField("smiles", null, Tokenization.CHARACTER)),
                    null, false, null);
            // Training targets all 0: any written number but 0 is implausible, so nearly every answer is unparsed.
            TaskScorer scorer = new TaskScorer(lm, model.tokenizer(), new Answering(LabelledTask.Type.REGRESSION,
                    false), encoder, List.of(), new double[] {0, 0}, 4);
            List<TrainExample> valid = rows(encoder, template, "CCO", "CCN");
            List<TrainExample> test = rows(encoder, template, "c1ccccc1", "CC(=O)O", "CCCC", "OCCO", "CN", "CCCl");

            TaskScorer.Answers validAnswers = scorer.answers(valid, done -> {});
            double alone = scorer.metrics(valid, validAnswers).get("unparsed_fraction");
            TaskScorer.Answers testAnswers = scorer.answers(test, done -> {});
            double afterTest = scorer.metrics(valid, validAnswers).get("unparsed_fraction");

            assertEquals(alone, afterTest, "the test rows' answers changed the validation figure");
            assertEquals(validAnswers.unparsed() / 2.0, alone);
            assertTrue(alone <= 1 && scorer.metrics(test, testAnswers).get("unparsed_fraction") <= 1);
        }
    }

    private static List<TrainExample> rows(SequenceEncoder encoder, TaskTemplate template, String... smiles) {
        List<TrainExample> out = new ArrayList<>();
        for (int i = 0; i < smiles.length; i++) {
            String answer = Answering.numberText(i);
            out.add(new TrainExample(i + 1, encoder.withAnswer(template, Map.of("smiles", smiles[i]), answer),
                    new double[] {i}, -1, encoder.prompt(template, Map.of("smiles", smiles[i])), answer));
        }
        return out;
    }
}
