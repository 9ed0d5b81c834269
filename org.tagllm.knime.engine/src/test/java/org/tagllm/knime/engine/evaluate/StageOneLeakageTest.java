package org.tagllm.knime.engine.evaluate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tagllm.knime.engine.LocalModel;
import org.tagllm.knime.engine.SharedData;
import org.tagllm.knime.engine.bank.Provenance;
import org.tagllm.knime.engine.bank.TagBank;
import org.tagllm.knime.engine.chem.MoleculeOptions;
import org.tagllm.knime.engine.data.Example;
import org.tagllm.knime.engine.data.normalize.InvalidValueException;
import org.tagllm.knime.engine.data.normalize.SmilesNormalizer;
import org.tagllm.knime.engine.demo.DemoModel;
import org.tagllm.knime.engine.split.Partition;
import org.tagllm.knime.engine.train.ProgressListener;

/**
 * Issue 19: the suite's stage-1 corpus held the validation and test molecules of the task it then evaluated. With
 * the suite's default, the corpus a stage-1 tag actually trains on holds none of them (as canonical SMILES), on the
 * real QED rows and the real corpus.
 */
class StageOneLeakageTest {

    @TempDir
    Path tmp;

    private static final SmilesNormalizer CANONICAL = new SmilesNormalizer(MoleculeOptions.canonical());

    @Test
    void theSuitesDefaultStageOneCorpusHoldsNoValidationOrTestInput() throws Exception {
        SharedData.require("molecules/qed.csv");
        SharedData.require("corpus/smiles.txt");
        Path data = SharedData.root();
        List<Benchmark> qed = PaperBenchmarks.select(data, List.of("qed"));
        // The suite's defaults (tagllm evaluate): 2,000 training rows, 1,000 validation and test rows, data seed 0.
        ComparisonSettings suite = ComparisonSettings.builder().build(); // evaluate's defaults
        Set<String> evaluated = new HashSet<>();
        Map<Partition, List<Example>> all = Comparison.parts(qed.get(0), suite.toBuilder()
                .optLearningRates(List.of(3e-3)).optMaxTrain(0).optMaxEval(0).build());
        for (Partition p : List.of(Partition.VALID, Partition.TEST)) {
            all.get(p).forEach(e -> evaluated.add(canonical(e.inputs().get("smiles"))));
        }
        assertTrue(evaluated.size() > 1900, "QED's validation and test molecules: " + evaluated.size());
        long inCorpus = Files.readAllLines(data.resolve("corpus/smiles.txt"), StandardCharsets.UTF_8).stream()
                .filter(l -> evaluated.contains(canonical(l.strip()))).count();
        assertTrue(inCorpus > 0, "the shared corpus holds evaluation molecules (what the exclusion is for)");

        Map<String, Integer> excluded = new HashMap<>();
        StageOneBanks stage1 = StageOneBanks.suite(64, 1, 1e-2, 2, 8, Map.of(PaperBenchmarks.SMILES, 32), 32, 0);
        try (LocalModel model = LocalModel.open(DemoModel.ensure(tmp.resolve("demo")))) {
            stage1.ensure(model, PaperBenchmarks.corpora(data), qed, suite, tmp.resolve("banks"),
                    (tag, reused, bank, excludedRows) -> excluded.put(tag, excludedRows), ProgressListener.NONE,
                    () -> false);
        }
        TagBank bank = TagBank.read(tmp.resolve("banks").resolve("SMILES.bank"));
        List<Provenance.DataFile> files = bank.manifest().provenance().get(0).dataFiles();
        assertEquals(1, files.size(), files.toString());
        Path used = Path.of(files.get(0).path());
        Set<String> leaked = new HashSet<>();
        List<String> lines = Files.readAllLines(used, StandardCharsets.UTF_8);
        lines.forEach(l -> leaked.add(canonical(l.strip())));
        leaked.retainAll(evaluated);
        assertTrue(leaked.isEmpty(), leaked.size() + " validation or test molecules in the stage-1 corpus " + used
                + ", e.g. " + leaked.stream().limit(3).toList());
        assertEquals(inCorpus, (long) excluded.get(PaperBenchmarks.SMILES),
                "the count said is the number of corpus molecules that are evaluation inputs");
        assertTrue(lines.size() > 30000, "the rest of the corpus is kept: " + lines.size());
    }

    private static String canonical(String smiles) {
        try {
            return CANONICAL.normalize(smiles);
        } catch (InvalidValueException e) {
            return "invalid:" + smiles;
        }
    }
}
