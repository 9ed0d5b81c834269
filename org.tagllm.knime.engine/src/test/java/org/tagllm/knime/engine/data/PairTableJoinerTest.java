package org.tagllm.knime.engine.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tagllm.knime.engine.data.read.DataFileException;
import org.tagllm.knime.engine.data.read.ReaderOptions;
import org.tagllm.knime.engine.data.read.RecordReader;

/** Pairs stream and take their molecule and sequence from small tables by key; a missing key costs its pair. */
class PairTableJoinerTest {

    @TempDir
    Path tmp;

    private Path pairs;
    private Path drugs;
    private Path targets;

    @BeforeEach
    void writeTables() throws IOException {
        pairs = Files.writeString(tmp.resolve("pairs.csv"), """
                drug_idx,target_idx,affinity
                0,0,5.0
                1,0,6.5
                7,1,7.0
                1,1,5.5
                """);
        drugs = Files.writeString(tmp.resolve("drugs.csv"), "drug_idx,drug_id,smiles\n0,D0,CCO\n1,D1,c1ccccc1\n");
        targets = Files.writeString(tmp.resolve("targets.csv"), "target_idx,sequence\n0,MKTAY\n1,MKV\n");
    }

    private PairTableJoiner joiner() throws IOException {
        return PairTableJoiner.builder().join("drug_idx", KeyedTable.of(drugs, "drug_idx", "smiles"))
                .join("target_idx", KeyedTable.of(targets, "target_idx", "sequence")).build();
    }

    @Test
    void eachPairGetsItsMoleculeAndSequenceAndAnUnknownIdIsABadRowNamingIt() throws IOException {
        ColumnMapping mapping = ColumnMapping.builder().input("smiles", ColumnKind.SMILES)
                .input("sequence", ColumnKind.PROTEIN).numericTarget("affinity").group("drug_idx").build();
        Dataset d = DatasetLoader.builder().badRows(BadRowPolicy.SKIP).build()
                .load(TableSpec.of(pairs, mapping), joiner());
        assertEquals(List.of(1L, 2L, 4L), d.examples().stream().map(Example::row).toList());
        assertEquals(Map.of("smiles", "c1ccccc1", "sequence", "MKV"), d.examples().get(2).inputs());
        assertEquals(Map.of("drug_idx", "1"), d.examples().get(2).groups());

        Problem p = d.report().reasons().get(0).examples().get(0);
        assertEquals(new Problem(3, 4, null, "drug_idx=7", PairTableJoiner.UNKNOWN_KEY, "drug_idx '7' is not a key of "
                + drugs + " (column 'drug_idx', 2 keys)"), p);

        BadRowException e = assertThrows(BadRowException.class, () -> DatasetLoader.builder()
                .badRows(BadRowPolicy.FAIL).build().load(TableSpec.of(pairs, mapping), joiner()));
        assertEquals(pairs + " row 3 (line 4), value 'drug_idx=7': unknown key (drug_idx '7' is not a key of " + drugs
                + " (column 'drug_idx', 2 keys))", e.getMessage());
    }

    @Test
    void joinedColumnsFollowThePairColumns() throws IOException {
        try (RecordReader r = joiner().open(pairs, ReaderOptions.defaults())) {
            assertEquals(List.of("drug_idx", "target_idx", "affinity", "smiles", "sequence"), r.columns());
        }
    }

    @Test
    void aKeyTableMustBeWholeAndUnambiguous() throws IOException {
        Files.writeString(drugs, "drug_idx,drug_id,smiles\n0,D0,CCO\n1,D1,CCN\n0,D2,CCC\n");
        DataFileException twice = assertThrows(DataFileException.class, this::joiner);
        assertEquals(drugs + " line 4: key '0' in column 'drug_idx' was already on line 2; a pair could not tell "
                + "which row it means", twice.getMessage());

        Files.writeString(drugs, "drug_idx,drug_id,smiles\n0,D0,CCO\n1,D1\n");
        DataFileException ragged = assertThrows(DataFileException.class, this::joiner);
        assertTrue(ragged.getMessage().startsWith(drugs + " line 3: a lookup table must be read whole, but this "
                + "record cannot be: wrong number of fields"), ragged.getMessage());

        Files.writeString(drugs, "drug_idx,drug_id,smiles\n ,D0,CCO\n");
        assertEquals(drugs + " line 2: empty key in column 'drug_idx'",
                assertThrows(DataFileException.class, this::joiner).getMessage());
    }

    @Test
    void missingAndClashingColumnsAreRefusedWithTheColumnsThereAre() throws IOException {
        IllegalArgumentException noColumn = assertThrows(IllegalArgumentException.class, () -> PairTableJoiner
                .builder().join("drug_idx", KeyedTable.of(drugs, "drug_idx", "SMILES")).build());
        assertEquals(drugs + " has no column 'SMILES'; its columns are: drug_idx, drug_id, smiles",
                noColumn.getMessage());

        PairTableJoiner onCompound = PairTableJoiner.builder()
                .join("compound", KeyedTable.of(drugs, "drug_idx", "smiles")).build();
        IllegalArgumentException noJoinColumn = assertThrows(IllegalArgumentException.class,
                () -> onCompound.open(pairs, ReaderOptions.defaults()));
        assertEquals(pairs + " has no column 'compound' to join " + drugs + " on; its columns are: drug_idx, "
                + "target_idx, affinity", noJoinColumn.getMessage());

        PairTableJoiner clash = PairTableJoiner.builder()
                .join("drug_idx", KeyedTable.of(drugs, "drug_idx", "smiles"))
                .join("target_idx", KeyedTable.of(Files.writeString(tmp.resolve("t2.csv"),
                        "target_idx,smiles\n0,C\n1,N\n"), "target_idx", "smiles")).build();
        IllegalArgumentException hidden = assertThrows(IllegalArgumentException.class,
                () -> clash.open(pairs, ReaderOptions.defaults()));
        assertTrue(hidden.getMessage().startsWith("column 'smiles' of " + tmp.resolve("t2.csv") + " would hide"),
                hidden.getMessage());
    }
}
