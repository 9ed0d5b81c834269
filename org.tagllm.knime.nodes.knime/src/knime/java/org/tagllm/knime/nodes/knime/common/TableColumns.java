package org.tagllm.knime.nodes.knime.common;

import java.util.ArrayList;
import java.util.List;

import org.knime.core.data.DataColumnSpec;
import org.knime.core.data.DataTableSpec;
import org.knime.node.parameters.NodeParametersInput;
import org.knime.node.parameters.widget.choices.ColumnChoicesProvider;

/**
 * Column choices for the dialogs: every column of the node's data table, whatever its type (which columns a setting
 * can use is decided by the KNIME-free settings' checks, which name the column and the reason). The table is the
 * node's last input port in all four nodes that read one.
 */
public final class TableColumns implements ColumnChoicesProvider {

    @Override
    public List<DataColumnSpec> columnChoices(NodeParametersInput input) {
        int last = input.getInPortTypes().length - 1;
        List<DataColumnSpec> columns = new ArrayList<>();
        if (last < 0) {
            return columns;
        }
        DataTableSpec spec = input.getInTableSpec(last).orElse(null);
        if (spec != null) {
            for (DataColumnSpec c : spec) {
                columns.add(c);
            }
        }
        return columns;
    }

    /** Blank text fields stand for "none" (the KNIME-free settings' null). */
    public static String orNull(String value) {
        return value == null || value.isBlank() ? null : value;
    }
}
