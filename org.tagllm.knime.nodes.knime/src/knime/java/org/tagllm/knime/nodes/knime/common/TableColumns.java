package org.tagllm.knime.nodes.knime.common;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import org.knime.core.data.DataColumnSpec;
import org.knime.core.data.DataTableSpec;
import org.knime.core.node.BufferedDataTable;
import org.knime.core.node.port.PortType;
import org.knime.node.parameters.NodeParametersInput;
import org.knime.node.parameters.widget.choices.ColumnChoicesProvider;
import org.tagllm.knime.nodes.common.DialogChoices;
import org.tagllm.knime.nodes.knime.table.KnimeTables;
import org.tagllm.knime.nodes.table.TableShape;

/**
 * Column choices for the dialogs: the columns of the node's data table (its first table port: the Tag Trainer's
 * training table, not its validation table) that the setting accepts, as {@link DialogChoices} decides. The nested
 * classes are the providers the parameters name.
 */
public abstract class TableColumns implements ColumnChoicesProvider {

    private final Function<TableShape, List<String>> accepted;

    TableColumns(Function<TableShape, List<String>> accepted) {
        this.accepted = accepted;
    }

    @Override
    public final List<DataColumnSpec> columnChoices(NodeParametersInput input) {
        List<DataColumnSpec> columns = new ArrayList<>();
        DataTableSpec spec = dataTable(input);
        if (spec != null) {
            for (String name : accepted.apply(KnimeTables.shape(spec))) {
                columns.add(spec.getColumnSpec(name));
            }
        }
        return columns;
    }

    /** The spec of the node's first table port, or null when none is connected. */
    static DataTableSpec dataTable(NodeParametersInput input) {
        PortType[] types = input.getInPortTypes();
        for (int i = 0; i < types.length; i++) {
            if (BufferedDataTable.TYPE.equals(types[i])) {
                return input.getInTableSpec(i).orElse(null);
            }
        }
        return null;
    }

    /** Text, SMILES, SDF and RDKit molecule columns: what a model reads. */
    public static final class Inputs extends TableColumns {
        public Inputs() {
            super(DialogChoices::inputColumns);
        }
    }

    /** Numeric columns: regression targets. */
    public static final class Numeric extends TableColumns {
        public Numeric() {
            super(DialogChoices::numericColumns);
        }
    }

    /** Label columns (strings, whole numbers, booleans) and answer columns (strings). */
    public static final class Labels extends TableColumns {
        public Labels() {
            super(DialogChoices::labelColumns);
        }
    }

    /** String columns: split columns. */
    public static final class Strings extends TableColumns {
        public Strings() {
            super(DialogChoices::stringColumns);
        }
    }

    /** Blank text fields stand for "none" (the KNIME-free settings' null). */
    public static String orNull(String value) {
        return value == null || value.isBlank() ? null : value;
    }
}
