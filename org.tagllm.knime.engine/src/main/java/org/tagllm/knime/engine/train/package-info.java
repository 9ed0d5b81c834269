/**
 * Training of a few small parameter arrays (tag vectors, task heads) through a frozen model: a
 * {@link org.tagllm.knime.engine.train.TrainableSet}, {@link org.tagllm.knime.engine.train.AdamW}, a
 * {@link org.tagllm.knime.engine.train.LearningRateSchedule}, and the model-independent
 * {@link org.tagllm.knime.engine.train.Trainer} loop with gradient accumulation, validation and early stopping,
 * progress, cancellation and bit-exact resumable {@link org.tagllm.knime.engine.train.TrainingCheckpoint}s.
 */
package org.tagllm.knime.engine.train;
