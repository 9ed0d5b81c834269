package org.tagllm.knime.engine.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.tagllm.knime.engine.SharedData;
import org.tagllm.knime.engine.chem.MoleculeOptions;
import org.tagllm.knime.engine.data.normalize.ProteinNormalizer;
import org.tagllm.knime.engine.protein.ProteinOptions;

/** Real tables from the shared data folder load whole. */
class SharedTablesTest {

    @Test
    void esolLoadsEveryRow() throws IOException {
        Path esol = SharedData.require("molecules/esol.csv");
        ColumnMapping mapping = ColumnMapping.builder().input("smiles", ColumnKind.SMILES)
                .numericTarget("log_solubility").build();
        try (ExampleStream examples = DatasetLoader.builder().badRows(BadRowPolicy.FAIL).build()
                .stream(TableSpec.of(esol, mapping))) {
            DatasetSummary s = DatasetSummary.of(examples, mapping, null);
            assertEquals(1128, s.report().rowsRead());
            assertEquals(1128, s.report().rowsUsed());
            assertEquals(5, s.report().duplicateInputs());
            assertEquals(3, s.report().conflictingInputs());
            NumericStats y = s.targets().get("log_solubility");
            assertEquals(-3.0501, y.mean(), 1e-4);
            assertEquals(2.0964, y.std(), 1e-4);
            assertEquals(-11.6, y.min());
            assertEquals(1.58, y.max());
        }
    }

    @Test
    void davisPairsReadWithGroupsAndSplits() throws IOException {
        Path davis = SharedData.require("dti/davis_pairs.csv");
        ColumnMapping mapping = ColumnMapping.builder().input("drug_idx", ColumnKind.TEXT)
                .input("target_idx", ColumnKind.TEXT).numericTarget("affinity").split("split")
                .group("drug_idx").group("target_idx").build();
        Dataset d = DatasetLoader.builder().badRows(BadRowPolicy.FAIL).build().load(TableSpec.of(davis, mapping));
        assertEquals(30056, d.examples().size());
        assertEquals(0, d.report().duplicateInputs(), "each drug–target pair once");
        Example first = d.examples().get(0);
        assertEquals(Map.of("drug_idx", "0", "target_idx", "0"), first.groups());
        assertEquals("train3", first.split());
        assertEquals(7.36653, first.numericTarget()[0]);
        Set<String> splits = d.examples().stream().map(Example::split).collect(Collectors.toSet());
        assertEquals(Set.of("test", "train0", "train1", "train2", "train3", "train4"), splits);
        assertEquals(68, d.examples().stream().map(e -> e.groups().get("drug_idx")).distinct().count());
        assertEquals(442, d.examples().stream().map(e -> e.groups().get("target_idx")).distinct().count());
    }

    /**
     * 77 of the 11,156 PDB chains hold residues beyond the standard 20: X (unknown, 166 times), U (selenocysteine,
     * 10) and O (pyrrolysine, 1). The default check refuses them, naming the letter and its position; with the
     * ambiguity codes and the rare residues allowed, every chain reads.
     */
    @Test
    void proteinCorpusFastaReadsWithoutBadRecords() throws IOException {
        Path fasta = SharedData.require("corpus/proteins.fasta");
        ColumnMapping mapping = ColumnMapping.builder().input("sequence", ColumnKind.PROTEIN).build();
        DataReport standard = DatasetLoader.builder().badRows(BadRowPolicy.SKIP).build()
                .load(TableSpec.of(fasta, mapping)).report();
        assertEquals(11156 - 77, standard.rowsUsed());
        assertEquals(77, standard.count(ProteinNormalizer.INVALID));
        assertTrue(standard.reasons().get(0).examples().get(0).detail().matches(
                "'[XUO]' at position \\d+ is not one of ACDEFGHIKLMNPQRSTVWY.*"),
                standard.reasons().get(0).examples().get(0).describe());

        NormalizerRegistry wide = NormalizerRegistry.standard(MoleculeOptions.asGiven(),
                ProteinOptions.standard().withAmbiguityCodes().withRareResidues());
        Dataset d = DatasetLoader.builder().badRows(BadRowPolicy.FAIL).normalizers(wide).build()
                .load(TableSpec.of(fasta, mapping));
        assertEquals(11156, d.report().rowsUsed());
        assertTrue(d.examples().stream().allMatch(e -> e.inputs().get("sequence").chars()
                .allMatch(Character::isLetter)), "joined sequences hold letters only");
    }
}
