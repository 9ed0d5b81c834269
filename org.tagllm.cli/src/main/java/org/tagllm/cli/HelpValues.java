package org.tagllm.cli;

import java.util.Arrays;
import java.util.ListResourceBundle;
import java.util.Locale;
import java.util.stream.Collectors;
import org.tagllm.knime.engine.data.ColumnKind;

/**
 * Values the help texts take from the engine rather than from hand-typed lists, so that they cannot drift: picocli
 * reads {@code ${bundle:kinds}} here (the root command names this bundle; subcommands inherit it).
 */
public final class HelpValues extends ListResourceBundle {

    /** The column kinds, e.g. {@code smiles, protein, protein_iupac, text}. */
    static final String KINDS = Arrays.stream(ColumnKind.values()).map(k -> k.name().toLowerCase(Locale.ROOT))
            .collect(Collectors.joining(", "));

    @Override
    protected Object[][] getContents() {
        return new Object[][] {{"kinds", KINDS}};
    }
}
