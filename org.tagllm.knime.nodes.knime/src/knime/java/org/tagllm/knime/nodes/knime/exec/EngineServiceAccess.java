package org.tagllm.knime.nodes.knime.exec;

import java.util.concurrent.TimeUnit;

import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.FrameworkUtil;
import org.osgi.util.tracker.ServiceTracker;
import org.tagllm.knime.engine.service.TagEngineService;
import org.tagllm.knime.nodes.knime.prefs.KnimePreferences;

/**
 * The engine service from the OSGi registry, where the engine bundle's Declarative Services component registers it
 * (docs/osgi-notes.md). One {@link ServiceTracker} per glue bundle, opened on first use. A node model takes a
 * {@link Lease} when it executes and closes it on reset and dispose, dropping its reference to the service, so that a
 * refreshed engine bundle is picked up by the next execution. A node's engine jobs run inside its execute and end with
 * it (KNIME's cancel reaches them through {@link KnimeProgress}); the models they loaded stay in the engine's cache
 * until its idle timeout. The shared engine itself is never closed by a node (its {@code close} is a no-op).
 */
public final class EngineServiceAccess {

    /** How long an execution waits for the engine component to become active (first start, bundle refresh). */
    static final long WAIT_SECONDS = 30;

    private static ServiceTracker<TagEngineService, TagEngineService> tracker;

    private EngineServiceAccess() {}

    /**
     * A lease on the engine service, waiting for it up to {@value #WAIT_SECONDS} s.
     *
     * @throws IllegalStateException when the glue bundle has no context or the service does not appear
     * @throws InterruptedException  when the waiting thread is interrupted (KNIME's cancel)
     */
    public static Lease acquire() throws InterruptedException {
        KnimePreferences.applyToEngine(); // before the component's first activation reads them
        TagEngineService service = tracker().waitForService(TimeUnit.SECONDS.toMillis(WAIT_SECONDS));
        if (service == null) {
            throw new IllegalStateException("the Tag-LLM engine service is not available: is the bundle"
                    + " org.tagllm.knime.engine installed and active? (waited " + WAIT_SECONDS + " s)");
        }
        return new Lease(service);
    }

    private static synchronized ServiceTracker<TagEngineService, TagEngineService> tracker() {
        if (tracker == null) {
            Bundle bundle = FrameworkUtil.getBundle(EngineServiceAccess.class);
            BundleContext context = bundle == null ? null : bundle.getBundleContext();
            if (context == null) {
                throw new IllegalStateException("the Tag-LLM glue bundle is not active (no bundle context)");
            }
            ServiceTracker<TagEngineService, TagEngineService> t =
                new ServiceTracker<>(context, TagEngineService.class, null);
            t.open();
            tracker = t;
        }
        return tracker;
    }

    /** One node's use of the engine service, from execute to reset or dispose. */
    public static final class Lease implements AutoCloseable {

        private volatile TagEngineService service;

        private Lease(TagEngineService service) {
            this.service = service;
        }

        /** The service; the lease must be open. */
        public TagEngineService service() {
            TagEngineService s = service;
            if (s == null) {
                throw new IllegalStateException("engine lease already released");
            }
            return s;
        }

        /** Releases the node's reference; the engine's idle timeout then unloads models nobody uses. */
        @Override
        public void close() {
            service = null;
        }
    }
}
