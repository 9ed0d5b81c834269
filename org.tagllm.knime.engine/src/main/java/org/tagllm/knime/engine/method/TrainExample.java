package org.tagllm.knime.engine.method;

import org.tagllm.knime.engine.tags.TaggedSequence;

/**
 * One labelled example as the model reads it: the tagged input (with the answer appended for generation), and a
 * numeric target, a class index, or the prompt alone and the answer text (generation).
 */
record TrainExample(long row, TaggedSequence sequence, double[] target, int label, TaggedSequence prompt,
        String answer) {

    static TrainExample labelled(long row, TaggedSequence sequence, double[] target, int label) {
        return new TrainExample(row, sequence, target, label, sequence, null);
    }
}
