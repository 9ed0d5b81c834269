package org.tagllm.knime.engine.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Repeated inputs are counted after normalisation; so are inputs seen with different targets. */
class DuplicatesTest {

    @TempDir
    Path tmp;

    @Test
    void duplicateInputsAndConflictingNumericTargets() throws IOException {
        Path file = Files.writeString(tmp.resolve("d.csv"), """
                smiles,y
                CCO,1.0
                CCO,1
                CCO,2.0
                CCO,3.0
                CCN,1
                " CCN ",1
                CCC,bad
                CCC,5
                """);
        DataReport r = load(file, ColumnMapping.builder().input("smiles", ColumnKind.TEXT).numericTarget("y").build());
        assertEquals(4, r.duplicateInputs(), "3 repeats of CCO, CCN once after stripping; the bad CCC row not used");
        assertEquals(1, r.conflictingInputs(), "CCO, counted once however many different targets");
    }

    @Test
    void conflictingLabelsAcrossSeveralInputColumns() throws IOException {
        Path file = Files.writeString(tmp.resolve("pairs.csv"), """
                drug,protein,active
                CCO,MKT,yes
                CCO,MKT,no
                CCO,MKV,yes
                CCOM,KT,no
                """);
        DataReport r = load(file, ColumnMapping.builder().input("drug", ColumnKind.SMILES)
                .input("protein", ColumnKind.PROTEIN).label("active").build());
        assertEquals(1, r.duplicateInputs(), "(CCO,MKT) repeats; (CCOM,KT) is not (CCO,MKT) moved over");
        assertEquals(1, r.conflictingInputs());
    }

    @Test
    void trackingCanBeTurnedOffForFlatMemory() throws IOException {
        Path file = Files.writeString(tmp.resolve("d.csv"), "smiles\nCCO\nCCO\n");
        DataReport r = DatasetLoader.builder().trackDuplicates(false).build().load(TableSpec.of(file,
                ColumnMapping.builder().input("smiles", ColumnKind.TEXT).build())).report();
        assertEquals(0, r.duplicateInputs());
    }

    @Test
    void fingerprintsSeparateValueBoundaries() {
        assertNotEquals(Fingerprint.of(List.of("ab", "c")), Fingerprint.of(List.of("a", "bc")));
        assertEquals(Fingerprint.of(new double[] {0.0}), Fingerprint.of(new double[] {-0.0}));
    }

    @Test
    void theTableGrowsWithoutLosingEntries() {
        DuplicateTracker tracker = new DuplicateTracker();
        for (int round = 0; round < 2; round++) {
            for (long i = 0; i < 100_000; i++) {
                tracker.add(Fingerprint.of(String.valueOf(i)), round);
            }
        }
        assertEquals(100_000, tracker.duplicates());
        assertEquals(100_000, tracker.conflicts());
    }

    private static DataReport load(Path file, ColumnMapping mapping) throws IOException {
        return DatasetLoader.builder().build().load(TableSpec.of(file, mapping)).report();
    }
}
