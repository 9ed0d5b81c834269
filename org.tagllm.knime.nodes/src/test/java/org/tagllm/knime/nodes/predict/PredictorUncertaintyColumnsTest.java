package org.tagllm.knime.nodes.predict;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.tagllm.knime.engine.bank.BaseModelFingerprint;
import org.tagllm.knime.engine.bank.Calibration;
import org.tagllm.knime.engine.bank.CalibrationEntry;
import org.tagllm.knime.engine.bank.FieldEntry;
import org.tagllm.knime.engine.bank.Head;
import org.tagllm.knime.engine.bank.HeadEntry;
import org.tagllm.knime.engine.bank.TagBank;
import org.tagllm.knime.engine.bank.TagEntry;
import org.tagllm.knime.engine.bank.TaskEntry;
import org.tagllm.knime.engine.domain.Ecfp4Bits;
import org.tagllm.knime.engine.tensor.FloatTensor;
import org.tagllm.knime.nodes.port.TagModelSpec;
import org.tagllm.knime.nodes.table.CellType;
import org.tagllm.knime.nodes.table.ColumnSpec;
import org.tagllm.knime.nodes.table.TableShape;

/** The Predictor node's output shape gains the uncertainty columns a bank's calibration gives, and only those. */
class PredictorUncertaintyColumnsTest {

    private static final int HIDDEN = 8;
    private static final TableShape INPUT = TableShape.of(ColumnSpec.of("smiles", CellType.SMILES));

    @Test
    void aCalibratedBankAddsIntervalAndDomainColumns() throws Exception {
        TableShape out = PredictorNode.configure(TagModelSpec.of(calibrated(plain()), "/m"), INPUT,
                PredictorSettings.defaults()).orElseThrow();
        assertEquals(List.of("smiles", "Prediction (QED)", "QED_low", "QED_high", "ad_similarity", "ad_percentile",
                "outside_domain", PredictorSettings.defaults().reasonColumn()), out.names());
        assertEquals(CellType.DOUBLE, out.find("QED_low").orElseThrow().type());
        assertEquals(CellType.STRING, out.find("outside_domain").orElseThrow().type());
    }

    /** A bank holding the applicability domain alone: its columns, no interval. */
    @Test
    void aDomainOnlyBankAddsDomainColumnsAndNoInterval() throws Exception {
        float[] words = new float[3 * Ecfp4Bits.WORDS];
        TagBank bank = plain().withCalibration(new Calibration(new CalibrationEntry("<QED>", 0.9, null, false, 0, null,
                2, 90, "smiles", 20), random(4, 3, HIDDEN), FloatTensor.vector(0.1f, 0.2f, 0.3f),
                new FloatTensor(words, new long[] {3, Ecfp4Bits.WORDS})));
        TableShape out = PredictorNode.configure(TagModelSpec.of(bank, "/m"), INPUT, PredictorSettings.defaults())
                .orElseThrow();
        assertEquals(List.of("smiles", "Prediction (QED)", "ad_similarity", "ad_percentile", "outside_domain",
                PredictorSettings.defaults().reasonColumn()), out.names());
    }

    /** A bank calibrated without the applicability domain: the interval, no domain column. */
    @Test
    void aCalibrationOnlyBankAddsIntervalColumnsAndNoDomain() throws Exception {
        TagBank bank = plain().withCalibration(new Calibration(new CalibrationEntry("<QED>", 0.9, 0.12, false, 0, null,
                2, 100, null, 20, null, null, false), null, null, null));
        TableShape out = PredictorNode.configure(TagModelSpec.of(bank, "/m"), INPUT, PredictorSettings.defaults())
                .orElseThrow();
        assertEquals(List.of("smiles", "Prediction (QED)", "QED_low", "QED_high",
                PredictorSettings.defaults().reasonColumn()), out.names());
    }

    @Test
    void aPlainBankKeepsItsColumns() throws Exception {
        TableShape out = PredictorNode.configure(TagModelSpec.of(plain(), "/m"), INPUT, PredictorSettings.defaults())
                .orElseThrow();
        assertEquals(List.of("smiles", "Prediction (QED)", PredictorSettings.defaults().reasonColumn()), out.names());
    }

    private static TagBank plain() {
        BaseModelFingerprint model = new BaseModelFingerprint("llama", HIDDEN, 40, 1, "a".repeat(64), "b".repeat(64));
        return TagBank.builder(model)
                .addTag("<SMILES>", TagEntry.Kind.DOMAIN, random(1, 2, HIDDEN))
                .addTag("<QED>", TagEntry.Kind.FUNCTION, random(2, 2, HIDDEN))
                .addHead(Head.linear(HeadEntry.regression("<QED>", HIDDEN, false, List.of(0.5), List.of(0.2)),
                        random(3, 1, HIDDEN)))
                .addTask(new TaskEntry("<QED>", "regression", List.of(new FieldEntry("smiles", "<SMILES>",
                        FieldEntry.Tokenization.CHARACTER, "smiles")), false))
                .build();
    }

    private static TagBank calibrated(TagBank bank) {
        float[] words = new float[3 * Ecfp4Bits.WORDS];
        return bank.withCalibration(new Calibration(new CalibrationEntry("<QED>", 0.9, 0.12, false, 0, null, 2, 90,
                "smiles", 20), random(4, 3, HIDDEN), FloatTensor.vector(0.1f, 0.2f, 0.3f),
                new FloatTensor(words, new long[] {3, Ecfp4Bits.WORDS})));
    }

    private static FloatTensor random(long seed, int rows, int columns) {
        Random r = new Random(seed);
        float[] v = new float[rows * columns];
        for (int i = 0; i < v.length; i++) {
            v[i] = (float) r.nextGaussian();
        }
        return FloatTensor.matrix(rows, columns, v);
    }
}
