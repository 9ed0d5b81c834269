package org.tagllm.knime.engine.chem;

import org.openscience.cdk.interfaces.IAtomContainer;

/**
 * A SMILES that CDK parsed strictly.
 *
 * @param input    exactly as given (for error messages)
 * @param text     the input without surrounding whitespace
 * @param molecule CDK's molecule, Kekulé bond orders assigned, atoms in input order
 */
record ParsedSmiles(String input, String text, IAtomContainer molecule) {}
