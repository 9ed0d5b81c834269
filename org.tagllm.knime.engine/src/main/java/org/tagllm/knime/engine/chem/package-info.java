/**
 * Chemistry adapter on CDK: SMILES validation and standardisation ({@link
 * org.tagllm.knime.engine.chem.MoleculeStandardizer}), Bemis–Murcko scaffolds ({@link
 * org.tagllm.knime.engine.chem.Scaffolds}) and streaming SD files ({@link org.tagllm.knime.engine.chem.SdfReader}).
 * Bad molecules are reported with {@link org.tagllm.knime.engine.chem.InvalidMoleculeException}, naming the input
 * and CDK's reason.
 */
package org.tagllm.knime.engine.chem;
