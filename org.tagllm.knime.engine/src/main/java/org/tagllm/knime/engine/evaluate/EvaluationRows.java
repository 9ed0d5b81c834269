package org.tagllm.knime.engine.evaluate;

import java.io.IOException;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.tagllm.knime.engine.chem.MoleculeOptions;
import org.tagllm.knime.engine.data.ColumnKind;
import org.tagllm.knime.engine.data.Example;
import org.tagllm.knime.engine.data.normalize.InvalidValueException;
import org.tagllm.knime.engine.data.NormalizerRegistry;
import org.tagllm.knime.engine.method.LabelledTask;
import org.tagllm.knime.engine.protein.ProteinOptions;
import org.tagllm.knime.engine.split.Partition;

/**
 * The inputs a comparison validates and tests on, by the domain tag that reads them, as identity keys: the canonical
 * SMILES of a molecule (however it is written), the checked sequence of a protein, the stripped text otherwise. A
 * stage-1 corpus record with one of these keys is an evaluation row and stays out of stage 1.
 */
final class EvaluationRows {

    /** Canonical SMILES: one molecule written two ways is one key. */
    private static final NormalizerRegistry KEYS = NormalizerRegistry.standard(MoleculeOptions.canonical(),
            ProteinOptions.standard());

    private EvaluationRows() {}

    /** Per domain tag, the keys of every validation and test input of {@code benchmarks} (before row caps). */
    static Map<String, Set<String>> of(List<Benchmark> benchmarks, ComparisonSettings s) throws IOException {
        // Uncapped validation and test parts: a row left out by a cap is still no corpus row for stage 1.
        ComparisonSettings all = s.toBuilder().optMaxEval(0).build();
        Map<String, Set<String>> out = new LinkedHashMap<>();
        for (Benchmark b : benchmarks) {
            Map<Partition, List<Example>> parts = Comparison.parts(b, all);
            for (LabelledTask.Input in : b.task().inputs()) {
                if (in.domainTag() == null) {
                    continue;
                }
                Set<String> keys = out.computeIfAbsent(in.domainTag(), t -> new HashSet<>());
                for (Partition p : List.of(Partition.VALID, Partition.TEST)) {
                    parts.get(p).forEach(e -> keys.add(key(in.kind(), e.inputs().get(in.column()))));
                }
            }
        }
        return out;
    }

    /** The identity key of a value of {@code kind}; the value itself when its normaliser refuses it. */
    static String key(ColumnKind kind, String value) {
        try {
            return KEYS.forKind(kind).normalize(value);
        } catch (InvalidValueException | RuntimeException e) {
            return value.strip();
        }
    }
}
