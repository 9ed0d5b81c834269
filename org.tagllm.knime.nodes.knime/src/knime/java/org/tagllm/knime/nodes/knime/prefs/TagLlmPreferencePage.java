package org.tagllm.knime.nodes.knime.prefs;

import java.util.LinkedHashMap;
import java.util.Map;
import org.eclipse.core.runtime.preferences.InstanceScope;
import org.eclipse.jface.preference.DirectoryFieldEditor;
import org.eclipse.jface.preference.FieldEditorPreferencePage;
import org.eclipse.jface.preference.IntegerFieldEditor;
import org.eclipse.jface.preference.ListEditor;
import org.eclipse.jface.preference.StringFieldEditor;
import org.eclipse.swt.widgets.Composite;
import org.eclipse.swt.widgets.DirectoryDialog;
import org.eclipse.ui.IWorkbench;
import org.eclipse.ui.IWorkbenchPreferencePage;
import org.eclipse.ui.preferences.ScopedPreferenceStore;
import org.tagllm.knime.nodes.exec.SettingsException;
import org.tagllm.knime.nodes.prefs.TagLlmPreferences;

/**
 * Preferences › KNIME › Tag-LLM: libtorch threads, memory limit, native-library cache folder, the model folders
 * searched by fingerprint, the default device. Checked by {@link TagLlmPreferences#fromStrings} before they are kept.
 */
public final class TagLlmPreferencePage extends FieldEditorPreferencePage implements IWorkbenchPreferencePage {

    public TagLlmPreferencePage() {
        super(GRID);
        ScopedPreferenceStore store = new ScopedPreferenceStore(InstanceScope.INSTANCE, KnimePreferences.NODE);
        TagLlmPreferences.defaults().toStrings().forEach(store::setDefault);
        setPreferenceStore(store);
        setDescription("Tag-LLM engine and model locations. Threads, memory limit and cache folder apply from the "
            + "engine's first use after KNIME starts.");
    }

    @Override
    public void init(IWorkbench workbench) {
        // nothing to set up: the store is this bundle's instance scope
    }

    @Override
    protected void createFieldEditors() {
        Composite parent = getFieldEditorParent();
        IntegerFieldEditor threads = new IntegerFieldEditor(TagLlmPreferences.LIBTORCH_THREADS,
            "libtorch threads per job (0 = automatic):", parent);
        threads.setValidRange(0, 1024);
        addField(threads);
        IntegerFieldEditor memory = new IntegerFieldEditor(TagLlmPreferences.MEMORY_LIMIT_MIB,
            "Memory limit of loaded models, MiB (0 = none):", parent);
        memory.setValidRange(0, Integer.MAX_VALUE);
        addField(memory);
        addField(new DirectoryFieldEditor(TagLlmPreferences.NATIVE_CACHE_FOLDER,
            "Native library cache folder (empty = ~/.djl.ai):", parent));
        addField(new ModelFoldersEditor(parent));
        addField(new StringFieldEditor(TagLlmPreferences.DEFAULT_DEVICE, "Default device (cpu or cuda:N):", parent));
    }

    @Override
    public boolean performOk() {
        Map<String, String> entered = new LinkedHashMap<>();
        boolean ok = super.performOk();
        for (String key : TagLlmPreferences.defaults().toStrings().keySet()) {
            entered.put(key, getPreferenceStore().getString(key));
        }
        try {
            TagLlmPreferences.fromStrings(entered);
            setErrorMessage(null);
            return ok;
        } catch (SettingsException e) {
            setErrorMessage(e.getMessage());
            return false;
        }
    }

    /** The model folders, one per line in the store: local folders chosen with a dialog, or knime:// URLs typed. */
    private static final class ModelFoldersEditor extends ListEditor {

        ModelFoldersEditor(Composite parent) {
            super(TagLlmPreferences.MODEL_FOLDERS, "Model folders searched by fingerprint:", parent);
        }

        @Override
        protected String createList(String[] items) {
            return String.join("\n", items);
        }

        @Override
        protected String[] parseString(String stringList) {
            return stringList.lines().map(String::strip).filter(l -> !l.isEmpty()).toArray(String[]::new);
        }

        @Override
        protected String getNewInputObject() {
            DirectoryDialog dialog = new DirectoryDialog(getShell());
            dialog.setMessage("A folder holding base models (it and two levels below are searched)");
            return dialog.open();
        }
    }
}
