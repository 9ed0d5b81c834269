package org.tagllm.knime.nodes.workflow;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Objects;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;
import org.tagllm.knime.nodes.exec.SettingsException;
import org.tagllm.knime.nodes.table.CellType;

/** Checks of the standard nodes' settings, each refusing a bad value by the setting's name. */
final class SettingChecks {

    private SettingChecks() {}

    static Path existingFile(String setting, String file) throws SettingsException {
        if (file == null || file.isBlank()) {
            throw new SettingsException(setting, null, "choose a file");
        }
        Path path = Path.of(file);
        if (!Files.isRegularFile(path)) {
            throw new SettingsException(setting, file, "no such file");
        }
        return path;
    }

    static Pattern pattern(String setting, String regex) throws SettingsException {
        if (regex == null) {
            throw new SettingsException(setting, null, "give a regular expression");
        }
        try {
            return Pattern.compile(regex);
        } catch (PatternSyntaxException e) {
            throw new SettingsException(setting, regex, "not a regular expression: " + e.getDescription());
        }
    }

    static void atLeast(String setting, long value, long min) throws SettingsException {
        if (value < min) {
            throw new SettingsException(setting, value, "must be at least " + min);
        }
    }

    static String lower(CellType t) {
        return Objects.requireNonNull(t).name().toLowerCase(Locale.ROOT);
    }
}
