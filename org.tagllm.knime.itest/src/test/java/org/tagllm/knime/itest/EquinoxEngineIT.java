package org.tagllm.knime.itest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.jar.JarFile;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.BundleException;
import org.osgi.framework.Constants;
import org.osgi.framework.ServiceReference;
import org.osgi.framework.launch.Framework;
import org.osgi.framework.launch.FrameworkFactory;

/**
 * Boots Equinox with Felix SCR, installs the bundles this reactor builds plus their dependencies (copied to
 * {@code target/bundles} by the build), and finds the engine service in the service registry.
 *
 * <p>The test's own class loader does not share the engine's classes with the framework, so the service is used
 * through the classes the engine bundle loads (reflection), never through the test class path.
 */
class EquinoxEngineIT {

    private static final String SERVICE = "org.tagllm.knime.engine.service.TagEngineService";

    @TempDir
    Path storage;

    private Framework framework;

    @BeforeEach
    void boot() throws BundleException {
        Map<String, String> config = new HashMap<>();
        config.put(Constants.FRAMEWORK_STORAGE, storage.toString());
        config.put(Constants.FRAMEWORK_STORAGE_CLEAN, Constants.FRAMEWORK_STORAGE_CLEAN_ONFIRSTINIT);
        framework = ServiceLoader.load(FrameworkFactory.class).findFirst().orElseThrow().newFramework(config);
        framework.start();
    }

    @AfterEach
    void shutDown() throws Exception {
        if (framework != null) {
            framework.stop();
            framework.waitForStop(30_000);
        }
    }

    @Test
    void engineServiceIsRegisteredByDeclarativeServices() throws Exception {
        BundleContext context = framework.getBundleContext();
        List<Bundle> installed = new ArrayList<>();
        for (Path jar : bundleJars()) {
            installed.add(context.installBundle(jar.toUri().toString()));
        }
        List<String> failures = new ArrayList<>();
        for (Bundle bundle : installed) {
            if (bundle.getHeaders().get(Constants.FRAGMENT_HOST) != null) {
                continue;
            }
            try {
                bundle.start();
            } catch (BundleException e) {
                failures.add(bundle.getSymbolicName() + ": " + e.getMessage());
            }
        }
        assertEquals(List.of(), failures, "bundles that did not start");

        ServiceReference<?> reference = awaitService(context, SERVICE, 10_000);
        assertNotNull(reference, SERVICE + " was not registered");
        Object service = context.getService(reference);
        Bundle engine = reference.getBundle();
        assertTrue(engine.loadClass(SERVICE).isInstance(service), "the service is a " + service.getClass());
    }

    /** Every jar in the bundles folder that is an OSGi bundle; plain jars are left out (they would not resolve). */
    private static List<Path> bundleJars() throws IOException {
        Path folder = Path.of(System.getProperty("tagllm.itest.bundles", "target/bundles"));
        List<Path> bundles = new ArrayList<>();
        try (Stream<Path> jars = Files.list(folder)) {
            for (Path jar : jars.filter(p -> p.toString().endsWith(".jar")).sorted().toList()) {
                try (JarFile file = new JarFile(jar.toFile())) {
                    if (file.getManifest() != null
                            && file.getManifest().getMainAttributes().getValue(Constants.BUNDLE_SYMBOLICNAME) != null) {
                        bundles.add(jar);
                    }
                }
            }
        }
        return bundles;
    }

    private static ServiceReference<?> awaitService(BundleContext context, String name, long millis)
            throws InterruptedException {
        long deadline = System.currentTimeMillis() + millis;
        ServiceReference<?> reference = context.getServiceReference(name);
        while (reference == null && System.currentTimeMillis() < deadline) {
            Thread.sleep(50);
            reference = context.getServiceReference(name);
        }
        return reference;
    }
}
