package org.tagllm.knime.engine.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tagllm.knime.engine.split.DatasetSplitter;
import org.tagllm.knime.engine.split.SplitSpec;

/** Issue 12: a split value such as 'banana' aborted a skip run; it is a bad row like any other, by the run's policy. */
class SplitValueCheckTest {

    private static final ColumnMapping MAPPING = ColumnMapping.builder().input("smiles", ColumnKind.SMILES)
            .numericTarget("y").split("part").build();

    @TempDir
    Path tmp;

    private Path table() throws IOException {
        return Files.writeString(tmp.resolve("parts.csv"), "smiles,y,part\nCCO,1,train\nCCN,2,banana\nCCC,3,Test\n"
                + "CCCC,4, valid \n");
    }

    private Dataset load(BadRowPolicy policy) throws IOException {
        return DatasetLoader.builder().badRows(policy).splitValues(SplitSpec.Given.byColumn("part")).build()
                .load(TableSpec.of(table(), MAPPING));
    }

    @Test
    void skipLeavesTheRowOutWithItsReasonCountedInTheReport() throws IOException {
        Dataset d = load(BadRowPolicy.SKIP);
        assertEquals(List.of(1L, 3L, 4L), d.examples().stream().map(Example::row).toList());
        assertEquals(1, d.report().rowsSkipped());
        assertEquals(1, d.report().count(DatasetSplitter.UNKNOWN_SPLIT_VALUE));
        Problem p = d.report().reasons().get(0).examples().get(0);
        assertEquals("row 2 (line 3), column 'part', value 'banana': unknown split value (allowed values: train, "
                + "valid, validation, val, dev, test, train0, train1, train2, train3, train4; case and surrounding "
                + "spaces do not matter)", p.describe());
    }

    @Test
    void failStopsWithOneLineNamingRowColumnValueAndTheAllowedValues() {
        BadRowException e = assertThrows(BadRowException.class, () -> load(BadRowPolicy.FAIL));
        assertEquals(tmp.resolve("parts.csv") + " row 2 (line 3), column 'part', value 'banana': unknown split value "
                + "(allowed values: train, valid, validation, val, dev, test, train0, train1, train2, train3, train4; "
                + "case and surrounding spaces do not matter)", e.getMessage());
    }

    @Test
    void withoutAllowedValuesAnyValuePasses() throws IOException {
        Dataset d = DatasetLoader.builder().badRows(BadRowPolicy.FAIL).build().load(TableSpec.of(table(), MAPPING));
        assertEquals("banana", d.examples().get(1).split(), "inspect reports such rows as unsplit itself");
    }

    @Test
    void allowedValuesForAnotherColumnThanTheMappingsSplitAreRefused() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> DatasetLoader.builder()
                .splitValues(SplitSpec.Given.byColumn("fold")).build().load(TableSpec.of(table(), MAPPING)));
        assertEquals("the split values are for column 'fold', but the mapping's split column is 'part'",
                e.getMessage());
    }
}
