package org.tagllm.knime.engine.split;

/** Where a row goes in a train/validation/test split. */
public enum Partition {
    TRAIN, VALID, TEST
}
