package org.tagllm.knime.nodes.input;

import org.tagllm.knime.engine.chem.InvalidMoleculeException;
import org.tagllm.knime.nodes.table.CellType;

/**
 * A cell as the text the engine's parsers read: numbers by {@link Double#toString} (which parses back to the same
 * double), integers and booleans as Java writes them, SD mol blocks as SMILES. A missing cell is the empty text,
 * which the engine reports as an empty value.
 */
public final class CellText {

    private CellText() {}

    /** @throws InvalidMoleculeException when an SDF cell holds no readable molecule */
    public static String of(Object cell, CellType type) throws InvalidMoleculeException {
        if (cell == null) {
            return "";
        }
        return switch (type) {
            case SDF -> MolBlocks.toSmiles((String) cell);
            case DOUBLE -> Double.toString((Double) cell);
            default -> cell.toString();
        };
    }
}
