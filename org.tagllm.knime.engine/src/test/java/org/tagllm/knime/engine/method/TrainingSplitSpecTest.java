package org.tagllm.knime.engine.method;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openscience.cdk.fragment.MurckoFragmenter;
import org.openscience.cdk.interfaces.IAtomContainer;
import org.openscience.cdk.silent.SilentChemObjectBuilder;
import org.openscience.cdk.smiles.SmiFlavor;
import org.openscience.cdk.smiles.SmilesGenerator;
import org.openscience.cdk.smiles.SmilesParser;
import org.tagllm.knime.engine.data.ColumnKind;
import org.tagllm.knime.engine.data.Example;
import org.tagllm.knime.engine.demo.DemoMolecules;
import org.tagllm.knime.engine.split.Partition;
import org.tagllm.knime.engine.split.SplitFractions;
import org.tagllm.knime.engine.split.SplitSpec;
import org.tagllm.knime.engine.train.TrainingSettings;

/** Training splits its rows as a {@link SplitSpec} says, through the data layer's splitter (scaffold, group). */
class TrainingSplitSpecTest {

    @TempDir
    Path tmp;

    private static final SplitFractions FRACTIONS = new SplitFractions(0.7, 0.15, 0.15);

    @Test
    void aScaffoldSplitKeepsEveryScaffoldInOnePartition() throws Exception {
        StringBuilder csv = new StringBuilder("smiles,weight\n");
        for (DemoMolecules.Molecule m : DemoMolecules.generate(120, 5)) {
            csv.append(m.smiles()).append(',').append(m.molecularWeight()).append('\n');
        }
        Path data = Files.writeString(tmp.resolve("demo.csv"), csv.toString());
        LabelledTask task = new LabelledTask("<W>", LabelledTask.Type.REGRESSION,
                List.of(new LabelledTask.Input("smiles", ColumnKind.SMILES, "<SMILES>", null)), List.of("weight"), null,
                false);
        Map<Partition, List<Example>> parts = FunctionTraining.parts(task, DataSource.of(data),
                settings().withSplit(new SplitSpec.Scaffold("smiles", FRACTIONS, 0)));
        assertEquals(120, parts.values().stream().mapToInt(List::size).sum());
        assertTrue(parts.get(Partition.TEST).size() > 0 && parts.get(Partition.VALID).size() > 0, parts.toString());

        // Checked with CDK's own Murcko fragmenter, not the engine's scaffolds.
        Map<String, Partition> seen = new HashMap<>();
        int groups = 0;
        for (Map.Entry<Partition, List<Example>> e : parts.entrySet()) {
            for (Example row : e.getValue()) {
                String scaffold = cdkFramework(row.inputs().get("smiles"));
                Partition before = seen.put(scaffold, e.getKey());
                groups += before == null ? 1 : 0;
                assertTrue(before == null || before == e.getKey(), "scaffold " + scaffold + " in " + before + " and "
                        + e.getKey());
            }
        }
        assertTrue(groups > 10, "the demo molecules have few scaffolds: " + groups);
    }

    @Test
    void aGroupSplitByAColumnThatIsNoInputIsCold() throws Exception {
        StringBuilder csv = new StringBuilder("smiles,drug,y\n");
        List<DemoMolecules.Molecule> molecules = DemoMolecules.generate(60, 1);
        for (int i = 0; i < molecules.size(); i++) {
            csv.append(molecules.get(i).smiles()).append(",d").append(i % 12).append(',').append(i).append('\n');
        }
        Path data = Files.writeString(tmp.resolve("pairs.csv"), csv.toString());
        LabelledTask task = new LabelledTask("<Y>", LabelledTask.Type.REGRESSION,
                List.of(new LabelledTask.Input("smiles", ColumnKind.SMILES, "<SMILES>", null)), List.of("y"), null, false);
        Map<Partition, List<Example>> parts = FunctionTraining.parts(task, DataSource.of(data),
                settings().withSplit(new SplitSpec.Grouped("drug", FRACTIONS, 0)));
        Map<String, Partition> seen = new HashMap<>();
        parts.forEach((p, rows) -> rows.forEach(r -> {
            String drug = "d" + ((int) r.numericTarget()[0] % 12);
            Partition before = seen.put(drug, p);
            assertTrue(before == null || before == p, drug + " in " + before + " and " + p);
        }));
        assertEquals(60, parts.values().stream().mapToInt(List::size).sum());
    }

    @Test
    void aSplitColumnPlacesRowsAsTheSplitterDoesAndCarvesValidationFromTrain() throws Exception {
        StringBuilder csv = new StringBuilder("smiles,part,y\n");
        List<DemoMolecules.Molecule> molecules = DemoMolecules.generate(40, 3);
        for (int i = 0; i < molecules.size(); i++) {
            String part = i == 7 ? "holdout" : i % 4 == 0 ? "test" : "train";
            csv.append(molecules.get(i).smiles()).append(',').append(part).append(',').append(i).append('\n');
        }
        Path data = Files.writeString(tmp.resolve("parts.csv"), csv.toString());
        LabelledTask task = new LabelledTask("<Y>", LabelledTask.Type.REGRESSION,
                List.of(new LabelledTask.Input("smiles", ColumnKind.SMILES, "<SMILES>", null)), List.of("y"), null, false);
        FunctionTraining.Settings byColumn = FunctionTraining.Settings.builder().optVectors(2).optMaxTokens(64)
                .optSplitColumn("part").optValidFraction(0.25).optTestFraction(0.1)
                .setTraining(TrainingSettings.builder().setBatchSize(2).optEpochs(1).optSeed(0).build()).build();
        Map<Partition, List<Example>> parts = FunctionTraining.parts(task, DataSource.of(data), byColumn);

        // The unknown value 'holdout' is a bad row the loader skipped, in no partition.
        assertEquals(39, parts.values().stream().mapToInt(List::size).sum());
        assertEquals(List.of(0, 4, 8, 12, 16, 20, 24, 28, 32, 36), targets(parts.get(Partition.TEST)));
        // The column has no validation rows: they come from the training rows, each part in file order.
        List<Integer> trainOrValid = new java.util.ArrayList<>(targets(parts.get(Partition.TRAIN)));
        trainOrValid.addAll(targets(parts.get(Partition.VALID)));
        trainOrValid.sort(null);
        assertEquals(29, trainOrValid.size());
        assertTrue(trainOrValid.stream().allMatch(t -> t % 4 != 0 && t != 7), trainOrValid.toString());
        assertTrue(parts.get(Partition.VALID).size() > 0, parts.toString());
        parts.values().forEach(rows -> assertEquals(rows.stream().sorted(java.util.Comparator.comparingLong(
                Example::row)).toList(), rows));
        // Naming the split by spec instead of by column is the same split.
        Map<Partition, List<Example>> bySpec = FunctionTraining.parts(task, DataSource.of(data),
                byColumn.toBuilder().optSplitColumn(null).optSplit(SplitSpec.Given.byColumn("part")).build());
        for (Partition p : Partition.values()) {
            assertEquals(targets(parts.get(p)), targets(bySpec.get(p)), p.toString());
        }
    }

    private static List<Integer> targets(List<Example> rows) {
        return rows.stream().map(r -> (int) r.numericTarget()[0]).toList();
    }

    @Test
    void aSplitSpecAndASplitColumnTogetherAreRefused() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> FunctionTraining.Settings.builder()
                .optVectors(2).optMaxTokens(16).optSplitColumn("part").setTraining(TrainingSettings.builder()
                .setBatchSize(2).optEpochs(1).build()).build().withSplit(new SplitSpec.Scaffold("smiles", FRACTIONS, 0)));
        assertTrue(e.getMessage().contains("part"), e.getMessage());
    }

    private static FunctionTraining.Settings settings() {
        return FunctionTraining.Settings.builder().optVectors(2).optMaxTokens(64)
                .setTraining(TrainingSettings.builder().setBatchSize(2).optEpochs(1).optSeed(0).build()).build();
    }

    /** CDK's Murcko framework as unique SMILES; "" for a molecule without a ring. */
    private static String cdkFramework(String smiles) throws Exception {
        IAtomContainer molecule = new SmilesParser(SilentChemObjectBuilder.getInstance()).parseSmiles(smiles);
        MurckoFragmenter fragmenter = new MurckoFragmenter(true, 1);
        fragmenter.generateFragments(molecule);
        IAtomContainer[] frameworks = fragmenter.getFrameworksAsContainers();
        if (frameworks.length == 0) {
            IAtomContainer[] rings = fragmenter.getRingSystemsAsContainers();
            return rings.length == 0 ? "" : new SmilesGenerator(SmiFlavor.Unique).create(rings[0]);
        }
        return new SmilesGenerator(SmiFlavor.Unique).create(frameworks[0]);
    }
}
