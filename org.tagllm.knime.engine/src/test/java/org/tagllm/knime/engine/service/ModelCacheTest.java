package org.tagllm.knime.engine.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tagllm.knime.engine.LocalModel;
import org.tagllm.knime.engine.demo.DemoModel;

/** Reference counts, idle release on an injected clock, and release of everything on close. */
class ModelCacheTest {

    @TempDir
    static Path tmp;

    static Path modelDir;

    @BeforeAll
    static void setUp() throws Exception {
        modelDir = DemoModel.ensure(tmp.resolve("demo"));
    }

    @Test
    void anUnreferencedModelIsReleasedAfterTheIdleTimeoutOnly() throws Exception {
        ServiceFixture.ManualClock clock = new ServiceFixture.ManualClock();
        try (ModelCache cache = new ModelCache(Duration.ofMinutes(5), clock)) {
            ModelCache.Lease a = cache.acquire(modelDir, "cpu");
            ModelCache.Lease b = cache.acquire(modelDir, "cpu");
            assertSame(a.model(), b.model());
            a.close();
            clock.advance(Duration.ofMinutes(10));
            assertEquals(0, cache.evictIdle(), "a model still held must stay");
            b.close();
            clock.advance(Duration.ofMinutes(4));
            assertEquals(0, cache.evictIdle(), "idle for 4 of 5 minutes");
            clock.advance(Duration.ofMinutes(1));
            assertEquals(1, cache.evictIdle());
            assertTrue(cache.loaded().isEmpty());
            assertEquals(1, cache.loads());
            assertEquals(1, cache.hits());
            assertEquals(2, cache.releases());
            assertEquals(1, cache.unloads());

            try (ModelCache.Lease c = cache.acquire(modelDir, "cpu")) {
                assertEquals(2, cache.loads(), "released, so loaded again");
            }
        }
    }

    @Test
    void closeReleasesEveryModelAndRefusesMore() throws Exception {
        ServiceFixture.ManualClock clock = new ServiceFixture.ManualClock();
        // No GPU here: the second key's copy is loaded on CPU, which is all this test needs of it.
        ModelCache cache = new ModelCache(Duration.ofHours(1), clock, (dir, device, precision) -> LocalModel.open(dir),
                MemoryBudget.system());
        cache.acquire(modelDir, "cpu").close();
        ModelCache.Lease held = cache.acquire(modelDir, "cuda:0"); // another device key, another copy
        assertEquals(2, cache.loaded().size());
        cache.close();
        assertEquals(2, cache.unloads());
        assertTrue(cache.loaded().isEmpty());
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> cache.acquire(modelDir, "cpu"));
        assertTrue(e.getMessage().contains("closed"), e.getMessage());
        assertEquals(2, cache.loads());
        assertEquals("cuda:0", held.key().device());
    }

    @Test
    void theEngineReleasesAModelAfterItsJobsWhenIdleAndAllOnClose() throws Exception {
        ServiceFixture fixture = ServiceFixture.create(tmp.resolve("engine"));
        ServiceFixture.ManualClock clock = new ServiceFixture.ManualClock();
        LocalTagEngine engine = LocalTagEngine.builder().optClock(clock).optIdleTimeout(Duration.ofMinutes(5))
                .build();
        try {
            engine.submit(fixture.predictionJob("cpu", fixture.table)).await(Duration.ofMinutes(2));
            assertEquals(1, engine.cache().loaded().size());
            clock.advance(Duration.ofMinutes(5));
            assertEquals(1, engine.cache().evictIdle());
            assertEquals(1, engine.cache().unloads());

            engine.submit(fixture.predictionJob("cpu", fixture.table)).await(Duration.ofMinutes(2));
            assertEquals(2, engine.cache().loads());
        } finally {
            engine.close();
        }
        assertEquals(2, engine.cache().unloads(), "close released the model loaded again");
        assertThrows(IllegalStateException.class, () -> engine.submit(fixture.predictionJob("cpu", fixture.table)));
    }

    @Test
    void aFolderThatIsNoModelFailsTheJobWithItsPath() throws Exception {
        try (LocalTagEngine engine = LocalTagEngine.builder().build()) {
            ServiceFixture fixture = ServiceFixture.create(tmp.resolve("broken"));
            Path notAModel = tmp.resolve("empty");
            java.nio.file.Files.createDirectories(notAModel);
            PredictionJob job = new PredictionJob(notAModel, "cpu", fixture.bank, null,
                    org.tagllm.knime.engine.method.DataSource.of(fixture.table), 48, 8);
            JobHandle<?> h = engine.submit(job);
            JobFailedException e = assertThrows(JobFailedException.class, h::await);
            assertEquals(JobState.FAILED, h.state());
            assertTrue(e.getMessage().contains("prediction"), e.getMessage());
            assertTrue(e.getCause() != null && e.getCause().getMessage().contains("empty"),
                    String.valueOf(e.getCause()));
        }
    }


    @Test
    void aThrowingListenerIsReportedAndTheJobGoesOn() throws Exception {
        ServiceFixture fixture = ServiceFixture.create(tmp.resolve("listener"));
        java.util.List<String> warnings = new java.util.concurrent.CopyOnWriteArrayList<>();
        try (LocalTagEngine engine = LocalTagEngine.builder().optWarnings(warnings::add).build()) {
            JobHandle<?> h = engine.submit(fixture.predictionJob("cpu", fixture.table), new JobListener() {
                @Override
                public void onProgress(JobProgress p) {
                    throw new IllegalStateException("display gone");
                }
            });
            h.await(Duration.ofMinutes(1));
            assertEquals(JobState.DONE, h.state());
            assertTrue(!warnings.isEmpty() && warnings.get(0).contains("display gone"), warnings.toString());
        }
    }

    @Test
    void aChangedWeightsFileIsFingerprintedAndLoadedAnew() throws Exception {
        Path dir = DemoModel.ensure(tmp.resolve("changing"));
        try (ModelCache cache = new ModelCache(Duration.ZERO, new ServiceFixture.ManualClock())) {
            try (ModelCache.Lease a = cache.acquire(dir, "cpu"); ModelCache.Lease b = cache.acquire(dir, "cpu")) {
                assertEquals(1, cache.fingerprintsComputed(), "an unchanged folder is hashed once");
            }
            assertEquals(1, cache.unloads(), "an idle timeout of zero releases at once");
            Path config = dir.resolve("config.json");
            java.nio.file.Files.setLastModifiedTime(config, java.nio.file.attribute.FileTime.fromMillis(
                    java.nio.file.Files.getLastModifiedTime(config).toMillis() + 60_000));
            cache.acquire(dir, "cpu").close();
            assertEquals(2, cache.fingerprintsComputed(), "a touched file means hashing again");
        }
    }
}
