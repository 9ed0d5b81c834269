package org.tagllm.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.tagllm.knime.engine.runtime.DjlRuntime;

/** {@code doctor}: engine, libtorch version and flavour, threads, devices, native folder, the GPU recipe. */
class DoctorCommandTest {

    @Test
    void namesTheRuntimeTheDevicesAndTheGpuRecipe() {
        CliRun r = CliRun.of("doctor");
        assertEquals(0, r.exitCode(), r::toString);
        String out = r.out();
        assertTrue(out.matches("(?s).*libtorch\\s+" + DjlRuntime.engine().getVersion().replace(".", "\\.")
                + ", native .*cpu.*"), out);
        assertTrue(out.matches("(?s).*threads\\s+\\d+ intra-op, \\d+ inter-op.*"), out);
        assertTrue(out.matches("(?s).*devices\\s+cpu: [0-9.]+ [KMG]iB available.*"), out);
        assertTrue(out.contains("native cache") && out.contains("ENGINE_CACHE_DIR"), out);
        assertTrue(out.contains("PYTORCH_FLAVOR=cu128") && out.contains("--device cuda:0"), out);
        assertTrue(out.contains("offline"), out);
    }
}
