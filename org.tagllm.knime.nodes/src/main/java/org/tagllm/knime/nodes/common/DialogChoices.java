package org.tagllm.knime.nodes.common;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.tagllm.knime.nodes.port.TagModelSpec;
import org.tagllm.knime.nodes.table.CellType;
import org.tagllm.knime.nodes.table.ColumnSpec;
import org.tagllm.knime.nodes.table.TableShape;

/**
 * What the dialogs offer, so that an invalid choice is never offered: columns filtered by what a setting accepts (the
 * same rules the settings' checks apply), and tag names and tasks taken from the connected tag models' specs.
 */
public final class DialogChoices {

    private DialogChoices() {}

    /** Columns a model reads: strings, SMILES, SDF (RDKit molecules arrive as SMILES). */
    public static List<String> inputColumns(TableShape table) {
        return names(table, CellType::isText);
    }

    /** Regression targets: numeric columns. */
    public static List<String> numericColumns(TableShape table) {
        return names(table, CellType::isNumeric);
    }

    /** Class labels: strings, whole numbers and booleans (a double label is rarely a class). */
    public static List<String> labelColumns(TableShape table) {
        return names(table, t -> t == CellType.STRING || t == CellType.INTEGER || t == CellType.LONG
                || t == CellType.BOOLEAN);
    }

    /** Split columns and generation answers: string columns. */
    public static List<String> stringColumns(TableShape table) {
        return names(table, t -> t == CellType.STRING);
    }

    /** The domain tags the connected tag models offer, each once, in port order. */
    public static List<String> domainTags(List<TagModelSpec> ports) {
        Set<String> tags = new LinkedHashSet<>();
        ports.forEach(p -> p.tags().stream().filter(TagModelSpec.Tag::isDomain).forEach(t -> tags.add(t.name())));
        return List.copyOf(tags);
    }

    /** The function tags (tasks) of the connected tag models, each once, in port order. */
    public static List<String> functionTags(List<TagModelSpec> ports) {
        Set<String> tags = new LinkedHashSet<>();
        ports.forEach(p -> p.tasks().forEach(t -> tags.add(t.functionTag())));
        return List.copyOf(tags);
    }

    private static List<String> names(TableShape table, java.util.function.Predicate<CellType> accepted) {
        return table.columns().stream().filter(c -> accepted.test(c.type())).map(ColumnSpec::name).toList();
    }
}
