package org.tagllm.knime.engine.method;

import java.util.List;
import java.util.Locale;
import java.util.TreeSet;
import org.tagllm.knime.engine.bank.ReferenceSequences;
import org.tagllm.knime.engine.bank.TagBank;
import org.tagllm.knime.engine.data.Example;

/**
 * Adds a calibrated protein task's training sequences to its bank, each once (sorted, so the bank does not depend on
 * row order): the reference the sequence-identity applicability domain compares against. Davis has 379 distinct
 * kinases however many pairs, so the reference stays small.
 */
final class TrainingSequences {

    private TrainingSequences() {}

    /** The bank with the reference added; unchanged when the task has no protein field or no calibration. */
    static TagBank add(TagBank bank, String tag, List<Example> train) {
        String field = bank.task(tag).map(ReferenceSequences::proteinField).orElse(null);
        if (field == null || bank.calibration(tag).filter(c -> c.entry().hasDomain()).isEmpty()) {
            return bank;
        }
        TreeSet<String> distinct = new TreeSet<>();
        for (Example e : train) {
            String s = e.inputs().get(field);
            if (s != null && !s.isBlank()) {
                distinct.add(s.strip().toUpperCase(Locale.ROOT));
            }
        }
        return distinct.isEmpty() ? bank
                : bank.withReferenceSequences(tag, new ReferenceSequences(field, List.copyOf(distinct)));
    }
}
