package org.tagllm.knime.djl.internal;

import ai.djl.engine.Engine;
import ai.djl.pytorch.engine.PtEngineProvider;
import org.osgi.framework.BundleActivator;
import org.osgi.framework.BundleContext;

/**
 * Registers DJL's PyTorch engine when the wrapper bundle starts.
 *
 * <p>DJL finds engines through {@link java.util.ServiceLoader}, which sees nothing inside OSGi (the service files are
 * not on any bundle's class path that DJL's class loader searches), so the engine is registered by hand. Registering
 * does not load libtorch; that happens on the first {@code Engine.getEngine("PyTorch")}.
 *
 * <p>Nothing is undone on stop: libtorch, once loaded, stays in the JVM, and a second class loader cannot load it again.
 * This bundle is meant to live as long as the JVM and never be refreshed (see docs/osgi-notes.md).
 */
public final class DjlActivator implements BundleActivator {

    @Override
    public void start(BundleContext context) {
        Engine.registerEngine(new PtEngineProvider());
    }

    @Override
    public void stop(BundleContext context) {
        // Deliberately empty: see the class comment.
    }
}
