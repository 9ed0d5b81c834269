package org.tagllm.knime.engine.baseline;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.tagllm.knime.engine.SharedData;
import org.tagllm.knime.engine.baseline.FingerprintBaseline.Column;
import org.tagllm.knime.engine.data.ColumnKind;
import org.tagllm.knime.engine.split.Partition;
import org.tagllm.knime.engine.split.SplitFractions;
import org.tagllm.knime.engine.split.Splits;

/** ECFP4 baselines on MoleculeNet sets from the shared data folder (skipped where it is absent), random 80/10/10. */
class FingerprintBaselineRealDataTest {

    private static final List<Column> SMILES = List.of(new Column("smiles", ColumnKind.SMILES));
    private static final SplitFractions CHEMPROP = new SplitFractions(0.8, 0.1, 0.1);

    @Test
    void esolRidgeBeatsTheSpreadOfTheTargets() throws Exception {
        Path csv = SharedData.require("molecules/esol.csv");
        List<String> smiles = SharedData.column(csv, "smiles");
        double[] y = SharedData.column(csv, "log_solubility").stream().mapToDouble(Double::parseDouble).toArray();
        Partition[] split = Splits.random(smiles.size(), CHEMPROP, 0);
        long start = System.nanoTime();
        RegressionModel m = FingerprintBaseline.fitRegression(SMILES, rows(smiles, split, Partition.TRAIN),
                values(y, split, Partition.TRAIN), rows(smiles, split, Partition.VALID),
                values(y, split, Partition.VALID));
        double seconds = (System.nanoTime() - start) / 1e9;
        double[] testY = values(y, split, Partition.TEST);
        Map<String, Double> test = m.metrics(rows(smiles, split, Partition.TEST), testY);
        double std = std(y);
        System.out.printf("ESOL ECFP4 ridge: test %s; target std %.3f; λ %s; %d parameters; fit %.2f s%n", test, std,
                m.lambda(), m.parameterCount(), seconds);
        assertTrue(test.get("rmse") < 0.8 * std, "test RMSE " + test.get("rmse") + ", target std " + std);
    }

    @Test
    void bbbpLogisticRegressionRanksWell() throws Exception {
        Path csv = SharedData.require("molecules/bbbp.csv");
        List<String> allSmiles = SharedData.column(csv, "smiles");
        List<String> allLabels = SharedData.column(csv, "p_np");
        // The source warns that a few SMILES do not parse (in RDKit); rows CDK rejects would be dropped by the data
        // layer before a model sees them, so they are dropped here too.
        List<String> smiles = new ArrayList<>();
        List<Integer> labels = new ArrayList<>();
        Ecfp4 ecfp = new Ecfp4();
        for (int i = 0; i < allSmiles.size(); i++) {
            try {
                ecfp.encode(allSmiles.get(i));
            } catch (IllegalArgumentException e) {
                continue;
            }
            smiles.add(allSmiles.get(i));
            labels.add(Integer.parseInt(allLabels.get(i)));
        }
        int[] y = labels.stream().mapToInt(Integer::intValue).toArray();
        Partition[] split = Splits.random(smiles.size(), CHEMPROP, 0);
        long start = System.nanoTime();
        ClassificationModel m = FingerprintBaseline.fitClassification(SMILES, rows(smiles, split, Partition.TRAIN),
                labels(y, split, Partition.TRAIN), rows(smiles, split, Partition.VALID),
                labels(y, split, Partition.VALID));
        double seconds = (System.nanoTime() - start) / 1e9;
        Map<String, Double> test = m.metrics(rows(smiles, split, Partition.TEST), labels(y, split, Partition.TEST));
        System.out.printf("BBBP ECFP4 logistic: %d of %d rows parsed; test %s; λ %s; %d parameters; fit %.2f s%n",
                smiles.size(), allSmiles.size(), test, m.lambda(), m.parameterCount(), seconds);
        assertTrue(test.get("auroc") > 0.8, "test AUROC " + test.get("auroc"));
    }

    private static List<Map<String, String>> rows(List<String> smiles, Partition[] split, Partition part) {
        List<Map<String, String>> rows = new ArrayList<>();
        for (int i = 0; i < split.length; i++) {
            if (split[i] == part) {
                rows.add(Map.of("smiles", smiles.get(i)));
            }
        }
        return rows;
    }

    private static double[] values(double[] y, Partition[] split, Partition part) {
        return IntStream.range(0, y.length).filter(i -> split[i] == part).mapToDouble(i -> y[i])
                .toArray();
    }

    private static int[] labels(int[] y, Partition[] split, Partition part) {
        return IntStream.range(0, y.length).filter(i -> split[i] == part).map(i -> y[i]).toArray();
    }

    /** Population standard deviation. */
    private static double std(double[] y) {
        double mean = Arrays.stream(y).average().orElseThrow();
        return Math.sqrt(Arrays.stream(y).map(v -> (v - mean) * (v - mean)).average().orElseThrow());
    }
}
