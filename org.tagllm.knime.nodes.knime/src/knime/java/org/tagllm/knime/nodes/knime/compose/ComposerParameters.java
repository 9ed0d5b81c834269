package org.tagllm.knime.nodes.knime.compose;

import org.knime.node.parameters.NodeParameters;
import org.knime.node.parameters.Widget;
import org.knime.node.parameters.widget.choices.ChoicesProvider;
import org.tagllm.knime.nodes.knime.common.FunctionTagChoices;
import org.knime.node.parameters.migration.LoadDefaultsForAbsentFields;
import org.tagllm.knime.nodes.compose.ComposerSettings;
import org.tagllm.knime.nodes.knime.common.TableColumns;

/**
 * The Tag Composer dialog and persisted settings: one field per {@link ComposerSettings} component, defaults from
 * {@link ComposerSettings#defaults()}. A blank function tag is the record's null ("that port's only one").
 */
@LoadDefaultsForAbsentFields // a setting added later loads its default from older workflows
public final class ComposerParameters implements NodeParameters {

    private static final ComposerSettings D = ComposerSettings.defaults();

    @Widget(title = "Function port", description = "The input port (counted from 1) whose function tag, head and task "
        + "are taken; 0 takes the last port. The domain tags the task needs come from the other ports when one "
        + "offers them, else from this port.")
    int functionPort = D.functionPort();

    @Widget(title = "Function tag", description = "The function tag to take from the function port, e.g. "
        + "<tt>&lt;QED&gt;</tt>, chosen from the connected tag models' tasks. Leave empty when that tag model holds "
        + "only one.")
    @ChoicesProvider(FunctionTagChoices.class)
    String functionTag = D.functionTag() == null ? "" : D.functionTag();

    /** The KNIME-free settings. */
    ComposerSettings toSettings() {
        return new ComposerSettings(functionPort, TableColumns.orNull(functionTag));
    }
}
