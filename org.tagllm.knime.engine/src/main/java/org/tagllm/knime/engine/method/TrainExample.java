package org.tagllm.knime.engine.method;

import org.tagllm.knime.engine.tags.TaggedSequence;

/** One labelled example as the model reads it: the tagged input, and a numeric target or a class index. */
record TrainExample(long row, TaggedSequence sequence, double[] target, int label) {}
