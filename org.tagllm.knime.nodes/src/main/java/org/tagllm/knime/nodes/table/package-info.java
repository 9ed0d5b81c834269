/**
 * Our own column model, free of KNIME types: cell types, column specs, table shapes, rows, and the small interfaces
 * through which nodes read rows ({@link org.tagllm.knime.nodes.table.RowInput}) and write them
 * ({@link org.tagllm.knime.nodes.table.RowOutput}). The KNIME glue maps DataTableSpec and DataRow onto these.
 */
package org.tagllm.knime.nodes.table;
