package org.tagllm.knime.engine.service;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Device;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tagllm.knime.engine.method.TagPredictor;
import org.tagllm.knime.engine.runtime.DjlRuntime;

/** A GPU asked for but absent means CPU and a warning, not a failure. */
class DeviceFallbackTest {

    @TempDir
    Path tmp;

    @Test
    void cudaWithoutAGpuFallsBackToCpuWithAWarning() throws Exception {
        // This machine has no GPU; DJL's count is the real one.
        assertEquals(0, DjlRuntime.engine().getGpuCount(), "the test assumes a machine without CUDA");
        ServiceFixture fixture = ServiceFixture.create(tmp);
        List<String> warnings = new CopyOnWriteArrayList<>();
        try (LocalTagEngine engine = LocalTagEngine.builder().optWarnings(warnings::add).build()) {
            JobHandle<TagPredictor.Result> job = engine.submit(fixture.predictionJob("cuda:0", fixture.table));
            assertEquals("cpu", job.device().orElseThrow());
            TagPredictor.Result onGpu = job.await(Duration.ofMinutes(2));
            assertEquals(1, warnings.size(), warnings.toString());
            assertTrue(warnings.get(0).contains("cuda:0") && warnings.get(0).contains("cpu"), warnings.get(0));
            assertEquals("cpu", engine.cache().loaded().get(0).device());

            TagPredictor.Result onCpu = engine.submit(fixture.predictionJob("cpu", fixture.table))
                    .await(Duration.ofMinutes(2));
            assertEquals(1, engine.cache().loads(), "cuda:0 fell back to the same cpu model");
            for (int i = 0; i < onCpu.predictions().size(); i++) {
                assertArrayEquals(onCpu.predictions().get(i).values(), onGpu.predictions().get(i).values());
            }
        }
    }

    @Test
    void aPresentGpuIsKeptAndMapsToDjlsDevice() {
        List<String> warnings = new CopyOnWriteArrayList<>();
        assertEquals("cuda:1", Devices.resolve("CUDA:1", () -> 2, warnings::add));
        assertEquals(Device.gpu(1), Devices.toDjl("cuda:1"));
        assertEquals(Device.cpu(), Devices.toDjl(Devices.resolve("cpu", () -> 0, warnings::add)));
        assertEquals("cpu", Devices.resolve("cuda:2", () -> 2, warnings::add));
        assertEquals(1, warnings.size());
        assertTrue(warnings.get(0).contains("only 2"), warnings.get(0));
    }

    @Test
    void anUnknownDeviceIsRefusedWithItsName() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Devices.resolve("tpu", () -> 0, WarningListener.NONE));
        assertTrue(e.getMessage().contains("'tpu'"), e.getMessage());
    }
}
