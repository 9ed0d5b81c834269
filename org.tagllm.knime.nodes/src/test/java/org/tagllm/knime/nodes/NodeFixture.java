package org.tagllm.knime.nodes;

import java.io.StringWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.openscience.cdk.interfaces.IAtomContainer;
import org.openscience.cdk.io.MDLV2000Writer;
import org.openscience.cdk.silent.SilentChemObjectBuilder;
import org.openscience.cdk.smiles.SmilesParser;
import org.tagllm.knime.engine.data.BadRowPolicy;
import org.tagllm.knime.engine.demo.DemoModel;
import org.tagllm.knime.engine.service.LocalTagEngine;
import org.tagllm.knime.nodes.common.TrainingParameters;
import org.tagllm.knime.nodes.port.TagModelPortContent;
import org.tagllm.knime.nodes.pretrain.DomainPretrainNode;
import org.tagllm.knime.nodes.pretrain.DomainPretrainSettings;
import org.tagllm.knime.nodes.table.CellType;
import org.tagllm.knime.nodes.table.ColumnSpec;
import org.tagllm.knime.nodes.table.InMemoryTable;
import org.tagllm.knime.nodes.table.TableShape;
import org.tagllm.knime.nodes.train.InputMapping;
import org.tagllm.knime.nodes.train.TagTrainerSettings;

/**
 * The demo model, an engine, and small tables: molecules with their carbon count and a size class, protein
 * sequences, and molecule–protein pairs. Settings train in a few optimizer steps.
 */
public final class NodeFixture implements AutoCloseable {

    public static final String[] FRAGMENTS = {"C", "CC", "O", "N", "c1ccccc1", "C(=O)O", "CCO", "C(Cl)", "C(C#N)"};
    public static final String RESIDUES = "ACDEFGHIKLMNPQRSTVWY";

    public final Path modelDir;
    public final Path workDir;
    public final LocalTagEngine engine;

    public NodeFixture(Path tmp) throws Exception {
        this.modelDir = DemoModel.ensure(tmp.resolve("demo"));
        this.workDir = tmp.resolve("work");
        this.engine = LocalTagEngine.builder().optThreads(2).build();
    }

    /** {@code n} molecules: smiles (as {@code type}), carbons (double), size ("few" up to 4 carbons, else "many"). */
    public static InMemoryTable molecules(int n, long seed, CellType type) {
        InMemoryTable.Builder b = InMemoryTable.builder(TableShape.of(ColumnSpec.of("smiles", type),
                ColumnSpec.of("carbons", CellType.DOUBLE), ColumnSpec.of("size", CellType.STRING)));
        for (String s : smiles(n, seed)) {
            double carbons = s.chars().filter(c -> c == 'C').count();
            b.addCells(s, carbons, carbons <= 4 ? "few" : "many");
        }
        return b.build();
    }

    /** {@code n} chains of SMILES fragments. */
    public static List<String> smiles(int n, long seed) {
        Random r = new Random(seed);
        List<String> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            StringBuilder s = new StringBuilder("C");
            for (int j = 0, k = 1 + r.nextInt(5); j < k; j++) {
                s.append(FRAGMENTS[r.nextInt(FRAGMENTS.length)]);
            }
            out.add(s.toString());
        }
        return out;
    }

    /** {@code n} protein sequences of 8 to 20 residues, in one string column "sequence". */
    public static InMemoryTable proteins(int n, long seed) {
        InMemoryTable.Builder b = InMemoryTable.builder(TableShape.of(ColumnSpec.of("sequence", CellType.STRING)));
        Random r = new Random(seed);
        for (int i = 0; i < n; i++) {
            b.addCells(sequence(r));
        }
        return b.build();
    }

    private static String sequence(Random r) {
        StringBuilder s = new StringBuilder();
        for (int j = 0, k = 8 + r.nextInt(13); j < k; j++) {
            s.append(RESIDUES.charAt(r.nextInt(RESIDUES.length())));
        }
        return s.toString();
    }

    /** Molecule–protein pairs with an affinity of carbons plus lysines (K). */
    public static InMemoryTable pairs(int n, long seed) {
        InMemoryTable.Builder b = InMemoryTable.builder(TableShape.of(ColumnSpec.of("smiles", CellType.SMILES),
                ColumnSpec.of("sequence", CellType.STRING), ColumnSpec.of("affinity", CellType.DOUBLE)));
        Random r = new Random(seed);
        for (String s : smiles(n, seed)) {
            String p = sequence(r);
            b.addCells(s, p, (double) (s.chars().filter(c -> c == 'C').count() + p.chars().filter(c -> c == 'K')
                    .count()));
        }
        return b.build();
    }

    /** A V2000 mol block of a SMILES, written by CDK (no coordinates: the molecules have no stereo). */
    public static String molBlock(String smiles) throws Exception {
        IAtomContainer m = new SmilesParser(SilentChemObjectBuilder.getInstance()).parseSmiles(smiles);
        StringWriter out = new StringWriter();
        try (MDLV2000Writer w = new MDLV2000Writer(out)) {
            w.write(m);
        }
        return out.toString();
    }

    /** A few steps: batch 8, learning rate 1e-2, seed 7. */
    public static TrainingParameters steps(long steps) {
        return TrainingParameters.defaults().withBatchSize(8).withLearningRate(1e-2).withSeed(7).withMaxSteps(steps);
    }

    public DomainPretrainSettings pretrain(String column, String tag, long steps) {
        return DomainPretrainSettings.defaults().withBaseModelFolder(modelDir.toString()).withColumn(column)
                .withTagName(tag).withVectors(2).withMaxTokens(48).withHoldout(0.2, 4).withTraining(steps(steps));
    }

    /** A {@code <SMILES>} tag model learned by the Domain Tag Pretrain node on {@code rows} molecules. */
    public TagModelPortContent smilesTags(int rows, long seed, long steps) throws Exception {
        return DomainPretrainNode.execute(molecules(rows, seed, CellType.SMILES), pretrain("smiles", "<SMILES>", steps),
                engine, new RecordingProgress(), workDir).port();
    }

    /** Regression of carbons from smiles behind {@code <SMILES>}, without calibration (the tests that want it ask). */
    public static TagTrainerSettings carbons(long steps) {
        return TagTrainerSettings.defaults().withFunctionTag("<Carbons>")
                .withInputs(List.of(InputMapping.of("smiles", "<SMILES>"))).withRegression(List.of("carbons"))
                .withVectors(2).withMaxTokens(48).withTraining(steps(steps)).withBadRows(BadRowPolicy.SKIP)
                .withCalibration(false, TagTrainerSettings.DEFAULT_COVERAGE);
    }

    @Override
    public void close() {
        engine.close();
    }
}
