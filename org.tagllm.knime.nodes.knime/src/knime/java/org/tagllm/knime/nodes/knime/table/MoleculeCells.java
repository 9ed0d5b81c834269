package org.tagllm.knime.nodes.knime.table;

import java.util.Optional;

import org.knime.chem.types.SdfValue;
import org.knime.chem.types.SmilesValue;
import org.knime.core.data.AdapterValue;
import org.knime.core.data.DataCell;
import org.knime.core.data.DataType;
import org.knime.core.data.DataValue;
import org.rdkit.knime.types.RDKitMolValue;
import org.tagllm.knime.nodes.table.CellType;

/**
 * The one class that knows KNIME's chemistry types: SMILES and SDF columns (KNIME's {@code org.knime.chem.types}),
 * RDKit molecule columns ({@code org.rdkit.knime.types}), and adapter cells that carry any of them (as RDKit's own
 * nodes read them: the value itself, else {@link AdapterValue#getAdapter}). Both bundles are optional imports of this
 * plugin; every use of their types sits in the nested holders, reached only through {@link Guarded}, which treats a
 * missing bundle as "no molecule types", so the extension also works where no chemistry extension is installed.
 *
 * <p>The nested holders {@code Chem} and {@code RDKit} are separate classes so that each library is linked only when
 * its holder is first used: with KNIME's chemistry types installed but RDKit absent, SMILES and SDF still work.
 */
public final class MoleculeCells {

    private MoleculeCells() {}

    /** SMILES or SDF for a molecule column type, empty for any other. RDKit molecules are read as SMILES. */
    static Optional<CellType> moleculeType(DataType type) {
        Optional<CellType> chem = Guarded.call(() -> Chem.type(type));
        if (chem.isPresent()) {
            return chem;
        }
        return Guarded.call(() -> RDKit.type(type));
    }

    /**
     * The molecule text of a non-missing cell of a column {@link #moleculeType} recognised, or null when the cell holds
     * none (an adapter cell that stores a conversion error instead of a value): the nodes then see a missing cell and
     * skip or fail the row by their own policy.
     */
    static String text(DataCell cell, CellType as) {
        String chem = Guarded.call(() -> Chem.text(cell, as)).orElse(null);
        if (chem != null) {
            return chem;
        }
        return Guarded.call(() -> RDKit.smiles(cell)).orElse(null);
    }

    /** Reads a value of {@code valueClass} from a cell that is one, or an adapter cell that carries one. */
    private static <V extends DataValue> V value(DataCell cell, Class<V> valueClass) {
        if (valueClass.isInstance(cell)) {
            return valueClass.cast(cell);
        }
        if (cell instanceof AdapterValue adapter && adapter.isAdaptable(valueClass)) {
            return adapter.getAdapter(valueClass);
        }
        return null;
    }

    private static boolean has(DataType type, Class<? extends DataValue> valueClass) {
        return type.isCompatible(valueClass) || type.isAdaptable(valueClass);
    }

    /** KNIME's chemistry types. */
    private static final class Chem {
        static Optional<CellType> type(DataType type) {
            if (has(type, SmilesValue.class)) {
                return Optional.of(CellType.SMILES);
            }
            if (has(type, SdfValue.class)) {
                return Optional.of(CellType.SDF);
            }
            return Optional.empty();
        }

        static Optional<String> text(DataCell cell, CellType as) {
            if (as == CellType.SMILES) {
                SmilesValue smiles = value(cell, SmilesValue.class);
                return smiles == null ? Optional.empty() : Optional.ofNullable(smiles.getSmilesValue());
            }
            SdfValue sdf = value(cell, SdfValue.class);
            return sdf == null ? Optional.empty() : Optional.ofNullable(sdf.getSdfValue());
        }
    }

    /** RDKit's molecule type, read as its SMILES. */
    private static final class RDKit {
        static Optional<CellType> type(DataType type) {
            return has(type, RDKitMolValue.class) ? Optional.of(CellType.SMILES) : Optional.empty();
        }

        static Optional<String> smiles(DataCell cell) {
            RDKitMolValue mol = value(cell, RDKitMolValue.class);
            return mol == null ? Optional.empty() : Optional.ofNullable(mol.getSmilesValue());
        }
    }

    /** Runs a lookup that may touch an absent optional bundle; an absent bundle gives an empty result. */
    static final class Guarded {
        private Guarded() {}

        static <T> Optional<T> call(java.util.function.Supplier<Optional<T>> lookup) {
            try {
                return lookup.get();
            } catch (NoClassDefFoundError e) {
                // the chemistry or RDKit bundle is not installed: no such molecule types
                return Optional.empty();
            }
        }
    }
}
