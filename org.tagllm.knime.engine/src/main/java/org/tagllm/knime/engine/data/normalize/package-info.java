/**
 * One value at a time, checked and normalised by the kind of its column: SMILES through CDK ({@link
 * org.tagllm.knime.engine.data.normalize.SmilesNormalizer}), protein sequences against their residue alphabet ({@link
 * org.tagllm.knime.engine.data.normalize.ProteinNormalizer}), text stripped ({@link
 * org.tagllm.knime.engine.data.normalize.TextNormalizer}) and numeric targets parsed strictly ({@link
 * org.tagllm.knime.engine.data.normalize.NumericValues}). A value refused is an {@link
 * org.tagllm.knime.engine.data.normalize.InvalidValueException} saying why; which normaliser serves which column kind
 * is the data package's {@code NormalizerRegistry}.
 */
package org.tagllm.knime.engine.data.normalize;
