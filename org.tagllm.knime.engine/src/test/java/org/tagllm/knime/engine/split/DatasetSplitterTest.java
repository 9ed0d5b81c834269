package org.tagllm.knime.engine.split;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tagllm.knime.engine.chem.InvalidMoleculeException;
import org.tagllm.knime.engine.chem.Scaffolds;
import org.tagllm.knime.engine.data.BadRowPolicy;
import org.tagllm.knime.engine.data.ColumnKind;
import org.tagllm.knime.engine.data.ColumnMapping;
import org.tagllm.knime.engine.data.Dataset;
import org.tagllm.knime.engine.data.DatasetLoader;
import org.tagllm.knime.engine.data.Example;
import org.tagllm.knime.engine.data.Problem;
import org.tagllm.knime.engine.data.TableSpec;

/** Splits of a loaded table: rows per partition, groups never shared, unplaceable rows listed with the reason. */
class DatasetSplitterTest {

    private static final SplitFractions F = new SplitFractions(0.6, 0.2, 0.2);
    /** Ten scaffolds (and acyclic), four drugs, three targets. */
    private static final String[] SMILES = {"c1ccccc1C", "c1ccccc1CC", "C1CCCCC1O", "C1CCCCC1N", "c1ccncc1",
        "c1ccncc1C", "CCO", "CCN", "C1CC1C", "c1ccc2ccccc2c1", "O=C1CCCCC1", "c1ccoc1", "c1ccsc1", "C1CCNCC1",
        "C1CCOC1", "c1cnccn1", "c1ccccc1O", "CCCC", "C1CCC1", "c1cc[nH]c1"};

    @TempDir
    Path tmp;

    private Path table;

    @BeforeEach
    void writeTable() throws IOException {
        StringBuilder csv = new StringBuilder("smiles,drug,target,y,split\n");
        String[] splits = {"train", "Train", "valid", "test", "dev"};
        for (int i = 0; i < SMILES.length; i++) {
            csv.append(SMILES[i]).append(",D").append(i % 4).append(",T").append(i % 3).append(',').append(i)
                    .append(',').append(splits[i % splits.length]).append('\n');
        }
        table = Files.writeString(tmp.resolve("t.csv"), csv);
    }

    private static ColumnMapping mapping(ColumnKind smilesKind) {
        return ColumnMapping.builder().input("smiles", smilesKind).numericTarget("y").split("split").group("drug")
                .group("target").build();
    }

    private Dataset load(ColumnMapping mapping, BadRowPolicy policy) throws IOException {
        return load(table, mapping, policy);
    }

    /** The table with {@code row} added as its last row (row 21, line 22). */
    private Dataset loadWithRow(String row, ColumnMapping mapping, BadRowPolicy policy) throws IOException {
        return load(Files.writeString(tmp.resolve("with-row.csv"), Files.readString(table) + row + "\n"), mapping,
                policy);
    }

    private static Dataset load(Path file, ColumnMapping mapping, BadRowPolicy policy) throws IOException {
        return DatasetLoader.builder().badRows(policy).build().load(TableSpec.of(file, mapping));
    }

    /** Independent of SplitSummary: the partitions each value reaches. */
    private static Map<String, Set<Partition>> partitionsOf(DatasetSplit split, Function<Example, String> key) {
        Map<String, Set<Partition>> reached = new HashMap<>();
        for (Partition p : Partition.values()) {
            for (Example e : split.examples(p)) {
                reached.computeIfAbsent(key.apply(e), k -> new HashSet<>()).add(p);
            }
        }
        return reached;
    }

    @Test
    void randomSplitIsReproducibleFromTheSeedAndCutsAtTheFractions() throws IOException {
        Dataset d = load(mapping(ColumnKind.SMILES), BadRowPolicy.SKIP);
        DatasetSplit a = DatasetSplitter.split(d, mapping(ColumnKind.SMILES), new SplitSpec.Random(F, 3));
        DatasetSplit b = DatasetSplitter.split(d, mapping(ColumnKind.SMILES), new SplitSpec.Random(F, 3));
        assertArrayEquals(a.partitions(), b.partitions());
        assertEquals(List.of(12, 4, 4), Arrays.stream(Partition.values()).map(p -> a.examples(p).size()).toList());
        assertFalse(Arrays.equals(a.partitions(),
                DatasetSplitter.split(d, mapping(ColumnKind.SMILES), new SplitSpec.Random(F, 4)).partitions()));
        assertFalse(a.summary().hasGroups());
    }

    @Test
    void coldSplitKeepsEachDrugInOnePartitionAndTheOtherGroupColumnIsCheckedForSharing() throws IOException {
        ColumnMapping m = mapping(ColumnKind.SMILES);
        DatasetSplit split = DatasetSplitter.split(load(m, BadRowPolicy.SKIP), m, new SplitSpec.Grouped("drug", F, 0));
        partitionsOf(split, e -> e.groups().get("drug"))
                .forEach((drug, parts) -> assertEquals(1, parts.size(), drug + " is in " + parts));
        assertEquals(0, split.summary().sharedGroups());
        assertEquals(4, Arrays.stream(Partition.values()).mapToInt(p -> split.summary().groups(p)).sum());
        assertEquals(0, split.sharing("drug").sharedGroups());
        assertTrue(split.sharing("target").sharedGroups() > 0, "targets are not what this split keeps apart");
        assertTrue(split.toText().contains("  'drug'               0 of 4 values in more than one partition\n"),
                split.toText());
    }

    @Test
    void scaffoldSplitNeverSharesAScaffoldAndSetsAsideMoleculesWithoutOne() throws IOException {
        // Read as text, so a SMILES CDK cannot parse reaches the splitter instead of being refused on loading.
        ColumnMapping m = mapping(ColumnKind.TEXT);
        Dataset d = loadWithRow("C1CC,D9,T9,99,train", m, BadRowPolicy.SKIP);
        DatasetSplit split = DatasetSplitter.split(d, m, new SplitSpec.Scaffold("smiles", F, 0));

        assertEquals(1, split.unsplit().size());
        Problem p = split.unsplit().get(0);
        assertEquals(21, p.row());
        assertEquals(22, p.line());
        assertEquals("smiles", p.column());
        assertEquals(DatasetSplitter.NO_SCAFFOLD, p.reason());
        assertTrue(p.detail().startsWith("Unclosed ring"), p.detail());
        assertEquals(20, split.summary().total(), "every other row is placed");

        partitionsOf(split, e -> scaffold(e.inputs().get("smiles")))
                .forEach((s, parts) -> assertEquals(1, parts.size(), "scaffold '" + s + "' is in " + parts));
        assertEquals(0, split.summary().sharedGroups());
        assertTrue(split.toText().contains("  not split            1 row\n    row 21 (line 22), column 'smiles', "
                + "value 'C1CC': no scaffold (Unclosed ring"), split.toText());
    }

    /**
     * Folds of a given split (as evaluate's shared table is) grouped by the scaffolds of an input: the given test rows
     * stay test, every other row is held out in one fold, and no scaffold in two.
     */
    @Test
    void foldsOfAGivenSplitKeepScaffoldsWhole() throws IOException {
        ColumnMapping m = mapping(ColumnKind.SMILES);
        Dataset d = load(m, BadRowPolicy.SKIP);
        SplitSpec.Given given = SplitSpec.Given.byColumn("split");
        DatasetSplit plain = DatasetSplitter.split(d, m, given);
        Map<String, Integer> foldOf = new HashMap<>();
        int heldOut = 0;
        for (int k = 0; k < 2; k++) {
            DatasetSplit fold = DatasetSplitter.split(d, m, new SplitSpec.Fold(given, 2, k, "smiles", 3));
            assertEquals(plain.examples(Partition.TEST), fold.examples(Partition.TEST));
            for (Example e : fold.examples(Partition.VALID)) {
                heldOut++;
                Integer before = foldOf.putIfAbsent(scaffold(e.inputs().get("smiles")), k);
                assertTrue(before == null || before == k, "a scaffold held out in two folds");
            }
        }
        // Big families (more rows than half the smaller held-out part) always train; the rest are held out once.
        assertTrue(heldOut > 0 && heldOut <= plain.examples(Partition.TRAIN).size()
                + plain.examples(Partition.VALID).size(), "held out " + heldOut);
    }

    @Test
    void givenSplitUsesTheDefaultMappingAndListsUnknownValues() throws IOException {
        ColumnMapping m = mapping(ColumnKind.SMILES);
        DatasetSplit split = DatasetSplitter.split(loadWithRow("CCC,D1,T1,5,holdout", m, BadRowPolicy.SKIP), m,
                SplitSpec.Given.byColumn("split"));
        assertEquals(List.of(8, 8, 4), Arrays.stream(Partition.values()).map(p -> split.examples(p).size()).toList(),
                "train and Train; valid and dev; test");
        assertEquals(List.of("train", "Train"), split.examples(Partition.TRAIN).stream().map(Example::split)
                .distinct().toList());
        Problem unknown = split.unsplit().get(0);
        assertEquals(DatasetSplitter.UNKNOWN_SPLIT_VALUE, unknown.reason());
        assertEquals("holdout", unknown.value());
        assertTrue(unknown.detail().startsWith("known values: train, valid, validation, val, dev, test, train0"),
                unknown.detail());
    }

    @Test
    void rowsKeptWithAProblemAreNotSplit() throws IOException {
        ColumnMapping m = mapping(ColumnKind.SMILES);
        Dataset d = loadWithRow("CCC,D1,T1,n/a,train", m, BadRowPolicy.KEEP);
        DatasetSplit split = DatasetSplitter.split(d, m, new SplitSpec.Random(F, 0));
        assertEquals(20, split.summary().total());
        assertEquals(new Problem(21, 22, null, null, DatasetSplitter.BAD_ROW,
                "y: missing-value marker"), split.unsplit().get(0));
    }

    @Test
    void aSplitByAColumnTheMappingDoesNotReadIsRefusedNamingTheMappedOnes() throws IOException {
        ColumnMapping m = mapping(ColumnKind.SMILES);
        Dataset d = load(m, BadRowPolicy.SKIP);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> DatasetSplitter.split(d, m, new SplitSpec.Grouped("cell_line", F, 0)));
        assertEquals("column 'cell_line' is not read by the column mapping; map it as an input, a group or the split "
                + "column (mapped: smiles, y, split, drug, target)", e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> DatasetSplitter.split(d, m, new SplitSpec.Scaffold("drug", F, 0)));
        assertEquals("a scaffold split needs the molecules of an input column, and 'drug' is not one (inputs: "
                + "smiles)", e.getMessage());
    }

    @Test
    void jsonListsPartitionsSharingAndUnsplitRows() throws IOException {
        ColumnMapping m = mapping(ColumnKind.SMILES);
        DatasetSplit split = DatasetSplitter.split(load(m, BadRowPolicy.SKIP), m, new SplitSpec.Grouped("drug", F,
                0));
        JsonNode json = new ObjectMapper().readTree(split.toJson());
        assertEquals(20, json.at("/partitions/train/rows").asInt() + json.at("/partitions/valid/rows").asInt()
                + json.at("/partitions/test/rows").asInt());
        assertEquals(0, json.at("/shared_groups").asInt());
        assertEquals(0, json.at("/shared_by_column/drug").asInt());
        assertEquals(0, json.at("/not_split").size());
    }

    private static String scaffold(String smiles) {
        try {
            return Scaffolds.murcko(smiles);
        } catch (InvalidMoleculeException e) {
            throw new AssertionError(e);
        }
    }
}
