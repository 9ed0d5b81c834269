package org.tagllm.knime.nodes.prefs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.tagllm.knime.nodes.exec.SettingsException;
import org.tagllm.knime.nodes.model.ModelLocation;

class TagLlmPreferencesTest {

    @Test
    void defaultsLeaveTheEngineAtItsOwnDefaultsAndSearchTheQuickstartFolder() throws SettingsException {
        TagLlmPreferences d = TagLlmPreferences.defaults();
        assertEquals(0, d.libtorchThreads());
        assertEquals(0, d.memoryLimitMiB());
        assertEquals("", d.nativeCacheFolder());
        assertEquals(List.of(Path.of(System.getProperty("user.home"), ".tagllm", "models").toString()),
                d.modelFolders());
        assertEquals("cpu", d.defaultDevice());
        assertEquals(Map.of(), d.engineProperties(), "nothing overrides the engine component's defaults");
        d.validate();
        assertEquals(d, TagLlmPreferences.fromStrings(Map.of()), "an empty store reads as the defaults");
    }

    @Test
    void storedAsStringsAndReadBack() throws SettingsException {
        TagLlmPreferences p = new TagLlmPreferences(2, 4096, "/opt/djl", List.of("/data/models",
                "knime://knime.mountpoint/models", "/srv/models;old"), "cuda:1");
        assertEquals(p, TagLlmPreferences.fromStrings(p.toStrings()));
        assertEquals(Map.of("libtorchThreads", 2, "memoryLimitMiB", 4096, "nativeCacheDir", "/opt/djl"),
                p.engineProperties());
        assertEquals(Map.of("tagllm.engine.libtorchThreads", "2", "tagllm.engine.memoryLimitMiB", "4096",
                "tagllm.engine.nativeCacheDir", "/opt/djl"), p.systemProperties());
        assertEquals(org.tagllm.knime.engine.service.osgi.TagEngineComponent.SYSTEM_PROPERTY_PREFIX,
                TagLlmPreferences.ENGINE_SYSTEM_PROPERTY_PREFIX, "the names the engine component reads");
    }

    @Test
    void theModelLookupSearchesTheFoldersResolvedForTheWorkflow() {
        TagLlmPreferences p = new TagLlmPreferences(0, 0, "", List.of("/data/models",
                "knime://knime.mountpoint/models", "knime://Absent/models"), "cpu");
        ModelLocation.Roots roots = new ModelLocation.Roots() {
            @Override
            public Path workflowFolder() {
                return Path.of("/ws/flow");
            }

            @Override
            public Path mountpointRoot() {
                return Path.of("/ws");
            }
        };
        assertEquals(List.of(Path.of("/data/models"), Path.of("/ws/models")), p.modelLookup(roots).searchFolders());
    }

    @Test
    void badStoredValuesAreNamed() {
        assertEquals("setting 'libtorch threads' = 'many': not a whole number", assertThrows(SettingsException.class,
                () -> TagLlmPreferences.fromStrings(Map.of("libtorchThreads", "many"))).getMessage());
        assertEquals("setting 'native library cache folder' = 'cache': give an absolute folder",
                assertThrows(SettingsException.class, () -> TagLlmPreferences.fromStrings(Map.of(
                        "nativeCacheFolder", "cache"))).getMessage());
        assertThrows(SettingsException.class, () -> TagLlmPreferences.fromStrings(Map.of("defaultDevice", "tpu")));
        assertThrows(SettingsException.class, () -> TagLlmPreferences.fromStrings(Map.of("memoryLimitMiB", "-1")));
    }
}
