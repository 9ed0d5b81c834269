package org.tagllm.knime.nodes.knime.prefs;

import org.eclipse.core.runtime.preferences.AbstractPreferenceInitializer;
import org.eclipse.core.runtime.preferences.DefaultScope;
import org.eclipse.core.runtime.preferences.IEclipsePreferences;
import org.tagllm.knime.nodes.prefs.TagLlmPreferences;

/** The preferences' defaults, from {@link TagLlmPreferences#defaults()} (registered in plugin.xml). */
public final class TagLlmPreferenceInitializer extends AbstractPreferenceInitializer {

    @Override
    public void initializeDefaultPreferences() {
        IEclipsePreferences defaults = DefaultScope.INSTANCE.getNode(KnimePreferences.NODE);
        TagLlmPreferences.defaults().toStrings().forEach(defaults::put);
    }
}
