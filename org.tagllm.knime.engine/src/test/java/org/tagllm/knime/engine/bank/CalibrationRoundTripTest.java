package org.tagllm.knime.engine.bank;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tagllm.knime.engine.domain.Ecfp4Bits;
import org.tagllm.knime.engine.tensor.FloatTensor;

class CalibrationRoundTripTest {

    @TempDir
    Path dir;

    /** Awkward doubles (no short decimal form) and float tensors come back bit for bit. */
    @Test
    void calibrationRoundTripsBitExact() throws Exception {
        TagBank bank = calibrated(TestBanks.qedWithSmiles(TestBanks.model("m"), 3));
        bank.write(dir.resolve("b"));
        TagBank again = TagBank.read(dir.resolve("b"));
        assertEquals(bank, again);
        Calibration c = again.calibration("<QED>").orElseThrow();
        assertEquals(Double.doubleToRawLongBits(0.1 + 0.2), Double.doubleToRawLongBits(c.entry().intervalQuantile()));
        assertEquals(Double.doubleToRawLongBits(Math.PI / 7), Double.doubleToRawLongBits(c.entry().intervalBeta()));
        assertArrayEquals(bank.calibration("<QED>").orElseThrow().readouts().values(), c.readouts().values());
        assertEquals(Ecfp4Bits.of("c1ccccc1O"), Ecfp4Bits.unpack(c.fingerprints().values(), 0));
        assertEquals(bank.contentSha256(), again.contentSha256());
    }

    /**
     * Class-conditional set quantiles (awkward doubles) and the cross-conformal fold count come back bit for bit; a
     * split-conformal, marginal calibration writes neither key.
     */
    @Test
    void classConditionalSetQuantilesRoundTripBitExact() throws Exception {
        TagBank bank = TestBanks.classifierWithSmiles();
        String tag = bank.manifest().heads().get(0).functionTag();
        List<Double> perClass = List.of(0.1 + 0.2, 1.0 / 3);
        bank = bank.withCalibration(new Calibration(new CalibrationEntry(tag, 0.9, null, false, 0, 0.7 / 3, 5, 87.5,
                "smiles", 40, perClass, 5), TestBanks.random(11, 3, TestBanks.HIDDEN),
                FloatTensor.vector(0.1f, 0.30000001f, 1.7f), fingerprints()));
        bank.write(dir.resolve("m"));
        TagBank again = TagBank.read(dir.resolve("m"));
        assertEquals(bank, again);
        List<Double> back = again.calibration(tag).orElseThrow().entry().setClassQuantiles();
        for (int c = 0; c < 2; c++) {
            assertEquals(Double.doubleToRawLongBits(perClass.get(c)), Double.doubleToRawLongBits(back.get(c)));
        }
        assertEquals(5, again.calibration(tag).orElseThrow().entry().conformalFolds());
        assertEquals(bank.contentSha256(), again.contentSha256());

        TagBank marginal = bank.withCalibration(new Calibration(new CalibrationEntry(tag, 0.9, null, false, 0,
                0.7 / 3, 5, 87.5, "smiles", 40), TestBanks.random(11, 3, TestBanks.HIDDEN),
                FloatTensor.vector(0.1f, 0.30000001f, 1.7f), fingerprints()));
        marginal.write(dir.resolve("marginal"));
        String json = Files.readString(dir.resolve("marginal").resolve("bank.json"));
        assertFalse(json.contains("set_class_quantiles") || json.contains("conformal_folds"), json);
        assertTrue(TagBank.read(dir.resolve("marginal")).calibration(tag).orElseThrow().entry().setClassQuantiles()
                == null);
    }

    /** Three class quantiles for a two-class head are refused, naming the key. */
    @Test
    void refusesClassQuantilesOfAnotherClassCount() {
        TagBank bank = TestBanks.classifierWithSmiles();
        String tag = bank.manifest().heads().get(0).functionTag();
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> bank.withCalibration(
                new Calibration(new CalibrationEntry(tag, 0.9, null, false, 0, 0.5, 5, 87.5, "smiles", 40,
                        List.of(0.5, 0.5, 0.5), null), TestBanks.random(11, 3, TestBanks.HIDDEN),
                        FloatTensor.vector(0.1f, 0.3f, 1.7f), fingerprints())));
        assertTrue(e.getMessage().contains("set_class_quantiles"), e.getMessage());
    }

    /** A bank without calibration writes the same bank.json as before calibrations existed: no new key. */
    @Test
    void aBankWithoutCalibrationIsUnchanged() throws Exception {
        TagBank plain = TestBanks.qedWithSmiles(TestBanks.model("m"), 3);
        plain.write(dir.resolve("p"));
        String json = Files.readString(dir.resolve("p").resolve("bank.json"));
        assertFalse(json.contains("calibrations"), json);
        assertFalse(json.contains("ensembles"), json);
        assertTrue(TagBank.read(dir.resolve("p")).calibration("<QED>").isEmpty());
    }

    @Test
    void removingTheTagRemovesItsCalibration() {
        TagBank bank = calibrated(TestBanks.qedWithSmiles(TestBanks.model("m"), 3)).withoutTag("<QED>");
        assertTrue(bank.manifest().calibrations().isEmpty());
        assertTrue(bank.tensors().keySet().stream().noneMatch(n -> n.startsWith("calibration.")));
    }

    @Test
    void refusesReadoutsOfAnotherWidth() {
        TagBank bank = TestBanks.qedWithSmiles(TestBanks.model("m"), 3);
        CalibrationEntry entry = entry();
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> bank.withCalibration(
                new Calibration(entry, TestBanks.random(1, 3, TestBanks.HIDDEN + 1), FloatTensor.vector(1, 2, 3),
                        fingerprints())));
        assertTrue(e.getMessage().contains("calibration.<QED>.readouts"), e.getMessage());
    }

    @Test
    void ensembleMembersRoundTrip() throws Exception {
        TagBank bank = TestBanks.qedWithSmiles(TestBanks.model("m"), 3);
        String second = EnsembleEntry.memberTag("<QED>", 1);
        assertEquals("<QED-m2>", second);
        bank = bank.withTag(second, TagEntry.Kind.FUNCTION, TestBanks.tagValues(5))
                .withHead(Head.linear(HeadEntry.regression(second, TestBanks.HIDDEN, true, List.of(0.6),
                        List.of(0.2)), TestBanks.random(8, 1, TestBanks.HIDDEN), FloatTensor.vector(0.25f)))
                .withTask(new TaskEntry(second, "regression", TestBanks.qedTask().fields(), false))
                .withEnsemble(new EnsembleEntry("<QED>", List.of("<QED>", second)));
        bank.write(dir.resolve("e"));
        TagBank again = TagBank.read(dir.resolve("e"));
        assertEquals(bank, again);
        assertEquals(List.of("<QED>", "<QED-m2>"), again.ensemble("<QED>").orElseThrow().members());
        assertTrue(again.isEnsembleMember("<QED-m2>"));
        assertFalse(again.isEnsembleMember("<QED>"));
    }

    /**
     * Conformal intervals without the applicability domain: no domain tensors, {@code "domain": false} in the manifest,
     * read back alike; a calibration with the domain (every bank written before) writes no such key.
     */
    @Test
    void calibrationWithoutTheDomainRoundTripsWithoutItsTensors() throws Exception {
        TagBank plain = TestBanks.qedWithSmiles(TestBanks.model("m"), 3);
        TagBank bank = plain.withCalibration(new Calibration(new CalibrationEntry("<QED>", 0.9, 0.1 + 0.2, false, 0,
                null, 5, 100, null, 40, null, null, false), null, null, null));
        bank.write(dir.resolve("c"));
        TagBank again = TagBank.read(dir.resolve("c"));
        assertEquals(bank, again);
        Calibration c = again.calibration("<QED>").orElseThrow();
        assertFalse(c.entry().hasDomain());
        assertTrue(c.entry().hasConformal());
        assertEquals(null, c.readouts());
        assertFalse(again.tensors().containsKey(CalibrationEntry.readoutsTensorName("<QED>")));
        assertTrue(Files.readString(dir.resolve("c").resolve(BankFiles.MANIFEST)).contains("\"domain\" : false"));

        calibrated(plain).write(dir.resolve("d"));
        assertFalse(Files.readString(dir.resolve("d").resolve(BankFiles.MANIFEST)).contains("\"domain\" :"));
        assertTrue(TagBank.read(dir.resolve("d")).calibration("<QED>").orElseThrow().entry().hasDomain());
    }

    /** The applicability domain alone: neither quantile, its tensors kept; a calibration of nothing is refused. */
    @Test
    void domainWithoutConformalQuantilesRoundTrips() throws Exception {
        TagBank bank = TestBanks.qedWithSmiles(TestBanks.model("m"), 3).withCalibration(new Calibration(
                new CalibrationEntry("<QED>", 0.9, null, false, 0, null, 5, 87.5, "smiles", 40),
                TestBanks.random(11, 3, TestBanks.HIDDEN), FloatTensor.vector(0.1f, 0.3f, 1.7f), fingerprints()));
        bank.write(dir.resolve("a"));
        TagBank again = TagBank.read(dir.resolve("a"));
        assertEquals(bank, again);
        assertFalse(again.calibration("<QED>").orElseThrow().entry().hasConformal());
        assertTrue(again.calibration("<QED>").orElseThrow().entry().hasDomain());
        assertThrows(IllegalArgumentException.class, () -> new CalibrationEntry("<QED>", 0.9, null, false, 0, null, 5,
                100, null, 40, null, null, false));
    }

    private static TagBank calibrated(TagBank bank) {
        return bank.withCalibration(new Calibration(entry(), TestBanks.random(11, 3, TestBanks.HIDDEN),
                FloatTensor.vector(0.1f, 0.30000001f, 1.7f), fingerprints()));
    }

    private static CalibrationEntry entry() {
        return new CalibrationEntry("<QED>", 0.9, 0.1 + 0.2, true, Math.PI / 7, null, 5, 87.5, "smiles", 40);
    }

    private static FloatTensor fingerprints() {
        float[] words = new float[3 * Ecfp4Bits.WORDS];
        for (int r = 0; r < 3; r++) {
            System.arraycopy(Ecfp4Bits.pack(Ecfp4Bits.of(List.of("c1ccccc1O", "CCO", "CCN").get(r))), 0, words,
                    r * Ecfp4Bits.WORDS, Ecfp4Bits.WORDS);
        }
        return new FloatTensor(words, new long[] {3, Ecfp4Bits.WORDS});
    }
}
