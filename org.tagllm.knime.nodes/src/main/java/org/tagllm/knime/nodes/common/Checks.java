package org.tagllm.knime.nodes.common;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.regex.Pattern;
import org.tagllm.knime.engine.data.BadRowPolicy;
import org.tagllm.knime.engine.tags.TagSpec;
import org.tagllm.knime.nodes.exec.SettingsException;
import org.tagllm.knime.nodes.model.ModelLocation;
import org.tagllm.knime.nodes.model.ModelLookup;
import org.tagllm.knime.nodes.table.ColumnSpec;
import org.tagllm.knime.nodes.table.TableShape;

/** Checks of settings several nodes share; each failure names the setting, its value and why. */
public final class Checks {

    private static final Pattern DEVICE = Pattern.compile("cpu|cuda:\\d+");

    private Checks() {}

    /** A tag name: one word in angle brackets, e.g. {@code <SMILES>}. */
    public static void tagName(String setting, String name) throws SettingsException {
        if (name == null || name.isBlank()) {
            throw new SettingsException(setting, null, "give a tag name, one word in angle brackets, e.g. <SMILES>");
        }
        try {
            TagSpec.checkName(name);
        } catch (IllegalArgumentException e) {
            throw new SettingsException(setting, name, "a tag name is one word in angle brackets, e.g. <SMILES>");
        }
    }

    /** {@code cpu} or {@code cuda:N}; an absent GPU falls back to the CPU at run time, with a warning. */
    public static void device(String device) throws SettingsException {
        if (device == null || !DEVICE.matcher(device.strip()).matches()) {
            throw new SettingsException("device", device, "use cpu or cuda:N (e.g. cuda:0)");
        }
    }

    /** Skip or fail: rows kept with a problem cannot train. */
    public static void trainingBadRows(BadRowPolicy policy) throws SettingsException {
        if (policy == null || policy == BadRowPolicy.KEEP) {
            throw new SettingsException("bad rows", policy, "a training node can skip bad rows or fail on the first;"
                    + " it cannot keep them");
        }
    }

    /**
     * A Hugging Face-layout model folder with its config.json. A {@code knime://} location is only parsed here: it is
     * resolved at execution, on the machine that runs the node ({@link ModelLookup}).
     */
    public static Path modelFolder(String folder) throws SettingsException {
        ModelLocation location = ModelLocation.parse("base model folder", folder);
        if (location.kind() != ModelLocation.Kind.LOCAL) {
            return null;
        }
        Path dir = Path.of(location.path());
        if (!Files.isDirectory(dir)) {
            throw new SettingsException("base model folder", folder, "no such folder");
        }
        if (!Files.isRegularFile(dir.resolve("config.json"))) {
            throw new SettingsException("base model folder", folder, "the folder has no config.json; is it a model?");
        }
        return dir;
    }

    /** A column of the table that holds text: strings, SMILES or SD mol blocks. */
    public static ColumnSpec textColumn(String setting, String column, TableShape table, boolean moleculesAllowed)
            throws SettingsException {
        ColumnSpec c = column(setting, column, table);
        if (!c.type().isText() || (!moleculesAllowed && c.type().isMolecule())) {
            throw new SettingsException(setting, column, "the column holds " + c.type().name().toLowerCase(
                    Locale.ROOT) + " cells; choose a string" + (moleculesAllowed ? ", SMILES or SDF" : "")
                    + " column");
        }
        return c;
    }

    /** A column the table has. */
    public static ColumnSpec column(String setting, String column, TableShape table) throws SettingsException {
        if (column == null || column.isEmpty()) {
            throw new SettingsException(setting, null, "choose a column");
        }
        if (!table.has(column)) {
            throw new SettingsException(setting, column, table.missing(column));
        }
        return table.column(column);
    }

    public static void atLeast(String setting, long value, long min) throws SettingsException {
        if (value < min) {
            throw new SettingsException(setting, value, "must be at least " + min);
        }
    }
}
