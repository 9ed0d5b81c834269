package org.tagllm.knime.engine.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tagllm.knime.engine.LocalModel;
import org.tagllm.knime.engine.config.ModelConfig;
import org.tagllm.knime.engine.demo.DemoModel;
import org.tagllm.knime.engine.memory.MemoryEstimate;
import org.tagllm.knime.engine.memory.MemoryPlan;
import org.tagllm.knime.engine.model.WeightPrecision;
import org.tagllm.knime.engine.safetensors.DType;
import org.tagllm.knime.engine.synthetic.RandomModelFolder;

/** The memory check before a load: estimated from the headers, refused with a clear message, idle models make room. */
class MemoryBudgetTest {

    @TempDir
    static Path tmp;

    static Path first;
    static Path second;
    static ModelFootprint footprint;
    /** bf16 files, 6 layers: keeping its weights as stored saves memory, so its ways differ in precision. */
    static Path half;

    @BeforeAll
    static void setUp() throws Exception {
        first = DemoModel.ensure(tmp.resolve("first"));
        second = DemoModel.ensure(tmp.resolve("second"));
        footprint = ModelFootprint.of(first);
        half = tmp.resolve("half");
        RandomModelFolder.write(ModelConfig.llama(64, 128, 6, 4, 2, 400, 512, true), Map.of(), DType.BF16, 1,
                1L << 30, half);
    }

    @Test
    void theFootprintIsTheCommandLinesEstimateForTheServiceWorkload() throws Exception {
        // Counted by hand from the LLaMA layout: tied embedding, per layer q, k, v, o, gate, up, down and two norms.
        ModelConfig c = DemoModel.config();
        long d = c.hiddenSize();
        long kv = (long) c.numKvHeads() * c.headDim();
        long perLayer = d * d + 2 * d * kv + d * d + 3 * d * c.intermediateSize() + 2 * d;
        long expected = (long) c.vocabSize() * d + c.numLayers() * perLayer + d;
        assertEquals(expected, footprint.parameters());
        // Room unknown: float32, plain backward, as the command line would load it.
        MemoryEstimate cli = MemoryEstimate.of(first, WeightPrecision.FLOAT32, ModelFootprint.WORKLOAD);
        assertEquals(cli.totalBytes(), footprint.bytes());
        assertEquals(4 * expected, cli.weightBytes());
    }

    /**
     * A bf16 model (6 layers, so that keeping it as stored saves memory) in a room where float32 weights and plain
     * backward do not fit but stored weights recomputing blocks do: the cache loads it that way instead of refusing,
     * as the command line would; one byte less and it is refused naming the estimate.
     */
    @Test
    void aHalfPrecisionModelIsLoadedAsStoredAndRecomputingWhenOnlyThatFits() throws Exception {
        ModelConfig c = ModelConfig.llama(64, 128, 6, 4, 2, 400, 512, true);
        Path bf16 = tmp.resolve("bf16");
        RandomModelFolder.write(c, Map.of(), DType.BF16, 1, 1L << 30, bf16);
        MemoryEstimate frugal = MemoryEstimate.of(bf16, WeightPrecision.STORED,
                ModelFootprint.WORKLOAD.withRecompute(true));
        for (MemoryEstimate e : MemoryPlan.candidates(bf16, ModelFootprint.WORKLOAD)) {
            assertTrue(e.equals(frugal) || e.totalBytes() > frugal.totalBytes(), e.describe());
        }
        List<WeightPrecision> loadedAs = new ArrayList<>();
        ModelCache.Loader loader = (dir, device, precision) -> {
            loadedAs.add(precision);
            return LocalModel.open(dir, ai.djl.Device.cpu(), precision);
        };
        try (ModelCache cache = new ModelCache(Duration.ofHours(1), new ServiceFixture.ManualClock(), loader,
                new MemoryBudget(frugal.totalBytes(), d -> DeviceMemory.UNKNOWN));
                ModelCache.Lease lease = cache.acquire(bf16, "cpu")) {
            assertEquals(List.of(WeightPrecision.STORED), loadedAs);
            assertTrue(lease.model().decoder().recomputesInBackward());
        }
        try (ModelCache cache = new ModelCache(Duration.ofHours(1), new ServiceFixture.ManualClock(), loader,
                new MemoryBudget(frugal.totalBytes() - 1, d -> DeviceMemory.UNKNOWN))) {
            InsufficientMemoryException e = assertThrows(InsufficientMemoryException.class,
                    () -> cache.acquire(bf16, "cpu"));
            assertTrue(e.getMessage().contains(frugal.describe()), e.getMessage());
            assertEquals(frugal.totalBytes(), e.requiredBytes());
        }
    }

    /**
     * The runtime allowance in every estimate (JVM, libtorch's code, allocator slack) exists once per process: two
     * models that fit together when it is counted once both stay cached, the second loaded as the first (float32,
     * plain backward); one byte less and the idle first is closed for the second rather than the second slowed.
     */
    @Test
    void twoCachedModelsCountTheRuntimeAllowanceOnce() throws Exception {
        long together = 2 * footprint.bytes() - MemoryEstimate.RUNTIME_BYTES;
        List<WeightPrecision> loadedAs = new ArrayList<>();
        try (ModelCache cache = recordingCache(together, loadedAs)) {
            cache.acquire(first, "cpu").close();
            try (ModelCache.Lease b = cache.acquire(second, "cpu")) {
                assertEquals(0, cache.evictedForRoom());
                assertEquals(2, cache.loaded().size());
                assertEquals(List.of(WeightPrecision.FLOAT32, WeightPrecision.FLOAT32), loadedAs);
                assertFalse(b.model().decoder().recomputesInBackward());
            }
        }
        try (ModelCache cache = recordingCache(together - 1, loadedAs)) {
            cache.acquire(first, "cpu").close();
            try (ModelCache.Lease b = cache.acquire(second, "cpu")) {
                assertEquals(1, cache.evictedForRoom());
                assertEquals(List.of(second.toAbsolutePath().normalize()),
                        cache.loaded().stream().map(ModelCache.Key::dir).toList());
                assertFalse(b.model().decoder().recomputesInBackward());
            }
        }
    }

    /**
     * The way to load is chosen for the room there is once idle models are closed: with a model in use and an idle
     * one filling the rest, a bf16 model is loaded with float32 weights and plain backward (exactly what fits beside
     * the model in use), the idle model is closed for it and the one in use is not.
     */
    @Test
    void aNewModelIsLoadedTheWayThatFitsOnceIdleModelsAreClosedButNotThoseInUse() throws Exception {
        MemoryEstimate wide = MemoryEstimate.of(half, WeightPrecision.FLOAT32, ModelFootprint.WORKLOAD);
        assertEquals(wide, MemoryPlan.candidates(half, ModelFootprint.WORKLOAD).get(0), "the preferred way");
        List<WeightPrecision> loadedAs = new ArrayList<>();
        try (ModelCache cache = recordingCache(footprint.bytes() + wide.totalBytes() - MemoryEstimate.RUNTIME_BYTES,
                loadedAs);
                ModelCache.Lease inUse = cache.acquire(first, "cpu")) {
            cache.acquire(second, "cpu").close();
            try (ModelCache.Lease c = cache.acquire(half, "cpu")) {
                assertEquals(WeightPrecision.FLOAT32, loadedAs.get(2));
                assertFalse(c.model().decoder().recomputesInBackward());
                assertEquals(1, cache.evictedForRoom());
                assertEquals(List.of(first.toAbsolutePath().normalize(), half.toAbsolutePath().normalize()),
                        cache.loaded().stream().map(ModelCache.Key::dir).toList());
                assertEquals(1, cache.unloads());
            }
        }
    }

    /**
     * When even the most frugal way does not fit once idle models are closed, the load is refused naming that
     * estimate and the room, and the idle model is not closed in vain.
     */
    @Test
    void whatDoesNotFitEvenWithIdleModelsClosedIsRefusedWithoutClosingThem() throws Exception {
        MemoryEstimate frugal = MemoryEstimate.of(second, WeightPrecision.FLOAT32,
                ModelFootprint.WORKLOAD.withRecompute(true));
        long need = frugal.totalBytes() - MemoryEstimate.RUNTIME_BYTES; // the model in use counts the runtime
        MemoryEstimate halfFrugal = MemoryEstimate.of(half, WeightPrecision.STORED,
                ModelFootprint.WORKLOAD.withRecompute(true));
        assertTrue(halfFrugal.totalBytes() - MemoryEstimate.RUNTIME_BYTES < need - 1, "the idle model fits beside");
        List<WeightPrecision> loadedAs = new ArrayList<>();
        try (ModelCache cache = recordingCache(footprint.bytes() + need - 1, loadedAs);
                ModelCache.Lease inUse = cache.acquire(first, "cpu")) {
            cache.acquire(half, "cpu").close();
            InsufficientMemoryException e = assertThrows(InsufficientMemoryException.class,
                    () -> cache.acquire(second, "cpu"));
            assertEquals(need, e.requiredBytes());
            assertEquals(need - 1, e.availableBytes());
            assertTrue(e.getMessage().contains(frugal.describe())
                    && e.getMessage().contains("only " + MemoryBudget.format(need - 1) + " is left"), e.getMessage());
            assertEquals(0, cache.evictedForRoom());
            assertEquals(2, cache.loaded().size());
        }
    }

    /**
     * The device's own figure rises by less than was reserved for an idle model when it closes (its working set was
     * not held while idle): the new model then takes the best way that fits what the device really has after the
     * eviction, instead of being refused for the way chosen beforehand. Simulated device: loading the idle model takes
     * all it has; closing it gives back just enough for the new model recomputing blocks, not for plain backward.
     */
    @Test
    void whenAnIdleModelGivesBackLessThanReservedTheBestWayThatFitsAfterwardsIsTaken() throws Exception {
        Path big = tmp.resolve("big"); // 48 layers: its training working set is reserved more than a demo model's
        RandomModelFolder.write(ModelConfig.llama(64, 128, 48, 4, 2, 400, 512, true), Map.of(), DType.BF16, 1,
                1L << 30, big);
        long bigTotal = MemoryEstimate.of(big, WeightPrecision.FLOAT32, ModelFootprint.WORKLOAD).totalBytes();
        assertTrue(bigTotal - MemoryEstimate.RUNTIME_BYTES >= footprint.bytes(), "closing it seems to make room");
        long givenBack = MemoryEstimate.of(second, WeightPrecision.FLOAT32,
                ModelFootprint.WORKLOAD.withRecompute(true)).totalBytes();
        AtomicReference<ModelCache> ref = new AtomicReference<>();
        DeviceMemory device = d -> bigTotal - (ref.get().loads() > 0 ? bigTotal : 0)
                + (ref.get().unloads() > 0 ? givenBack : 0);
        List<WeightPrecision> loadedAs = new ArrayList<>();
        try (ModelCache cache = new ModelCache(Duration.ofHours(1), new ServiceFixture.ManualClock(),
                (dir, dev, precision) -> {
                    loadedAs.add(precision);
                    return LocalModel.open(dir, ai.djl.Device.cpu(), precision);
                }, new MemoryBudget(MemoryBudget.NO_LIMIT, device))) {
            ref.set(cache);
            cache.acquire(big, "cpu").close();
            assertEquals(List.of(WeightPrecision.FLOAT32), loadedAs);
            try (ModelCache.Lease b = cache.acquire(second, "cpu")) {
                assertTrue(b.model().decoder().recomputesInBackward());
                assertEquals(1, cache.evictedForRoom());
                assertEquals(List.of(second.toAbsolutePath().normalize()),
                        cache.loaded().stream().map(ModelCache.Key::dir).toList());
            }
        }
    }

    @Test
    void memAvailableIsReadFromProcMeminfo() {
        List<String> meminfo = List.of("MemTotal:       24576000 kB", "MemFree:          123456 kB",
                "MemAvailable:   20000000 kB", "Buffers:            1000 kB");
        assertEquals(20_000_000L, DeviceMemory.memAvailableKib(meminfo));
        assertEquals(-1, DeviceMemory.memAvailableKib(List.of("MemTotal: 1 kB")));
    }

    @Test
    void aModelLargerThanTheLimitIsRefusedBeforeAnythingLoads() throws Exception {
        AtomicInteger loads = new AtomicInteger();
        // The demo model's files are float32: its most frugal way is float32 weights recomputing blocks in backward.
        MemoryEstimate frugal = MemoryEstimate.of(first, WeightPrecision.FLOAT32,
                ModelFootprint.WORKLOAD.withRecompute(true));
        assertTrue(frugal.totalBytes() < footprint.bytes());
        try (ModelCache cache = cache(frugal.totalBytes() - 1, d -> DeviceMemory.UNKNOWN, loads)) {
            InsufficientMemoryException e = assertThrows(InsufficientMemoryException.class,
                    () -> cache.acquire(first, "cpu"));
            assertEquals(0, loads.get(), "refused before the loader ran");
            assertEquals(0, cache.loads());
            assertEquals(frugal.totalBytes(), e.requiredBytes());
            assertEquals(frugal.totalBytes() - 1, e.availableBytes());
            assertTrue(e.getMessage().contains(first.toString()) && e.getMessage().contains("needs about")
                    && e.getMessage().contains(frugal.describe()) && e.getMessage().contains("memory limit"),
                    e.getMessage());
        }
    }

    @Test
    void theDevicesOwnFigureBindsWhenItIsSmaller() throws Exception {
        AtomicInteger loads = new AtomicInteger();
        try (ModelCache cache = cache(MemoryBudget.NO_LIMIT, d -> footprint.bytes() / 2, loads)) {
            InsufficientMemoryException e = assertThrows(InsufficientMemoryException.class,
                    () -> cache.acquire(first, "cpu"));
            assertTrue(e.getMessage().contains("the memory cpu has available"), e.getMessage());
            assertEquals(0, loads.get());
        }
        try (ModelCache cache = cache(MemoryBudget.NO_LIMIT, d -> footprint.bytes(), loads)) {
            cache.acquire(first, "cpu").close();
            assertEquals(1, loads.get(), "exactly enough is enough");
        }
    }

    @Test
    void anIdleModelIsClosedEarlyToMakeRoomButAHeldOneIsNot() throws Exception {
        AtomicInteger loads = new AtomicInteger();
        // Room for one model, not two (not even the second recomputing); idle models would otherwise stay for an hour.
        long frugalShare = MemoryEstimate.of(first, WeightPrecision.FLOAT32,
                ModelFootprint.WORKLOAD.withRecompute(true)).totalBytes() - MemoryEstimate.RUNTIME_BYTES;
        try (ModelCache cache = cache(footprint.bytes() + frugalShare - 1, d -> DeviceMemory.UNKNOWN, loads)) {
            cache.acquire(first, "cpu").close();
            try (ModelCache.Lease b = cache.acquire(second, "cpu")) {
                assertEquals(1, cache.evictedForRoom());
                assertEquals(List.of(second.toAbsolutePath().normalize()),
                        cache.loaded().stream().map(ModelCache.Key::dir).toList());

                InsufficientMemoryException e = assertThrows(InsufficientMemoryException.class,
                        () -> cache.acquire(first, "cpu"));
                assertTrue(e.getMessage().contains("models in use there: second (") && e.getMessage()
                        .contains("1 job)"), e.getMessage());
                assertEquals(2, loads.get());
            }
        }
    }

    @Test
    void anEngineJobFailsWithTheMemoryErrorAsItsCause() throws Exception {
        ServiceFixture fixture = ServiceFixture.create(tmp.resolve("engine"));
        try (LocalTagEngine engine = LocalTagEngine.builder().optMemoryLimit(footprint.bytes() / 2).build()) {
            JobFailedException e = assertThrows(JobFailedException.class,
                    () -> engine.submit(fixture.predictionJob("cpu", fixture.table)).await(Duration.ofMinutes(1)));
            assertInstanceOf(InsufficientMemoryException.class, e.getCause());
            assertTrue(e.getMessage().contains("not enough memory"), e.getMessage());
            assertEquals(0, engine.cache().loads());
        }
    }

    @Test
    void bytesAreShownInBinaryUnits() {
        assertEquals("512 bytes", MemoryBudget.format(512));
        assertEquals("1.5 KiB", MemoryBudget.format(1536));
        assertEquals("13.5 GiB", MemoryBudget.format((long) (13.5 * (1L << 30))));
    }

    /** A cache under {@code limit} whose loads note the precision asked for. */
    private static ModelCache recordingCache(long limit, List<WeightPrecision> loadedAs) {
        return new ModelCache(Duration.ofHours(1), new ServiceFixture.ManualClock(), (dir, device, precision) -> {
            loadedAs.add(precision);
            return LocalModel.open(dir, ai.djl.Device.cpu(), precision);
        }, new MemoryBudget(limit, d -> DeviceMemory.UNKNOWN));
    }

    private static ModelCache cache(long limit, DeviceMemory memory, AtomicInteger loads) {
        return new ModelCache(Duration.ofHours(1), new ServiceFixture.ManualClock(), (dir, device, precision) -> {
            loads.incrementAndGet();
            return LocalModel.open(dir);
        }, new MemoryBudget(limit, memory));
    }
}
