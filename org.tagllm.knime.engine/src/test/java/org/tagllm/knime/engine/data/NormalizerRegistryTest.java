package org.tagllm.knime.engine.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tagllm.knime.engine.chem.MoleculeOptions;
import org.tagllm.knime.engine.data.normalize.FieldNormalizer;
import org.tagllm.knime.engine.data.normalize.InvalidValueException;
import org.tagllm.knime.engine.data.normalize.ProteinNormalizer;
import org.tagllm.knime.engine.data.normalize.SmilesNormalizer;
import org.tagllm.knime.engine.data.normalize.TextNormalizer;
import org.tagllm.knime.engine.protein.ProteinOptions;

/** Molecules and proteins are checked by default; the options reach the chemistry and protein packages. */
class NormalizerRegistryTest {

    @TempDir
    Path tmp;

    private static InvalidValueException refused(FieldNormalizer n, String value) {
        return assertThrows(InvalidValueException.class, () -> n.normalize(value), value);
    }

    @Test
    void defaultsCheckSmilesWithCdkAndKeepThemAsWritten() throws Exception {
        FieldNormalizer smiles = NormalizerRegistry.defaults().forKind(ColumnKind.SMILES);
        assertEquals("OCC", smiles.normalize(" OCC "));
        InvalidValueException e = refused(smiles, "C1CC");
        assertEquals(SmilesNormalizer.INVALID, e.reason());
        assertTrue(e.detail().startsWith("Unclosed ring"), e.detail());
        assertEquals("atom 2 (N) has valence 4; a neutral N allows 3, or 5 only as a legacy nitro, N-oxide (N=O), "
                + "azide or diazo (N#N) group without hydrogen; a nitrogen with four bonds is charged ([N+])",
                refused(smiles, "C[N](C)(C)C").detail());
    }

    @Test
    void defaultsCheckProteinsAgainstTheStandardResiduesNamingThePosition() throws Exception {
        FieldNormalizer protein = NormalizerRegistry.defaults().forKind(ColumnKind.PROTEIN);
        assertEquals("MKTAY", protein.normalize("mkt ay"));
        InvalidValueException e = refused(protein, "MKT1AY");
        assertEquals(ProteinNormalizer.INVALID, e.reason());
        assertEquals("'1' at position 4 is not one of ACDEFGHIKLMNPQRSTVWY", e.detail());
        assertEquals("'X' at position 2 is not one of ACDEFGHIKLMNPQRSTVWY (an IUPAC ambiguity code: read the column "
                + "as kind protein_iupac to accept B, Z, J and X)", refused(protein, "MX").detail());
    }

    @Test
    void proteinIupacAlsoAcceptsTheAmbiguityCodesAndNothingElse() throws Exception {
        assertEquals(ColumnKind.PROTEIN_IUPAC, ColumnKind.parse("protein-iupac"));
        assertEquals(ColumnKind.PROTEIN_IUPAC, ColumnKind.parse("PROTEIN_IUPAC"));
        FieldNormalizer iupac = NormalizerRegistry.defaults().forKind(ColumnKind.PROTEIN_IUPAC);
        assertEquals("MXKBZJ", iupac.normalize("mxkbzj"));
        assertEquals("'U' at position 3 is not one of ACDEFGHIKLMNPQRSTVWYBZJX", refused(iupac, "MKU").detail());
    }

    @Test
    void anEmptyValueIsTheSameProblemInEveryKind() {
        for (ColumnKind kind : ColumnKind.values()) {
            InvalidValueException e = refused(NormalizerRegistry.defaults().forKind(kind), "  ");
            assertEquals(TextNormalizer.EMPTY, e.reason(), kind.name());
        }
    }

    @Test
    void standardTakesTheMoleculeAndProteinOptions() throws Exception {
        NormalizerRegistry r = NormalizerRegistry.standard(MoleculeOptions.canonical().withSaltStripping(true),
                ProteinOptions.standard().withAmbiguityCodes());
        assertEquals("O=C([O-])C", r.forKind(ColumnKind.SMILES).normalize("CC(=O)[O-].[Na+]"));
        assertEquals("MXB", r.forKind(ColumnKind.PROTEIN).normalize("MXB"));
        assertEquals("C1CC", NormalizerRegistry.textOnly().forKind(ColumnKind.SMILES).normalize("C1CC"),
                "text only checks nothing but emptiness");
    }

    @Test
    void theLoaderUsesTheChecksByDefault() throws IOException {
        Path file = Files.writeString(tmp.resolve("pairs.csv"), """
                drug,protein,y
                CCO,MKTAY,1
                C1CC,MKTAY,2
                CCN,MK1AY,3
                """);
        ColumnMapping mapping = ColumnMapping.builder().input("drug", ColumnKind.SMILES)
                .input("protein", ColumnKind.PROTEIN).numericTarget("y").build();
        Dataset d = DatasetLoader.builder().badRows(BadRowPolicy.KEEP).build().load(TableSpec.of(file, mapping));
        assertEquals(List.of(false, true, true), d.examples().stream().map(Example::hasProblem).toList());
        assertTrue(d.examples().get(1).problem().startsWith("drug: invalid SMILES (Unclosed ring"),
                d.examples().get(1).problem());
        assertEquals("protein: invalid protein sequence ('1' at position 3 is not one of ACDEFGHIKLMNPQRSTVWY)",
                d.examples().get(2).problem());
        assertEquals(4, d.examples().get(2).line());
    }
}
