/**
 * One-letter protein sequences: normalisation and validation against a chosen residue alphabet ({@link
 * org.tagllm.knime.engine.protein.ProteinSequences}).
 */
package org.tagllm.knime.engine.protein;
