package org.tagllm.knime.nodes.knime.prefs;

import java.util.LinkedHashMap;
import java.util.Map;
import org.eclipse.core.runtime.Platform;
import org.eclipse.core.runtime.preferences.IPreferencesService;
import org.knime.core.node.NodeLogger;
import org.tagllm.knime.nodes.exec.SettingsException;
import org.tagllm.knime.nodes.prefs.TagLlmPreferences;

/**
 * The Tag-LLM preferences as KNIME stores them: this bundle's Eclipse preferences (what the preference page writes;
 * a preference customization profile may set them too), read into the KNIME-free {@link TagLlmPreferences}, which
 * decides defaults and checks.
 */
public final class KnimePreferences {

    /** The preference node: this bundle's symbolic name. */
    public static final String NODE = "org.tagllm.knime.nodes.knime";

    private static final NodeLogger LOGGER = NodeLogger.getLogger(KnimePreferences.class);

    private static boolean applied;

    private KnimePreferences() {}

    /**
     * Hands the engine preferences to the engine component as system properties, once, before the engine's first use
     * in this KNIME (later changes apply after a restart, as the page says). A property given with {@code -D} in
     * knime.ini wins.
     */
    public static synchronized void applyToEngine() {
        if (applied) {
            return;
        }
        applied = true;
        current().systemProperties().forEach((key, value) -> {
            if (System.getProperty(key) == null) {
                System.setProperty(key, value);
            }
        });
    }

    /** The stored preferences; unusable stored values are logged and the defaults used instead. */
    public static TagLlmPreferences current() {
        IPreferencesService service = Platform.getPreferencesService();
        Map<String, String> stored = new LinkedHashMap<>();
        for (String key : TagLlmPreferences.defaults().toStrings().keySet()) {
            String value = service == null ? null : service.getString(NODE, key, null, null);
            if (value != null) {
                stored.put(key, value);
            }
        }
        try {
            return TagLlmPreferences.fromStrings(stored);
        } catch (SettingsException e) {
            LOGGER.warn("Tag-LLM preferences: " + e.getMessage() + "; the defaults are used");
            return TagLlmPreferences.defaults();
        }
    }
}
