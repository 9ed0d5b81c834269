package org.tagllm.knime.engine.evaluate;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.tagllm.knime.engine.BaseWeightBits;
import org.tagllm.knime.engine.OnTheDemoModel;
import org.tagllm.knime.engine.bank.Provenance;
import org.tagllm.knime.engine.bank.TagBank;
import org.tagllm.knime.engine.chem.MoleculeOptions;
import org.tagllm.knime.engine.chem.MoleculeStandardizer;
import org.tagllm.knime.engine.evaluate.ZeroShotExperiment.Arm;
import org.tagllm.knime.engine.evaluate.ZeroShotExperiment.SeedResult;

/**
 * The zero-shot experiment end to end on the demo model (tiny, random weights) with tiny sizes: its structure, not its
 * scientific outcome, which a random model cannot show.
 */
class ZeroShotExperimentTest extends OnTheDemoModel {

    static ZeroShotExperiment.Data data;
    static ZeroShotExperiment.Result result;
    static final List<String> steps = Collections.synchronizedList(new ArrayList<>());

    static ZeroShotExperiment.Settings tiny() {
        return ZeroShotExperiment.Settings.builder().setSeeds(List.of(3L, 4L)).optVectors(2).optStage1Examples(24)
                .optStage1HeldOut(8).optStage1Steps(3).optStage1LearningRate(3e-2).optStage1MaxTokens(48)
                .optTrainRows(32).optValidRows(8).optTestRows(16).optEpochs(1).optLearningRate(1e-2).optMaxTokens(64)
                .optBatchSize(8).build();
    }

    @BeforeAll
    static void run() throws Exception {
        Path corpus = Files.writeString(tmp.resolve("smiles.txt"), corpus(60, 1));
        Path table = Files.writeString(tmp.resolve("qed.csv"), table(200, 2));
        data = new ZeroShotExperiment.Data(corpus, table, "smiles", "qed");
        result = ZeroShotExperiment.run(model, data, tiny(), tmp.resolve("out"), step -> {
            steps.add(step);
            return org.tagllm.knime.engine.train.ProgressListener.NONE;
        }, () -> false);
    }

    @Test
    void everySeedHasEveryArmWithFiniteErrors() {
        assertEquals(List.of(3L, 4L), result.seeds().stream().map(SeedResult::seed).toList());
        for (SeedResult r : result.seeds()) {
            assertEquals(List.of(Arm.values()), List.copyOf(r.metrics().keySet()));
            for (Arm arm : Arm.values()) {
                Map<String, Double> m = r.metrics().get(arm);
                assertTrue(Double.isFinite(m.get("mse")) && m.get("mse") >= 0, arm + ": " + m);
                if (arm != Arm.MEAN) {
                    assertTrue(Double.isFinite(m.get("pearson")) && Double.isFinite(m.get("spearman")), arm + ": " + m);
                } else {
                    assertEquals(0.0, m.get("pearson"), 0, "a constant correlates 0 by Metrics' convention: " + m);
                }
            }
            assertEquals(16, r.testRows());
            assertEquals(32, r.trainRows());
            assertEquals(8, r.validRows());
            assertEquals(4, r.gaps().size());
            r.gaps().forEach((arm, g) -> assertTrue(g.low() <= g.estimate() && g.estimate() <= g.high(),
                    arm + ": " + g));
            assertEquals(List.of("<SMILES>", "<RandSMILES>"), r.domainLosses().stream()
                    .map(ZeroShotExperiment.DomainLoss::tag).toList());
            r.domainLosses().forEach(l -> assertTrue(Double.isFinite(l.trained()), l.toString()));
            assertTrue(Math.abs(r.drift().updateCosine()) <= 1 + 1e-9 && r.drift().relativeDistance() >= 0,
                    r.drift().toString());
        }
        for (Arm arm : Arm.values()) {
            ZeroShotExperiment.Summary mse = result.summary().get(arm).get("mse");
            assertEquals(2, mse.n());
            assertTrue(Double.isFinite(mse.mean()) && Double.isFinite(mse.std()), arm + ": " + mse);
        }
        assertTrue(steps.stream().anyMatch(s -> s.contains("stage 1 <RandSMILES>")), steps.toString());
        assertTrue(steps.stream().anyMatch(s -> s.contains("stage 2 <QED>")), steps.toString());
    }

    @Test
    void theBaseModelIsUntouched() {
        BaseWeightBits.assertIdentical(baseBits, BaseWeightBits.of(model.decoder().weights()));
    }

    @Test
    void theComposedBankPairsTheTrainedTagsUnchangedAndSaysItIsZeroShot() throws Exception {
        Path dir = result.seeds().get(0).dir();
        TagBank composed = TagBank.read(dir.resolve("composed.bank"));
        TagBank domain = TagBank.read(dir.resolve("randsmiles.bank"));
        TagBank function = TagBank.read(dir.resolve("qed.bank"));
        assertArrayEquals(domain.tag("<RandSMILES>").values(), composed.tag("<RandSMILES>").values());
        assertArrayEquals(function.tag("<QED>").values(), composed.tag("<QED>").values());
        assertEquals(function.head("<QED>").orElseThrow(), composed.head("<QED>").orElseThrow());
        assertFalse(composed.hasTag("<SMILES>"), "the canonical tag must not come along");
        assertEquals(List.of("<RandSMILES>"), List.copyOf(composed.task("<QED>").orElseThrow().domainTags()));
        List<Provenance> history = composed.manifest().provenance();
        assertTrue(history.get(history.size() - 1).zeroShot(), "the pairing must be recorded as zero-shot");
        // The function bank keeps the canonical tag it was trained with, as stage 2 left it.
        assertArrayEquals(TagBank.read(dir.resolve("smiles.bank")).tag("<SMILES>").values(),
                function.tag("<SMILES>").values());
    }

    @Test
    void theUntrainedControlIsThePapersInitialisation() throws Exception {
        Path dir = result.seeds().get(0).dir();
        float[] untrained = TagBank.read(dir.resolve("untrained.bank")).tag("<RandSMILES>").values();
        float[] trained = TagBank.read(dir.resolve("randsmiles.bank")).tag("<RandSMILES>").values();
        int d = untrained.length / 2;
        for (int i = 0; i < d; i++) {
            assertEquals(untrained[i], untrained[d + i], "every row starts the same, element " + i);
        }
        assertFalse(java.util.Arrays.equals(untrained, trained), "stage 1 must have moved the trained tag");
    }

    @Test
    void theTestRowsAreTheSameMoleculesInTwoNotations() throws Exception {
        Path dir = result.seeds().get(0).dir();
        List<String> canonical = Files.readAllLines(dir.resolve("test-canonical.csv"));
        List<String> randomized = Files.readAllLines(dir.resolve("test-randomized.csv"));
        assertEquals(17, canonical.size());
        assertEquals(canonical.size(), randomized.size());
        MoleculeStandardizer cdk = new MoleculeStandardizer(MoleculeOptions.canonical());
        int differ = 0;
        for (int i = 1; i < canonical.size(); i++) {
            String[] a = canonical.get(i).split(",");
            String[] b = randomized.get(i).split(",");
            assertEquals(a[1], b[1], "target of row " + i);
            assertEquals(cdk.standardize(a[0]), cdk.standardize(b[0]), "row " + i);
            differ += a[0].equals(b[0]) ? 0 : 1;
        }
        assertTrue(differ >= 8, "only " + differ + " of 16 writings changed");
        List<String> c = Files.readAllLines(dir.resolve("corpus-canonical.txt"));
        List<String> r = Files.readAllLines(dir.resolve("corpus-randomized.txt"));
        assertEquals(32, c.size());
        for (int i = 0; i < c.size(); i++) {
            assertEquals(cdk.standardize(c.get(i)), cdk.standardize(r.get(i)), "corpus line " + (i + 1));
        }
        assertEquals(17, Files.readAllLines(dir.resolve("predictions.csv")).size());
    }

    @Test
    void theDerivedFilesDependOnlyOnTheSeed() throws Exception {
        Path again = Files.createDirectories(tmp.resolve("again"));
        ZeroShotFiles.prepare(data, tiny(), 3, again);
        Path first = result.seeds().get(0).dir();
        for (String f : List.of("corpus-canonical.txt", "corpus-randomized.txt", "train.csv", "test-canonical.csv",
                "test-randomized.csv")) {
            assertEquals(Files.readString(first.resolve(f)), Files.readString(again.resolve(f)), f);
        }
        Path other = Files.createDirectories(tmp.resolve("other"));
        ZeroShotFiles.prepare(data, tiny(), 5, other);
        assertNotEquals(Files.readString(first.resolve("test-randomized.csv")),
                Files.readString(other.resolve("test-randomized.csv")));
    }

    @Test
    void settingsRefuseNonsense() {
        assertThrows(IllegalArgumentException.class, () -> tiny().toBuilder().setSeeds(List.of()).build());
        assertThrows(IllegalArgumentException.class, () -> tiny().toBuilder().setSeeds(List.of(1L, 1L)).build());
        assertThrows(IllegalArgumentException.class, () -> tiny().toBuilder().setSeeds(List.of(1L))
                .optStage1LearningRate(0).build());
    }

    @Test
    void theMseGapIsPairedAndSigned() {
        double[] truth = {0, 0, 0, 0};
        double[] worse = {1, 1, 1, 1};
        double[] better = {0.5, 0.5, 0.5, 0.5};
        ZeroShotExperiment.MseGap g = ZeroShotExperiment.mseGap(truth, worse, better, 0);
        assertEquals(0.75, g.estimate(), 1e-12);
        assertEquals(0.75, g.low(), 1e-12);
        assertEquals(0.75, g.high(), 1e-12);
        assertEquals(1.0, ZeroShotExperiment.summary(new double[] {1, 2, 3}).std(), 1e-12);
        assertTrue(Double.isNaN(ZeroShotExperiment.summary(new double[] {1}).std()));
        ZeroShotExperiment.TagDrift same = ZeroShotExperiment.drift(new float[] {1, 2}, new float[] {1, 2},
                new float[] {0, 0});
        assertEquals(1.0, same.updateCosine(), 1e-12);
        assertEquals(0.0, same.relativeDistance(), 1e-12);
        ZeroShotExperiment.TagDrift opposite = ZeroShotExperiment.drift(new float[] {1, 0}, new float[] {-1, 0},
                new float[] {0, 0});
        assertEquals(-1.0, opposite.updateCosine(), 1e-12);
        assertEquals(2.0, opposite.relativeDistance(), 1e-12);
    }

    /** Fragments that chain into valid molecules in any order; rings and branches give randomisation room. */
    private static final String[] PARTS = {"C", "CC", "O", "N", "c1ccccc1", "C(=O)O", "CCO", "C(Cl)", "C(C#N)",
        "C1CCNCC1", "c1ccncc1"};

    private static String molecule(Random r) {
        StringBuilder s = new StringBuilder("C");
        for (int i = 0, n = 2 + r.nextInt(4); i < n; i++) {
            s.append(PARTS[r.nextInt(PARTS.length)]);
        }
        return s.toString();
    }

    private static String corpus(int n, long seed) {
        Random r = new Random(seed);
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < n; i++) {
            b.append(molecule(r)).append('\n');
        }
        return b.toString();
    }

    /** A target any notation carries: heavy atoms other than carbon, scaled into QED's range. */
    private static String table(int n, long seed) {
        Random r = new Random(seed);
        StringBuilder b = new StringBuilder("smiles,qed\n");
        for (int i = 0; i < n; i++) {
            String s = molecule(r);
            long hetero = s.chars().filter(c -> c == 'O' || c == 'N' || c == 'n' || c == 'l').count();
            b.append(s).append(',').append(hetero / 10.0).append('\n');
        }
        return b.toString();
    }
}
