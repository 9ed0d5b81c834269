package org.tagllm.knime.engine.service.osgi;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.tagllm.knime.engine.runtime.DjlRuntime;
import org.tagllm.knime.engine.service.JobHandle;
import org.tagllm.knime.engine.service.JobListener;
import org.tagllm.knime.engine.service.JobRequest;
import org.tagllm.knime.engine.service.LocalTagEngine;
import org.tagllm.knime.engine.service.TagEngineService;

/**
 * The shared engine as an OSGi Declarative Services component: one {@link LocalTagEngine} per framework, created on
 * activation and closed (jobs cancelled, models released) on deactivation — also when the engine bundle is refreshed.
 *
 * <p>Optional component properties: {@code threads} (worker threads, default 4) and {@code idleTimeoutMinutes} (how
 * long an unused model stays loaded, default 10), {@code memoryLimitMiB} (all cached models of one device together,
 * default none: the device's available memory alone decides), {@code nativeCacheDir} (where libtorch's libraries are
 * unpacked, instead of DJL's {@code ~/.djl.ai}; takes effect only before libtorch's first use in this JVM),
 * {@code libtorchThreads} (libtorch's intra-op threads, one inter-op thread; likewise only before its first use).
 * Each may also come from the system property {@code tagllm.engine.<name>} (a component property wins): KNIME's
 * Tag-LLM preferences are set that way before the engine's first use.
 */
@Component(service = TagEngineService.class, immediate = false)
public final class TagEngineComponent implements TagEngineService {

    private static final Logger LOG = LoggerFactory.getLogger(TagEngineComponent.class);

    private LocalTagEngine engine;

    @Activate
    void activate(Map<String, Object> properties) {
        Object cache = property(properties, "nativeCacheDir");
        if (cache != null && !cache.toString().isBlank()) {
            try {
                DjlRuntime.setNativeCacheDir(Path.of(cache.toString().trim()));
            } catch (IllegalStateException e) {
                // libtorch is loaded once per JVM; a refreshed engine bundle finds it running.
                LOG.warn("nativeCacheDir {} ignored: libtorch is already loaded in this JVM; it applies after a "
                        + "restart", cache);
            }
        }
        int libtorchThreads = intProperty(properties, "libtorchThreads", 0);
        if (libtorchThreads > 0) {
            try {
                DjlRuntime.setThreads(libtorchThreads, 1);
            } catch (IllegalStateException e) {
                LOG.warn("libtorchThreads {} ignored: libtorch is already loaded in this JVM; it applies after a "
                        + "restart", libtorchThreads);
            }
        }
        LocalTagEngine.Builder b = LocalTagEngine.builder()
                .optThreads(intProperty(properties, "threads", 4))
                .optIdleTimeout(Duration.ofMinutes(intProperty(properties, "idleTimeoutMinutes", 10)))
                .optWarnings(LOG::warn);
        int limitMiB = intProperty(properties, "memoryLimitMiB", 0);
        if (limitMiB > 0) {
            b.optMemoryLimit(limitMiB * 1024L * 1024L);
        }
        engine = b.build();
    }

    @Deactivate
    void deactivate() {
        LocalTagEngine closing = engine;
        engine = null;
        if (closing != null) {
            closing.close();
        }
    }

    @Override
    public <R> JobHandle<R> submit(JobRequest<R> request, JobListener listener) {
        LocalTagEngine current = engine;
        if (current == null) {
            throw new IllegalStateException("the Tag-LLM engine component is not active");
        }
        return current.submit(request, listener);
    }

    /** The framework closes the engine on deactivation; a caller's close is ignored (the engine is shared). */
    @Override
    public void close() {}

    /** The system property that stands in for the component property {@code key}. */
    public static final String SYSTEM_PROPERTY_PREFIX = "tagllm.engine.";

    private static Object property(Map<String, Object> properties, String key) {
        Object value = properties.get(key);
        return value != null ? value : System.getProperty(SYSTEM_PROPERTY_PREFIX + key);
    }

    private static int intProperty(Map<String, Object> properties, String key, int fallback) {
        Object value = property(properties, key);
        if (value == null) {
            return fallback;
        }
        try {
            return value instanceof Number n ? n.intValue() : Integer.parseInt(value.toString().trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("component property " + key + " must be an integer, got " + value, e);
        }
    }
}
