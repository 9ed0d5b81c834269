package org.tagllm.cli;

import java.nio.file.Path;
import java.util.Locale;
import org.tagllm.knime.engine.data.ColumnKind;
import org.tagllm.knime.engine.method.DomainCorpus;
import org.tagllm.knime.engine.tags.Tokenization;

/**
 * Parses {@code TAG=FILE[:KIND[:COLUMN[:TOKENS]]]}, e.g. {@code <SMILES>=corpus/smiles.txt:smiles} or
 * {@code <Text>=notes.csv:text:abstract:model}.
 */
final class CorpusOption {

    private CorpusOption() {}

    static DomainCorpus parse(String spec) {
        int eq = spec.indexOf('=');
        if (eq <= 0) {
            throw new IllegalArgumentException("--corpus '" + spec + "': expected TAG=FILE[:KIND[:COLUMN]], e.g. "
                    + "<SMILES>=smiles.txt:smiles");
        }
        String tag = spec.substring(0, eq);
        String[] parts = spec.substring(eq + 1).split(":", 4);
        Path file = Path.of(parts[0]);
        ColumnKind kind = parts.length > 1 && !parts[1].isEmpty() ? ColumnKind.parse(parts[1]) : guessKind(file);
        String column = parts.length > 2 && !parts[2].isEmpty() ? parts[2] : null;
        Tokenization tokenization = parts.length > 3 && !parts[3].isEmpty() ? TrainCommand.tokenization(parts[3])
                : kind == ColumnKind.TEXT ? Tokenization.MODEL : Tokenization.CHARACTER;
        return new DomainCorpus(tag, file, column, kind, tokenization);
    }

    private static ColumnKind guessKind(Path file) {
        String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
        if (name.matches(".*\\.(fasta|fa|faa)(\\.gz)?")) {
            return ColumnKind.PROTEIN;
        }
        if (name.matches(".*\\.(smi|smiles)(\\.gz)?")) {
            return ColumnKind.SMILES;
        }
        return ColumnKind.TEXT;
    }
}
