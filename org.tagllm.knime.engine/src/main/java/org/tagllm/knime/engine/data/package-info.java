/**
 * Tables in, examples out, and no row lost silently.
 *
 * <p>The readers ({@code data.read}) open CSV, TSV, FASTA, SD and one-record-per-line files as a stream of {@link
 * org.tagllm.knime.engine.data.read.SourceRecord}s; a record the file format cannot make sense of carries a {@link
 * org.tagllm.knime.engine.data.read.ParseError} instead of ending the run. {@link
 * org.tagllm.knime.engine.data.DatasetLoader} maps the columns of a {@link org.tagllm.knime.engine.data.TableSpec},
 * normalises inputs by kind ({@link org.tagllm.knime.engine.data.NormalizerRegistry} with the normalisers of {@code
 * data.normalize}: SMILES checked by CDK, protein sequences against their residue alphabet), parses targets strictly,
 * enforces the model's length limit and applies the run's {@link org.tagllm.knime.engine.data.BadRowPolicy}; every
 * run ends with a {@link org.tagllm.knime.engine.data.DataReport} that accounts for every row read. {@link
 * org.tagllm.knime.engine.data.DatasetSummary} describes a table before training on it.
 *
 * <p>Pair data (drug–target) is read through a {@link org.tagllm.knime.engine.data.PairTableJoiner}, which takes each
 * pair's molecule and sequence from small tables by id. A loaded table is split by the {@code split}
 * package, which reads this one (and not the other way round): the loader knows a given split only as the {@link
 * org.tagllm.knime.engine.data.SplitValues} a row may hold.
 *
 * <p>Memory stays flat however long the file: records are read one at a time and one record is capped at {@link
 * org.tagllm.knime.engine.data.read.ReaderOptions#maxRecordChars()} characters.
 */
package org.tagllm.knime.engine.data;
