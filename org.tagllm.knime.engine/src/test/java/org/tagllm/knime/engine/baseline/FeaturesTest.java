package org.tagllm.knime.engine.baseline;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.tagllm.knime.engine.baseline.FingerprintBaseline.Column;
import org.tagllm.knime.engine.data.ColumnKind;

/** Each column kind's features, and their concatenation. */
class FeaturesTest {

    private final Ecfp4 ecfp = new Ecfp4();

    @Test
    void ecfp4TellsBenzeneFromToluene() {
        SparseVector benzene = ecfp.encode("c1ccccc1");
        SparseVector toluene = ecfp.encode("Cc1ccccc1");
        assertFalse(Arrays.equals(benzene.indices(), toluene.indices()));
        // Benzene's six atoms are all alike: one environment per radius 0, 1, 2 → 3 bits (barring a fold collision).
        assertEquals(3, benzene.size());
        assertTrue(benzene.size() < toluene.size());
    }

    @Test
    void ecfp4IgnoresHowTheSmilesIsWritten() {
        assertArrayEquals(ecfp.encode("OCC").indices(), ecfp.encode("CCO").indices());
        assertArrayEquals(ecfp.encode("c1ccccc1").indices(), ecfp.encode("C1=CC=CC=C1").indices());
        assertTrue(ecfp.encode("CCO").size() > 0);
    }

    @Test
    void unparsableSmilesIsNamed() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ecfp.encode("C1CC(N"));
        assertTrue(e.getMessage().contains("'C1CC(N'"), e.getMessage());
    }

    @Test
    void proteinsOfOneLengthAreOneHotPerPosition() {
        Features f = Features.fit(List.of(new Column("p", ColumnKind.PROTEIN)),
                List.of(Map.of("p", "ACD"), Map.of("p", "ACE")));
        assertEquals(3 * 21, f.size());
        // A=0, C=1, D=2, X→20 (other): position i, code c → 21·i + c.
        assertArrayEquals(new int[] {0, 22, 44}, encode(f, "p", "ACD").indices());
        assertArrayEquals(new int[] {20, 22}, encode(f, "p", "XC").indices(), "short: missing positions are zeros");
        assertArrayEquals(new int[] {0, 22, 44}, encode(f, "p", "ACDW").indices(), "long: cut to the training length");
    }

    @Test
    void proteinsOfSeveralLengthsAreDipeptideComposition() {
        Features f = Features.fit(List.of(new Column("p", ColumnKind.PROTEIN)),
                List.of(Map.of("p", "ACAC"), Map.of("p", "ACD")));
        assertEquals(400, f.size());
        // ACAC has pairs AC, CA, AC: AC (index 0·20+1) = 2/3, CA (1·20+0) = 1/3.
        SparseVector v = encode(f, "p", "ACAC");
        assertArrayEquals(new int[] {1, 20}, v.indices());
        assertArrayEquals(new double[] {2.0 / 3, 1.0 / 3}, v.values(), 1e-15);
        // AXA: both pairs hold a non-standard residue, so nothing is counted.
        assertEquals(0, encode(f, "p", "AXA").size());
    }

    @Test
    void textIsOneHotOfTrainingCategories() {
        Features f = Features.fit(List.of(new Column("cell", ColumnKind.TEXT)),
                List.of(Map.of("cell", "HeLa"), Map.of("cell", "MCF7"), Map.of("cell", "HeLa")));
        assertEquals(2, f.size());
        assertArrayEquals(new int[] {1}, encode(f, "cell", "MCF7").indices());
        assertEquals(0, encode(f, "cell", "A549").size(), "unseen category");
    }

    @Test
    void columnsAreConcatenatedInOrder() {
        List<Column> columns = List.of(new Column("a", ColumnKind.SMILES), new Column("b", ColumnKind.SMILES),
                new Column("cell", ColumnKind.TEXT));
        List<Map<String, String>> rows = List.of(Map.of("a", "CCO", "b", "c1ccccc1", "cell", "HeLa"),
                Map.of("a", "CCN", "b", "CCO", "cell", "MCF7"));
        Features f = Features.fit(columns, rows);
        assertEquals(2 * 2048 + 2, f.size());
        SparseVector row = f.rows(rows, "training").row(1);
        int[] expected = IntStream.concat(IntStream.concat(
                Arrays.stream(ecfp.encode("CCN").indices()),
                Arrays.stream(ecfp.encode("CCO").indices()).map(i -> i + 2048)),
                IntStream.of(2 * 2048 + 1)).toArray();
        assertArrayEquals(expected, row.indices());
        assertTrue(f.describe().startsWith("a: ECFP4, 2048 bits; b: ECFP4"), f.describe());
    }

    @Test
    void aMissingValueNamesRowAndColumn() {
        Features f = Features.fit(List.of(new Column("smiles", ColumnKind.SMILES)), List.of(Map.of("smiles", "C")));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> f.rows(List.of(Map.of("smiles", "C"), Map.of("other", "C")), "validation"));
        assertTrue(e.getMessage().startsWith("validation row 1 has no value for column 'smiles'"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> f.rows(List.of(Map.of("smiles", "C"), Map.of("smiles", "C1CC(")), "test"));
        assertTrue(e.getMessage().startsWith("test row 1, column 'smiles': CDK cannot fingerprint SMILES 'C1CC('"),
                e.getMessage());
    }

    @Test
    void constantColumnsAreFoundOnTheRows() {
        // Column 0 varies, 1 is always 1, 2 is always 0, 3 varies between two non-zero values.
        SparseRows x = SparseRows.of(new double[][] {{1, 1, 0, 2}, {0, 1, 0, 3}});
        assertArrayEquals(new int[] {0, -1, -1, 1}, x.varyingColumns());
    }

    private static SparseVector encode(Features f, String column, String value) {
        return f.rows(List.of(Map.of(column, value)), "test").row(0);
    }
}
