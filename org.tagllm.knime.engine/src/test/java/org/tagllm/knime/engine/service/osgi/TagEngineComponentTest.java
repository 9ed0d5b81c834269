package org.tagllm.knime.engine.service.osgi;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import org.junit.jupiter.api.Test;
import org.tagllm.knime.engine.runtime.DjlRuntime;
import org.tagllm.knime.engine.service.JobListener;

/** The component's life cycle without a framework; the Equinox test (org.tagllm.knime.itest) covers it inside one. */
class TagEngineComponentTest {

    @Test
    void propertiesAreReadAsNumbersOrText() {
        TagEngineComponent component = new TagEngineComponent();
        assertDoesNotThrow(() -> component.activate(Map.of("threads", "2", "idleTimeoutMinutes", 1)));
        component.deactivate();
    }

    @Test
    void aNativeCacheDirAfterLibtorchStartedIsIgnoredAndTheEngineStillWorks() {
        DjlRuntime.engine(); // as after a bundle refresh: libtorch is already loaded in this JVM
        String before = System.getProperty("ENGINE_CACHE_DIR");
        TagEngineComponent component = new TagEngineComponent();
        assertDoesNotThrow(() -> component.activate(Map.of("nativeCacheDir", "/tmp/elsewhere", "memoryLimitMiB",
                "512")));
        assertEquals(before, System.getProperty("ENGINE_CACHE_DIR"), "the running libtorch's cache stays");
        component.deactivate();
    }

    @Test
    void aBadPropertyNamesItsKey() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new TagEngineComponent().activate(Map.of("threads", "many")));
        assertTrue(e.getMessage().contains("threads"), e.getMessage());
    }

    @Test
    void aDeactivatedComponentRefusesJobs() {
        TagEngineComponent component = new TagEngineComponent();
        component.activate(Map.of());
        component.deactivate();
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> component.submit(null, JobListener.NONE));
        assertTrue(e.getMessage().contains("not active"), e.getMessage());
    }
}
