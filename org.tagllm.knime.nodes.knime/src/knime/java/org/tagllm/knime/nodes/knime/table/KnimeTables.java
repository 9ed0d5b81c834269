package org.tagllm.knime.nodes.knime.table;

import java.util.ArrayList;
import java.util.List;

import org.knime.core.data.BooleanValue;
import org.knime.core.data.DataCell;
import org.knime.core.data.DataColumnSpec;
import org.knime.core.data.DataColumnSpecCreator;
import org.knime.core.data.DataTableSpec;
import org.knime.core.data.DataType;
import org.knime.core.data.DoubleValue;
import org.knime.core.data.IntValue;
import org.knime.core.data.LongValue;
import org.knime.core.data.StringValue;
import org.knime.core.data.def.BooleanCell;
import org.knime.core.data.def.BooleanCell.BooleanCellFactory;
import org.knime.core.data.def.DoubleCell;
import org.knime.core.data.def.IntCell;
import org.knime.core.data.def.LongCell;
import org.knime.core.data.def.StringCell;
import org.tagllm.knime.nodes.table.CellType;
import org.tagllm.knime.nodes.table.ColumnSpec;
import org.tagllm.knime.nodes.table.TableShape;

/**
 * Our table model ↔ KNIME's: {@link TableShape} ↔ {@link DataTableSpec}, cell values ↔ {@link DataCell}s. The mapping
 * is one to one except where KNIME has more types than we do:
 * <ul>
 * <li>reading: SMILES, SDF and RDKit molecule columns (through {@link MoleculeCells}) become SMILES or SDF; boolean,
 * integer, long and double columns (tested in that order, since a boolean cell is also an int, an int also a long, a
 * long also a double) their own types; any other column becomes STRING with each cell's {@code toString()}, so that a
 * node can name it in its message rather than not see it;</li>
 * <li>writing: SMILES and SDF columns are written as string columns (writing chemistry cells would make the chemistry
 * extension a requirement).</li>
 * </ul>
 */
public final class KnimeTables {

    private KnimeTables() {}

    /** The shape of a KNIME table spec. */
    public static TableShape shape(DataTableSpec spec) {
        List<ColumnSpec> columns = new ArrayList<>(spec.getNumColumns());
        for (int i = 0; i < spec.getNumColumns(); i++) {
            DataColumnSpec c = spec.getColumnSpec(i);
            columns.add(ColumnSpec.of(c.getName(), cellType(c.getType())));
        }
        return new TableShape(columns);
    }

    /** KNIME's spec of a shape (SMILES and SDF as strings). */
    public static DataTableSpec spec(TableShape shape) {
        DataColumnSpec[] columns = new DataColumnSpec[shape.size()];
        for (int i = 0; i < columns.length; i++) {
            ColumnSpec c = shape.columns().get(i);
            columns[i] = new DataColumnSpecCreator(c.name(), dataType(c.type())).createSpec();
        }
        return new DataTableSpec(columns);
    }

    static CellType cellType(DataType type) {
        var molecule = MoleculeCells.moleculeType(type);
        if (molecule.isPresent()) {
            return molecule.get();
        }
        if (type.isCompatible(BooleanValue.class)) {
            return CellType.BOOLEAN;
        }
        if (type.isCompatible(IntValue.class)) {
            return CellType.INTEGER;
        }
        if (type.isCompatible(LongValue.class)) {
            return CellType.LONG;
        }
        if (type.isCompatible(DoubleValue.class)) {
            return CellType.DOUBLE;
        }
        return CellType.STRING;
    }

    static DataType dataType(CellType type) {
        return switch (type) {
            case STRING, SMILES, SDF -> StringCell.TYPE;
            case DOUBLE -> DoubleCell.TYPE;
            case INTEGER -> IntCell.TYPE;
            case LONG -> LongCell.TYPE;
            case BOOLEAN -> BooleanCell.TYPE;
        };
    }

    /**
     * The Java value of a cell read as {@code type} (see {@link CellType}); null for a missing cell, and for a molecule
     * cell that holds no readable molecule (see {@link MoleculeCells#text}).
     */
    static Object value(DataCell cell, CellType type) {
        if (cell.isMissing()) {
            return null;
        }
        return switch (type) {
            case SMILES, SDF -> MoleculeCells.text(cell, type);
            case BOOLEAN -> ((BooleanValue) cell).getBooleanValue();
            case INTEGER -> ((IntValue) cell).getIntValue();
            case LONG -> ((LongValue) cell).getLongValue();
            case DOUBLE -> ((DoubleValue) cell).getDoubleValue();
            case STRING -> cell instanceof StringValue s ? s.getStringValue() : cell.toString();
        };
    }

    /** The KNIME cell of a value of {@code type}; null is a missing cell. */
    static DataCell cell(Object value, CellType type) {
        if (value == null) {
            return DataType.getMissingCell();
        }
        return switch (type) {
            case STRING, SMILES, SDF -> new StringCell((String) value);
            case DOUBLE -> new DoubleCell((Double) value);
            case INTEGER -> new IntCell((Integer) value);
            case LONG -> new LongCell((Long) value);
            case BOOLEAN -> BooleanCellFactory.create((Boolean) value);
        };
    }
}
