/**
 * Files in, records out: {@link org.tagllm.knime.engine.data.read.RecordReaders} opens CSV, TSV, FASTA, SD and
 * one-record-per-line files as a stream of {@link org.tagllm.knime.engine.data.read.SourceRecord}s, one at a time and
 * each capped at {@link org.tagllm.knime.engine.data.read.ReaderOptions#maxRecordChars()} characters, so memory stays
 * flat however long the file. A record the format cannot make sense of carries a {@link
 * org.tagllm.knime.engine.data.read.ParseError} instead of ending the run; a file that cannot be read at all is a
 * {@link org.tagllm.knime.engine.data.read.DataFileException}. Nothing here knows columns, kinds or tasks: that is
 * the data package above.
 */
package org.tagllm.knime.engine.data.read;
