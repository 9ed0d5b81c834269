package org.tagllm.knime.engine.method;

import java.nio.file.Path;
import java.util.Locale;
import org.tagllm.knime.engine.data.ColumnKind;
import org.tagllm.knime.engine.tags.TagSpec;
import org.tagllm.knime.engine.tags.Tokenization;

/**
 * One domain's unlabelled text for stage 1: which tag learns from it, where it is and how to read it.
 *
 * @param tag          the domain tag, e.g. {@code <SMILES>}
 * @param file         a SMILES list, a FASTA file, plain text one record per line, or a CSV/TSV table
 * @param column       the field holding the text: null for the format's own ({@code text} of a list,
 *                     {@code sequence} of FASTA); required for a table
 * @param kind         how values are checked (SMILES parsed by CDK, protein residues, free text)
 * @param tokenization one token per character (the paper's choice for SMILES and proteins) or the model's tokenizer
 */
public record DomainCorpus(String tag, Path file, String column, ColumnKind kind, Tokenization tokenization) {

    public DomainCorpus {
        TagSpec.checkName(tag);
        if (file == null || kind == null || tokenization == null) {
            throw new IllegalArgumentException("a domain corpus needs a file, a kind and a tokenization");
        }
    }

    /** The column to read: the given one, or the file format's own text field. */
    String fieldName() {
        if (column != null) {
            return column;
        }
        String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
        if (name.endsWith(".csv") || name.endsWith(".tsv")) {
            throw new IllegalArgumentException(file + ": a table needs the name of its text column");
        }
        return name.matches(".*\\.(fasta|fa|faa)(\\.gz)?") ? "sequence" : "text";
    }
}
