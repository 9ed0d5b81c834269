package org.tagllm.knime.itest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.jar.JarFile;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.BundleException;
import org.osgi.framework.Constants;
import org.osgi.framework.FrameworkUtil;
import org.osgi.framework.ServiceReference;
import org.osgi.framework.launch.Framework;
import org.osgi.framework.launch.FrameworkFactory;
import org.osgi.framework.namespace.PackageNamespace;
import org.osgi.framework.wiring.BundleCapability;
import org.osgi.framework.wiring.BundleRequirement;
import org.osgi.framework.wiring.BundleRevision;
import org.osgi.framework.wiring.BundleWire;
import org.osgi.framework.wiring.BundleWiring;
import org.osgi.framework.wiring.FrameworkWiring;

/**
 * Boots Equinox with Felix SCR, installs the bundles this reactor builds plus their dependencies (copied to
 * {@code target/bundles} by the build), and finds the engine service in the service registry.
 *
 * <p>The test's own class loader does not share the engine's classes with the framework: the engine is reached by
 * reflection through the classes the engine bundle loads, or through the probe bundle's {@link Callable} service.
 * The tests share one framework and run in order: the refresh comes last.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class EquinoxEngineIT {

    private static final String SERVICE = "org.tagllm.knime.engine.service.TagEngineService";

    @TempDir
    static Path storage;

    /**
     * One framework for the whole class: libtorch can be loaded by one class loader per JVM, so a second framework
     * (a second DJL wrapper bundle class loader) in the same JVM fails with "already loaded in another classloader".
     */
    private static Framework framework;

    private static List<Bundle> installed;

    @BeforeAll
    static void boot() throws Exception {
        Map<String, String> config = new HashMap<>();
        config.put(Constants.FRAMEWORK_STORAGE, storage.toString());
        config.put(Constants.FRAMEWORK_STORAGE_CLEAN, Constants.FRAMEWORK_STORAGE_CLEAN_ONFIRSTINIT);
        framework = ServiceLoader.load(FrameworkFactory.class).findFirst().orElseThrow().newFramework(config);
        framework.start();
        installed = installAndStart(framework.getBundleContext());
    }

    @AfterAll
    static void shutDown() throws Exception {
        if (framework != null) {
            framework.stop();
            framework.waitForStop(30_000);
        }
    }

    @Test
    @Order(1)
    void engineServiceIsRegisteredByDeclarativeServices() throws Exception {
        BundleContext context = framework.getBundleContext();

        ServiceReference<?> reference = service(context, SERVICE, 10_000);
        assertNotNull(reference, SERVICE + " was not registered; components: " + components(context)
                + "\nbundle states (32 = active): " + states(installed));
        Object service = context.getService(reference);
        Bundle engine = reference.getBundle();
        assertTrue(engine.loadClass(SERVICE).isInstance(service), "the service is a " + service.getClass());
    }

    /**
     * libtorch loads inside the framework: the wrapper registered the PyTorch engine (no ServiceLoader), and DJL found
     * its natives as resources of the wrapper bundle. Then the engine bundle writes the demo model.
     */
    @Test
    @Order(2)
    void pytorchEngineLoadsThroughTheWrapperBundle() throws Exception {
        BundleContext context = framework.getBundleContext();
        Bundle engine = Arrays.stream(context.getBundles())
                .filter(b -> "org.tagllm.knime.engine".equals(b.getSymbolicName())).findFirst().orElseThrow();

        Object djl = engine.loadClass("org.tagllm.knime.engine.runtime.DjlRuntime").getMethod("engine").invoke(null);
        assertEquals("PyTorch", djl.getClass().getMethod("getEngineName").invoke(djl));

        Path model = engine.loadClass("org.tagllm.knime.engine.demo.DemoModel").getMethod("ensure", Path.class)
                .invoke(null, storage.resolve("demo-model")) instanceof Path p ? p : null;
        assertNotNull(model);
        assertTrue(Files.isRegularFile(model.resolve("model.safetensors")), "demo model written to " + model);
    }

    /** Training, composition and prediction through the service, run by the probe bundle inside the framework. */
    @Test
    @Order(3)
    void theServiceTrainsComposesAndPredicts() throws Exception {
        BundleContext context = framework.getBundleContext();
        Bundle probe = context.installBundle("reference:" + Path.of(System.getProperty("tagllm.itest.probe",
                "target/classes")).toUri());
        probe.start();
        assertTrue(runProbe(context).matches("tags=\\d+ predictions=96"));
    }

    /**
     * Refreshing the engine bundle deactivates the component (the engine is closed), rewires the engine and the
     * probe, and the new service works: libtorch stays loaded by the DJL wrapper, which the refresh does not touch.
     */
    @Test
    @Order(4)
    void theServiceStillWorksAfterTheEngineBundleIsRefreshed() throws Exception {
        BundleContext context = framework.getBundleContext();
        Bundle engine = Arrays.stream(context.getBundles())
                .filter(b -> "org.tagllm.knime.engine".equals(b.getSymbolicName())).findFirst().orElseThrow();
        CountDownLatch refreshed = new CountDownLatch(1);
        framework.adapt(FrameworkWiring.class)
                .refreshBundles(List.of(engine), event -> refreshed.countDown());
        assertTrue(refreshed.await(1, TimeUnit.MINUTES), "refresh did not finish");
        assertEquals(Bundle.ACTIVE, engine.getState());
        assertTrue(runProbe(context).matches("tags=\\d+ predictions=96"));
    }

    /**
     * CDK splits packages across its bundles ({@code org.openscience.cdk.graph}: {@code Cycles} in cdk-core,
     * {@code ConnectivityChecker} in cdk-standard; {@code io}, {@code tools.manipulator} likewise). An
     * {@code Import-Package} wires each package to one exporter, so half of such a package is invisible; every CDK
     * class the engine uses must load through the engine bundle's own wiring.
     */
    @Test
    @Order(7)
    void everyCdkClassTheEngineUsesLoadsThroughItsWiring() throws Exception {
        Bundle engine = Arrays.stream(framework.getBundleContext().getBundles())
                .filter(b -> "org.tagllm.knime.engine".equals(b.getSymbolicName())).findFirst().orElseThrow();
        // The engine's CDK imports (grep "import org.openscience" in its sources), one class per bundle and package.
        for (String name : List.of("org.openscience.cdk.aromaticity.Aromaticity",
                "org.openscience.cdk.config.Elements", "org.openscience.cdk.exception.InvalidSmilesException",
                "org.openscience.cdk.fingerprint.CircularFingerprinter", "org.openscience.cdk.graph.Cycles",
                "org.openscience.cdk.graph.ConnectivityChecker", "org.openscience.cdk.interfaces.IAtomContainer",
                "org.openscience.cdk.io.ISimpleChemObjectReader", "org.openscience.cdk.io.MDLV2000Reader",
                "org.openscience.cdk.silent.SilentChemObjectBuilder", "org.openscience.cdk.smiles.SmilesParser",
                "org.openscience.cdk.tools.manipulator.AtomContainerManipulator")) {
            assertNotNull(engine.loadClass(name), name);
        }
    }

    /** The node layer's bundle resolves against the engine, Jackson and Commons CSV bundles, and its classes load. */
    @Test
    @Order(5)
    void theNodeBundleResolvesAndItsClassesLoad() throws Exception {
        Bundle nodes = Arrays.stream(framework.getBundleContext().getBundles())
                .filter(b -> "org.tagllm.knime.nodes".equals(b.getSymbolicName())).findFirst().orElseThrow();
        assertEquals(Bundle.ACTIVE, nodes.getState());
        for (String name : List.of("org.tagllm.knime.nodes.pretrain.DomainPretrainNode",
                "org.tagllm.knime.nodes.train.TagTrainerNode", "org.tagllm.knime.nodes.predict.PredictorNode",
                "org.tagllm.knime.nodes.compose.ComposerNode", "org.tagllm.knime.nodes.port.TagModelPortContent",
                "org.tagllm.knime.nodes.table.CsvTable")) {
            assertEquals(nodes, FrameworkUtil.getBundle(nodes.loadClass(name)), name);
        }
        // Reading a CSV table runs Commons CSV through the bundle's imports.
        Object table = nodes.loadClass("org.tagllm.knime.nodes.table.CsvTable").getMethod("read",
                java.io.Reader.class, String.class, Map.class).invoke(null, new java.io.StringReader("a,b\nCCO,1\n"),
                "t.csv", Map.of());
        assertEquals(1L, table.getClass().getMethod("size").invoke(table));
    }

    /**
     * The node layer's chain (pretrain → trainer → predictor) run by the probe bundle through the node bundle and the
     * registered service, as the KNIME node models run it: every row out, the invalid one with its reason.
     */
    @Test
    @Order(6)
    void theNodeChainRunsInsideTheFrameworkThroughTheService() throws Exception {
        String summary = runProbe(framework.getBundleContext(), "nodes");
        assertTrue(summary.matches("rows=21 predicted=20 failed=1 columns=4 reason0=smiles: invalid SMILES.*"),
                summary);
    }

    /**
     * Another extension installing CDK's own bundles (which split packages) must not capture the engine's CDK
     * imports: they name the merged wrapper. Runs last: it changes the framework.
     */
    @Test
    @Order(8)
    void splitCdkBundlesInstalledBesideDoNotCaptureTheEnginesImports() throws Exception {
        BundleContext context = framework.getBundleContext();
        List<Bundle> foreign = new ArrayList<>();
        try (Stream<Path> jars = Files.list(Path.of("target/foreign-cdk"))) {
            for (Path jar : jars.sorted().toList()) {
                foreign.add(context.installBundle(jar.toUri().toString()));
            }
        }
        for (Bundle b : foreign) {
            b.start();
        }
        Bundle standard = foreign.stream().filter(b -> "org.openscience.cdk.standard".equals(b.getSymbolicName()))
                .findFirst().orElseThrow();
        assertEquals(Bundle.ACTIVE, standard.getState(), "the foreign CDK bundles resolve and export");

        Bundle engine = Arrays.stream(context.getBundles())
                .filter(b -> "org.tagllm.knime.engine".equals(b.getSymbolicName())).findFirst().orElseThrow();
        CountDownLatch refreshed = new CountDownLatch(1);
        framework.adapt(FrameworkWiring.class).refreshBundles(List.of(engine), event -> refreshed.countDown());
        assertTrue(refreshed.await(1, TimeUnit.MINUTES), "refresh did not finish");
        for (BundleWire wire : engine.adapt(BundleWiring.class).getRequiredWires(PackageNamespace.PACKAGE_NAMESPACE)) {
            String pkg = (String) wire.getCapability().getAttributes().get(PackageNamespace.PACKAGE_NAMESPACE);
            if (pkg.startsWith("org.openscience.cdk")) {
                assertEquals("org.tagllm.knime.libs", wire.getProvider().getBundle().getSymbolicName(), pkg);
            }
        }
        assertNotNull(engine.loadClass("org.openscience.cdk.graph.ConnectivityChecker"));
        assertNotNull(engine.loadClass("org.openscience.cdk.graph.Cycles"));

        // The wiring above could also come from install order; the requirement itself must refuse the foreign export.
        BundleCapability foreignGraph = standard.adapt(BundleRevision.class)
                .getDeclaredCapabilities(PackageNamespace.PACKAGE_NAMESPACE).stream()
                .filter(c -> "org.openscience.cdk.graph".equals(c.getAttributes().get(PackageNamespace.PACKAGE_NAMESPACE)))
                .findFirst().orElseThrow();
        BundleRequirement graphImport = engine.adapt(BundleRevision.class)
                .getDeclaredRequirements(PackageNamespace.PACKAGE_NAMESPACE).stream()
                .filter(r -> r.getDirectives().get("filter").contains("(osgi.wiring.package=org.openscience.cdk.graph)"))
                .findFirst().orElseThrow();
        assertFalse(graphImport.matches(foreignGraph), graphImport.getDirectives().get("filter"));
    }

    private static String runProbe(BundleContext context) throws Exception {
        return runProbe(context, "engine");
    }

    private static String runProbe(BundleContext context, String which) throws Exception {
        ServiceReference<?> probe = null;
        for (long deadline = System.currentTimeMillis() + 10_000; probe == null
                && System.currentTimeMillis() < deadline; Thread.sleep(50)) {
            ServiceReference<?>[] probes = context.getServiceReferences(
                    Callable.class.getName(), "(tagllm.probe=" + which + ")");
            probe = probes == null ? null : probes[0];
        }
        assertNotNull(probe, "probe not registered; components: " + components(context) + "\nstates: "
                + states(installed));
        List<Path> before = scratchFolders();
        String summary = String.valueOf(((Callable<?>) context.getService(probe)).call());
        System.out.println("probe: " + summary);
        assertEquals(before, scratchFolders(), "the probe removes its scratch folder from the system temp folder");
        return summary;
    }

    private static List<Path> scratchFolders() throws IOException {
        try (Stream<Path> list = Files.list(Path.of(System.getProperty("java.io.tmpdir")))) {
            return list.filter(p -> p.getFileName().toString().startsWith("tagllm-osgi-")).sorted().toList();
        }
    }

    private static List<Bundle> installAndStart(BundleContext context) throws Exception {
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
        return installed;
    }

    /** What SCR knows about every component (name, state, failure), read through its runtime service. */
    private static String components(BundleContext context) throws Exception {
        ServiceReference<?> reference =
                service(context, "org.osgi.service.component.runtime.ServiceComponentRuntime", 0);
        if (reference == null) {
            StringBuilder services = new StringBuilder("no ServiceComponentRuntime registered; services:");
            for (ServiceReference<?> any : context.getAllServiceReferences(null, null)) {
                services.append(' ').append(Arrays.toString((String[]) any.getProperty(Constants.OBJECTCLASS)))
                        .append('@').append(any.getBundle().getSymbolicName());
            }
            return services.toString();
        }
        Object scr = context.getService(reference);
        Class<?> api = reference.getBundle().loadClass("org.osgi.service.component.runtime.ServiceComponentRuntime");
        StringBuilder out = new StringBuilder();
        for (Object description : (Iterable<?>) api.getMethod("getComponentDescriptionDTOs", Bundle[].class)
                .invoke(scr, (Object) new Bundle[0])) {
            out.append("\n").append(description.getClass().getField("name").get(description))
                    .append(" enabled=").append(api.getMethod("isComponentEnabled", description.getClass())
                            .invoke(scr, description));
            for (Object configuration : (Iterable<?>) api.getMethod("getComponentConfigurationDTOs",
                    description.getClass()).invoke(scr, description)) {
                out.append(" state=").append(configuration.getClass().getField("state").get(configuration))
                        .append(" failure=").append(configuration.getClass().getField("failure").get(configuration));
            }
        }
        return out.length() == 0 ? "SCR knows no component" : out.toString();
    }

    private static String states(List<Bundle> bundles) {
        StringBuilder states = new StringBuilder();
        for (Bundle bundle : bundles) {
            states.append('\n').append(bundle.getSymbolicName()).append('=').append(bundle.getState());
        }
        return states.toString();
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

    /** The service registered under {@code name}, waiting up to {@code millis} for SCR to register it. */
    static ServiceReference<?> service(BundleContext context, String name, long millis) throws Exception {
        long deadline = System.currentTimeMillis() + millis;
        ServiceReference<?> reference = context.getServiceReference(name);
        while (reference == null && System.currentTimeMillis() < deadline) {
            Thread.sleep(50);
            reference = context.getServiceReference(name);
        }
        return reference;
    }
}
