package org.tagllm.knime.engine.evaluate;

import java.util.List;
import java.util.Map;
import org.tagllm.knime.engine.data.Example;
import org.tagllm.knime.engine.method.FunctionTraining;
import org.tagllm.knime.engine.split.Partition;

/** The fingerprint reference (ridge or logistic regression on CDK circular fingerprints) on a comparison's rows. */
final class FingerprintRun {

    private FingerprintRun() {}

    static RunRecord run(Benchmark b, FunctionTraining.Settings settings, Map<Partition, List<Example>> parts) {
        throw new UnsupportedOperationException("fingerprint baseline pending");
    }
}
