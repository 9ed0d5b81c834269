package org.tagllm.knime.nodes.common;

import java.util.Locale;
import org.tagllm.knime.engine.data.ColumnKind;
import org.tagllm.knime.nodes.table.CellType;

/**
 * How an input column's values are checked: as SMILES (parsed by CDK), protein sequences (the 20 standard residues,
 * or with the IUPAC ambiguity codes B, Z, J, X too), or free text; AUTO decides from the column and the domain tag
 * ({@link #resolve}).
 */
public enum InputKind {
    AUTO,
    SMILES,
    PROTEIN,
    PROTEIN_IUPAC,
    TEXT;

    /**
     * The engine's kind: a molecule column (SMILES or SDF cells) is SMILES whatever is chosen; AUTO takes SMILES for
     * a tag named like {@code <SMILES>}, PROTEIN for one named like {@code <Protein>} or {@code <Sequence>}, TEXT
     * otherwise.
     */
    public ColumnKind resolve(CellType cells, String tag) {
        if (cells.isMolecule()) {
            return ColumnKind.SMILES;
        }
        return switch (this) {
            case SMILES -> ColumnKind.SMILES;
            case PROTEIN -> ColumnKind.PROTEIN;
            case PROTEIN_IUPAC -> ColumnKind.PROTEIN_IUPAC;
            case TEXT -> ColumnKind.TEXT;
            case AUTO -> byTagName(tag);
        };
    }

    private static ColumnKind byTagName(String tag) {
        String t = tag == null ? "" : tag.toLowerCase(Locale.ROOT);
        if (t.contains("smiles") || t.contains("molecule")) {
            return ColumnKind.SMILES;
        }
        if (t.contains("protein") || t.contains("sequence") || t.contains("amino")) {
            return ColumnKind.PROTEIN;
        }
        return ColumnKind.TEXT;
    }
}
