package org.tagllm.knime.nodes.prefs;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.tagllm.knime.nodes.common.Checks;
import org.tagllm.knime.nodes.exec.SettingsException;
import org.tagllm.knime.nodes.model.ModelLocation;
import org.tagllm.knime.nodes.model.ModelLookup;

/**
 * The Tag-LLM preferences.
 *
 * @param libtorchThreads   libtorch's intra-op threads per job; 0 = libtorch's own choice (the machine's cores).
 *                          Applies before libtorch's first use in KNIME's JVM (else after a restart)
 * @param memoryLimitMiB    memory all loaded models of one device may take together; 0 = the device's free memory
 * @param nativeCacheFolder where libtorch's native libraries are unpacked; blank = DJL's {@code ~/.djl.ai}
 * @param modelFolders      folders searched, with two levels of sub-folders, for a base model by its fingerprint when
 *                          a node's model location does not resolve on this machine; local folders or knime:// URLs
 * @param defaultDevice     the device new nodes start with: {@code cpu} or {@code cuda:N}
 */
public record TagLlmPreferences(int libtorchThreads, int memoryLimitMiB, String nativeCacheFolder,
        List<String> modelFolders, String defaultDevice) {

    /** Preference-store keys, one per component. */
    public static final String LIBTORCH_THREADS = "libtorchThreads";
    public static final String MEMORY_LIMIT_MIB = "memoryLimitMiB";
    public static final String NATIVE_CACHE_FOLDER = "nativeCacheFolder";
    public static final String MODEL_FOLDERS = "modelFolders";
    public static final String DEFAULT_DEVICE = "defaultDevice";

    /** Model folders are stored one per line (paths may hold ':' and ';'). */
    static final String FOLDER_SEPARATOR = "\n";

    public TagLlmPreferences {
        Objects.requireNonNull(nativeCacheFolder, "nativeCacheFolder");
        Objects.requireNonNull(defaultDevice, "defaultDevice");
        modelFolders = List.copyOf(modelFolders);
    }

    /**
     * libtorch's own threads, no memory limit, DJL's cache, the folder {@code tagllm quickstart} writes models to
     * ({@code ~/.tagllm/models}), the CPU.
     */
    public static TagLlmPreferences defaults() {
        return new TagLlmPreferences(0, 0, "", List.of(Path.of(System.getProperty("user.home"), ".tagllm", "models")
                .toString()), "cpu");
    }

    /** @throws SettingsException naming the preference, the value and why */
    public void validate() throws SettingsException {
        Checks.atLeast("libtorch threads", libtorchThreads, 0);
        Checks.atLeast("memory limit (MiB)", memoryLimitMiB, 0);
        if (!nativeCacheFolder.isBlank() && !Path.of(nativeCacheFolder.strip()).isAbsolute()) {
            throw new SettingsException("native library cache folder", nativeCacheFolder, "give an absolute folder");
        }
        for (String folder : modelFolders) {
            ModelLocation.parse("model folder", folder);
        }
        Checks.device(defaultDevice);
    }

    /** As KNIME's preference store keeps them. */
    public Map<String, String> toStrings() {
        Map<String, String> m = new LinkedHashMap<>();
        m.put(LIBTORCH_THREADS, Integer.toString(libtorchThreads));
        m.put(MEMORY_LIMIT_MIB, Integer.toString(memoryLimitMiB));
        m.put(NATIVE_CACHE_FOLDER, nativeCacheFolder);
        m.put(MODEL_FOLDERS, String.join(FOLDER_SEPARATOR, modelFolders));
        m.put(DEFAULT_DEVICE, defaultDevice);
        return m;
    }

    /**
     * From KNIME's preference store; a key that is absent takes its default, and the result is validated.
     *
     * @throws SettingsException naming the preference whose stored value is not usable
     */
    public static TagLlmPreferences fromStrings(Map<String, String> stored) throws SettingsException {
        TagLlmPreferences d = defaults();
        List<String> folders = new ArrayList<>();
        String joined = stored.get(MODEL_FOLDERS);
        if (joined == null) {
            folders.addAll(d.modelFolders());
        } else {
            joined.lines().map(String::strip).filter(l -> !l.isEmpty()).forEach(folders::add);
        }
        TagLlmPreferences p = new TagLlmPreferences(integer(stored, LIBTORCH_THREADS, "libtorch threads",
                d.libtorchThreads()), integer(stored, MEMORY_LIMIT_MIB, "memory limit (MiB)", d.memoryLimitMiB()),
                stored.getOrDefault(NATIVE_CACHE_FOLDER, d.nativeCacheFolder()).strip(), folders,
                stored.getOrDefault(DEFAULT_DEVICE, d.defaultDevice()).strip());
        p.validate();
        return p;
    }

    private static int integer(Map<String, String> stored, String key, String name, int fallback)
            throws SettingsException {
        String v = stored.get(key);
        if (v == null || v.isBlank()) {
            return fallback;
        }
        try {
            return Integer.parseInt(v.strip());
        } catch (NumberFormatException e) {
            throw new SettingsException(name, v, "not a whole number");
        }
    }

    /**
     * The engine component's properties ({@code org.tagllm.knime.engine.service.osgi.TagEngineComponent}): what is
     * left at its default is left out, so the component keeps its own default.
     */
    public Map<String, Object> engineProperties() {
        Map<String, Object> m = new LinkedHashMap<>();
        if (libtorchThreads > 0) {
            m.put("libtorchThreads", libtorchThreads);
        }
        if (memoryLimitMiB > 0) {
            m.put("memoryLimitMiB", memoryLimitMiB);
        }
        if (!nativeCacheFolder.isBlank()) {
            m.put("nativeCacheDir", nativeCacheFolder);
        }
        return m;
    }

    /**
     * {@link #engineProperties()} as the system properties the engine component reads before its first activation
     * ({@code tagllm.engine.<name>}); set before KNIME first uses the engine, they apply from then on.
     */
    public Map<String, String> systemProperties() {
        Map<String, String> m = new LinkedHashMap<>();
        engineProperties().forEach((k, v) -> m.put(ENGINE_SYSTEM_PROPERTY_PREFIX + k, v.toString()));
        return m;
    }

    /** The engine component's {@code SYSTEM_PROPERTY_PREFIX}. */
    static final String ENGINE_SYSTEM_PROPERTY_PREFIX = "tagllm.engine.";

    /** The model lookup of a node running in a workflow with these roots: the model folders resolved there. */
    public ModelLookup modelLookup(ModelLocation.Roots roots) {
        List<Path> folders = new ArrayList<>();
        for (String f : modelFolders) {
            try {
                ModelLocation.parse("model folder", f).resolve(roots).ifPresent(folders::add);
            } catch (SettingsException e) {
                // validate() refused it when the preferences were stored; a folder that cannot be read is skipped
            }
        }
        return new ModelLookup(roots, folders);
    }
}
