package org.tagllm.knime.engine.service;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.tagllm.knime.engine.bank.TagBank;
import org.tagllm.knime.engine.method.TagPredictor;

/** Predictions sharing one cached model give the same bits as run one by one, and the model loads once. */
class ConcurrentPredictionTest extends WithServiceFixture {

    static List<Path> tables = new ArrayList<>();

    @BeforeAll
    static void writeTables() throws Exception {
        for (int i = 0; i < 8; i++) {
            tables.add(Files.writeString(tmp.resolve("rows-" + i + ".csv"), ServiceFixture.carbonTable(24, 100 + i)));
        }
    }

    @Test
    void aCompositionJobNeedsNoModel() throws Exception {
        try (LocalTagEngine engine = LocalTagEngine.builder().build()) {
            TagBank composed = engine.submit(new CompositionJob(List.of(fixture.domainBank), fixture.bank,
                    "<Carbons>")).await(Duration.ofMinutes(1));
            assertArrayEquals(fixture.bank.tag("<SMILES>").values(), composed.tag("<SMILES>").values());
            assertEquals(0, engine.cache().loads());
        }
    }

    @Test
    void eightConcurrentPredictionsMatchSequentialOnesBitForBit() throws Exception {
        List<TagPredictor.Result> sequential = new ArrayList<>();
        try (LocalTagEngine engine = LocalTagEngine.builder().optThreads(1).build()) {
            for (Path t : tables) {
                sequential.add(engine.submit(fixture.predictionJob("cpu", t)).await());
            }
        }
        try (LocalTagEngine engine = LocalTagEngine.builder().optThreads(8).build()) {
            // Every job, once running, waits for all eight to run: then they predict at the same time.
            RunningTogether meet = new RunningTogether(tables.size(), Duration.ofMinutes(1));
            List<JobHandle<TagPredictor.Result>> jobs = new ArrayList<>();
            for (Path t : tables) {
                jobs.add(engine.submit(fixture.predictionJob("cpu", t), meet));
            }
            for (int j = 0; j < jobs.size(); j++) {
                List<TagPredictor.Prediction> got = jobs.get(j).await(Duration.ofMinutes(2)).predictions();
                List<TagPredictor.Prediction> want = sequential.get(j).predictions();
                assertEquals(want.size(), got.size(), "job " + j);
                for (int i = 0; i < want.size(); i++) {
                    assertArrayEquals(want.get(i).values(), got.get(i).values(), "job " + j + ", row " + i);
                }
                assertEquals(JobState.DONE, jobs.get(j).state());
            }
            assertTrue(meet.met(), "the eight predictions did not all run at once");
            ModelCache cache = engine.cache();
            assertEquals(1, cache.loads(), "the model must load once");
            assertEquals(7, cache.hits());
            assertEquals(8, cache.releases());
        }
    }
}
