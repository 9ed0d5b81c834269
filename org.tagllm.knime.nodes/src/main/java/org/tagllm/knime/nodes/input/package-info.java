/**
 * Rows as the engine reads them: {@link org.tagllm.knime.nodes.input.RowRecords} serves a table's columns through the
 * engine's rows-to-records adapter, {@link org.tagllm.knime.engine.data.RowRecords} (no files), {@link org.tagllm.knime.nodes.input.CellText} writes cells as the
 * engine's parsers read them, {@link org.tagllm.knime.nodes.input.MolBlocks} turns SD mol blocks into SMILES with CDK.
 */
package org.tagllm.knime.nodes.input;
