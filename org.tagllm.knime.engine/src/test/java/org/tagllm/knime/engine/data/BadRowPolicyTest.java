package org.tagllm.knime.engine.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tagllm.knime.engine.data.normalize.FieldNormalizer;
import org.tagllm.knime.engine.data.normalize.InvalidValueException;
import org.tagllm.knime.engine.data.read.DataFileException;
import org.tagllm.knime.engine.data.read.ReaderOptions;

/** A messy export under each policy: FAIL stops at the first bad row, SKIP drops just the bad ones, KEEP marks them. */
class BadRowPolicyTest {

    private static final String MESSY = """
            smiles,logS
            CCO,-0.77
            ,-1.2
            CCN,
            CCC,NaN
            CCCC,inf
            CCCCC,12 mg
            CC(C)O,1,5
            c1ccccc1,"-2"x
            CCCl,n/a
            CCBr,-3.5e-1
            """;

    private static final ColumnMapping SOLUBILITY =
            ColumnMapping.builder().input("smiles", ColumnKind.SMILES).numericTarget("logS").build();

    @TempDir
    Path tmp;

    private Path messy;

    @BeforeEach
    void writeMessyFile() throws IOException {
        messy = Files.writeString(tmp.resolve("messy.csv"), MESSY);
    }

    @Test
    void failStopsAtTheFirstBadRowNamingRowColumnValueAndReason() throws IOException {
        Path file = Files.writeString(tmp.resolve("units.csv"), "smiles,logS\nCCO,-0.77\nCCN,1.5\nCCCCC,12 mg\n,\n");
        BadRowException e = assertThrows(BadRowException.class, () -> load(file, BadRowPolicy.FAIL));
        assertEquals(file + " row 3 (line 4), column 'logS', value '12 mg': not a number (text after the number; "
                + "units belong in the column name)", e.getMessage());
        assertEquals(3, e.problem().row());

        BadRowException first = assertThrows(BadRowException.class, () -> load(messy, BadRowPolicy.FAIL));
        assertEquals(2, first.problem().row());
        assertEquals("smiles", first.problem().column());
        assertEquals("empty value", first.problem().reason());
    }

    @Test
    void failOnARecordTheFormatRejects() throws IOException {
        Path file = Files.writeString(tmp.resolve("ragged.csv"), "smiles,logS\nCCO,1\nCC(C)O,1,5\n");
        BadRowException e = assertThrows(BadRowException.class, () -> load(file, BadRowPolicy.FAIL));
        assertEquals(file + " row 2 (line 3), value 'CC(C)O,1,5': wrong number of fields (3 fields where the header "
                + "has 2; quote values that contain ',')", e.getMessage());
    }

    @Test
    void skipDropsExactlyTheBadRowsAndReportsEachByReason() throws IOException {
        Dataset d = load(messy, BadRowPolicy.SKIP);
        assertEquals(List.of(1L, 10L), d.examples().stream().map(Example::row).toList());
        assertEquals(Map.of("smiles", "CCO"), d.examples().get(0).inputs());
        assertArrayEquals(new double[] {-0.77}, d.examples().get(0).numericTarget());
        assertArrayEquals(new double[] {-0.35}, d.examples().get(1).numericTarget());

        DataReport r = d.report();
        assertEquals(10, r.rowsRead());
        assertEquals(2, r.rowsUsed());
        assertEquals(8, r.rowsSkipped());
        assertEquals(0, r.rowsKept());
        Map<String, Long> byReason = new LinkedHashMap<>();
        r.reasons().forEach(g -> byReason.put(g.reason(), g.count()));
        assertEquals(Map.of("empty value", 2L, "not a finite number", 2L, "not a number", 1L,
                "wrong number of fields", 1L, "bad quoting", 1L, "missing-value marker", 1L), byReason);
        assertEquals(List.of("empty value", "not a finite number", "not a number", "wrong number of fields",
                "bad quoting", "missing-value marker"), List.copyOf(byReason.keySet()), "in the order first met");

        DataReport.ReasonGroup empty = r.reasons().get(0);
        assertEquals(new Problem(2, 3, "smiles", "", "empty value", null), empty.examples().get(0));
        assertEquals(new Problem(3, 4, "logS", "", "empty value", null), empty.examples().get(1));
    }

    @Test
    void keepPassesBadRowsOnMarkedWithTheirReasons() throws IOException {
        Dataset d = load(messy, BadRowPolicy.KEEP);
        assertEquals(10, d.examples().size());
        assertEquals(2, d.report().rowsUsed());
        assertEquals(8, d.report().rowsKept());
        assertEquals(0, d.report().rowsSkipped());

        Example good = d.examples().get(0);
        assertNull(good.problem());
        Example units = d.examples().get(5);
        assertEquals(6, units.row());
        assertEquals("logS: not a number (text after the number; units belong in the column name)", units.problem());
        assertNull(units.numericTarget(), "nothing to train on or compare with");
        assertEquals(Map.of("smiles", "CCCCC"), units.inputs(), "inputs kept, so results can be written beside them");
        Example ragged = d.examples().get(6);
        assertTrue(ragged.problem().startsWith("wrong number of fields (3 fields where the header has 2"),
                ragged.problem());
        // Issue 12: its input was lost; a record that cannot be split into fields shows its own text, whole, under
        // the first input, so a prediction written beside it can be found in the file.
        assertEquals(Map.of("smiles", "CC(C)O,1,5"), ragged.inputs());
        Example quoted = d.examples().get(7);
        assertTrue(quoted.problem().startsWith("bad quoting"), quoted.problem());
        assertEquals(Map.of("smiles", "c1ccccc1,\"-2\"x"), quoted.inputs());
    }

    @Test
    void keepShowsALongUnsplittableRecordWhole() throws IOException {
        String record = "C".repeat(300) + ",1,2";
        Path file = Files.writeString(tmp.resolve("long.csv"), "smiles,logS\n" + record + "\n");
        Example e = load(file, BadRowPolicy.KEEP).examples().get(0);
        assertEquals(Map.of("smiles", record), e.inputs(), "not the 80-character abbreviation of messages");
    }

    @Test
    void aRowWithSeveralProblemsCountsOnceAsARowAndOnceForEachProblem() throws IOException {
        Path file = Files.writeString(tmp.resolve("two.csv"), "smiles,a,b\n,x,\nCCO,1,2\n");
        ColumnMapping mapping = ColumnMapping.builder().input("smiles", ColumnKind.SMILES).numericTarget("a")
                .numericTarget("b").build();
        Dataset d = loader(BadRowPolicy.SKIP).load(TableSpec.of(file, mapping));
        assertEquals(1, d.report().rowsSkipped());
        assertEquals(1, d.report().rowsUsed());
        assertEquals(2, d.report().count("empty value"));
        assertEquals(1, d.report().count("not a number"));
        assertArrayEquals(new double[] {1, 2}, d.examples().get(0).numericTarget(), "k targets, one row");
        BadRowException e = assertThrows(BadRowException.class,
                () -> loader(BadRowPolicy.FAIL).load(TableSpec.of(file, mapping)));
        assertTrue(e.getMessage().endsWith("(and 2 more in this row)"), e.getMessage());
    }

    @Test
    void labelsSplitsAndGroupsMustNotBeEmpty() throws IOException {
        Path file = Files.writeString(tmp.resolve("pairs.csv"), """
                drug,target,active,split
                CCO,P1,yes,train
                CCN,P2, ,train
                CCC,,no,test
                CCCl,P3,no,
                """);
        ColumnMapping mapping = ColumnMapping.builder().input("drug", ColumnKind.SMILES).label("active")
                .split("split").group("target").build();
        Dataset d = loader(BadRowPolicy.SKIP).load(TableSpec.of(file, mapping));
        assertEquals(1, d.report().rowsUsed());
        Example e = d.examples().get(0);
        assertEquals("yes", e.label());
        assertEquals("train", e.split());
        assertEquals(Map.of("target", "P1"), e.groups());
        assertEquals(3, d.report().count("empty value"));
    }

    @Test
    void aNormaliserRegisteredForAKindIsUsedAndItsCrashCostsOneRow() throws IOException {
        Path file = Files.writeString(tmp.resolve("n.csv"), "smiles,logS\nOCC,1\nBOOM,2\nXX,3\n");
        FieldNormalizer canonical = value -> switch (value) {
            case "OCC" -> "CCO";
            case "XX" -> throw new InvalidValueException("invalid SMILES", "unknown element 'X'");
            default -> throw new IllegalStateException("bug on " + value);
        };
        NormalizerRegistry normalizers = NormalizerRegistry.defaults().with(ColumnKind.SMILES, canonical);
        Dataset d = DatasetLoader.builder().normalizers(normalizers).build().load(TableSpec.of(file, SOLUBILITY));
        assertEquals(Map.of("smiles", "CCO"), d.examples().get(0).inputs());
        assertEquals(1, d.report().rowsUsed());
        assertEquals(new Problem(2, 3, "smiles", "BOOM", "normaliser failed",
                "SMILES normaliser threw java.lang.IllegalStateException: bug on BOOM"),
                d.report().reasons().get(0).examples().get(0));
        assertEquals(new Problem(3, 4, "smiles", "XX", "invalid SMILES", "unknown element 'X'"),
                d.report().reasons().get(1).examples().get(0));
    }

    @Test
    void unknownColumnsFailListingTheAvailableOnes() {
        ColumnMapping mapping = ColumnMapping.builder().input("SMILES", ColumnKind.SMILES).numericTarget("solubility")
                .build();
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> loader(BadRowPolicy.SKIP).load(TableSpec.of(messy, mapping)));
        assertEquals(messy + " has no column 'SMILES' (did you mean 'smiles'?), 'solubility'; its columns are: smiles, "
                + "logS", e.getMessage());
    }

    @Test
    void aWrongDelimiterIsHinted() throws IOException {
        Path file = Files.writeString(tmp.resolve("semi.csv"), "smiles;logS\nCCO;1\n");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> loader(BadRowPolicy.SKIP).load(TableSpec.of(file, SOLUBILITY)));
        assertTrue(e.getMessage().contains("is the delimiter another character?"), e.getMessage());
    }

    @Test
    void bytesNotInTheEncodingAreABadRowNotACrash() throws IOException {
        Path file = tmp.resolve("latin1.csv");
        Files.write(file, "name,logS\nethanol,1\n\u00B5-ol,2\n".getBytes(StandardCharsets.ISO_8859_1));
        ColumnMapping names = ColumnMapping.builder().input("name", ColumnKind.TEXT).numericTarget("logS").build();
        Dataset utf8 = loader(BadRowPolicy.SKIP).load(TableSpec.of(file, names));
        assertEquals(1, utf8.report().rowsUsed());
        Problem p = utf8.report().reasons().get(0).examples().get(0);
        assertEquals("undecodable bytes", p.reason());
        assertEquals(2, p.row());
        assertEquals("bytes that are not valid UTF-8; read the file with its own encoding", p.detail());

        Dataset latin1 = loader(BadRowPolicy.SKIP).load(new TableSpec(file,
                ReaderOptions.defaults().withCharset(StandardCharsets.ISO_8859_1), names));
        assertEquals(2, latin1.report().rowsUsed());
        assertEquals("\u00B5-ol", latin1.examples().get(1).inputs().get("name"));
    }

    @Test
    void fatalFileErrorsEndTheRunEvenUnderSkip() throws IOException {
        Path file = Files.writeString(tmp.resolve("open.csv"), "smiles,logS\nCCO,1\n\"CCN,2\nCCC,3\n");
        DataFileException e = assertThrows(DataFileException.class,
                () -> loader(BadRowPolicy.SKIP).load(TableSpec.of(file, SOLUBILITY)));
        assertTrue(e.getMessage().contains("line 3: a quoted field opened on this line is never closed"),
                e.getMessage());
    }

    private Dataset load(Path file, BadRowPolicy policy) throws IOException {
        return loader(policy).load(TableSpec.of(file, SOLUBILITY));
    }

    private static DatasetLoader loader(BadRowPolicy policy) {
        return DatasetLoader.builder().badRows(policy).build();
    }
}
