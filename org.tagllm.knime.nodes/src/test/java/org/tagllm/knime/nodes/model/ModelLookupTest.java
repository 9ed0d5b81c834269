package org.tagllm.knime.nodes.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tagllm.knime.engine.bank.BaseModelFingerprint;
import org.tagllm.knime.engine.demo.DemoModel;
import org.tagllm.knime.nodes.NodeFixture;
import org.tagllm.knime.nodes.RecordingProgress;
import org.tagllm.knime.nodes.TestBanks;
import org.tagllm.knime.nodes.common.ModelOutput;
import org.tagllm.knime.nodes.exec.NodeFailedException;
import org.tagllm.knime.nodes.port.TagModelPortContent;
import org.tagllm.knime.nodes.pretrain.DomainPretrainNode;
import org.tagllm.knime.nodes.table.CellType;
import org.tagllm.knime.nodes.train.TagTrainerNode;

/** Model locations resolved at execution, and the model found by fingerprint where they do not resolve. */
class ModelLookupTest {

    @TempDir
    static Path tmp;

    static NodeFixture fixture;
    static Path workflow;
    static Path library;
    static BaseModelFingerprint demo;

    @BeforeAll
    static void setUp() throws Exception {
        fixture = new NodeFixture(tmp);
        // A workspace: the workflow beside a models folder holding the demo model under another name, and a second,
        // different model (same weights, another configuration) sorted before it.
        workflow = Files.createDirectories(tmp.resolve("workspace/flow"));
        library = Files.createDirectories(tmp.resolve("library"));
        DemoModel.write(library.resolve("team/tiny"));
        Path other = library.resolve("a-other");
        DemoModel.write(other);
        Path config = other.resolve("config.json");
        Files.writeString(config, Files.readString(config).replaceFirst("\"rms_norm_eps\"\\s*:\\s*[^,}]+",
                "\"rms_norm_eps\": 0.001"));
        demo = ModelLookup.fingerprint(fixture.modelDir);
        assertTrue(demo != null && !demo.equals(ModelLookup.fingerprint(other)), "two different models");
    }

    @AfterAll
    static void tearDown() {
        fixture.close();
    }

    static ModelLookup lookup(List<Path> search) {
        return new ModelLookup(new ModelLocation.Roots() {
            @Override
            public Path workflowFolder() {
                return workflow;
            }

            @Override
            public Path mountpointRoot() {
                return workflow.getParent();
            }
        }, search);
    }

    @Test
    void aLocationThatResolvesIsUsedAsItIs() throws Exception {
        Path demoCopy = Files.createDirectories(tmp.resolve("workspace/models"));
        DemoModel.write(demoCopy.resolve("demo"));
        assertEquals(demoCopy.resolve("demo"), lookup(List.of()).locate("base model folder",
                "knime://knime.workflow/../models/demo", demo));
        assertEquals(demoCopy.resolve("demo"), lookup(List.of()).locate("base model folder",
                "knime://knime.mountpoint/models/demo", null));
    }

    @Test
    void aMissingFolderIsFoundByFingerprintInTheSearchFolders() throws Exception {
        assertEquals(library.resolve("team/tiny"), lookup(List.of(tmp.resolve("nowhere"), library))
                .locate("base model folder", "/home/someone-else/models/tiny", demo));
        assertEquals(Optional.empty(), lookup(List.of(library)).search(TestBanks.fingerprint('e')));
    }

    @Test
    void aFolderHoldingAnotherModelIsNotUsed() throws Exception {
        assertEquals(library.resolve("team/tiny"), lookup(List.of(library)).locate("base model folder",
                library.resolve("a-other").toString(), demo));
    }

    @Test
    void notFoundNamesTheLocationWhereItResolvedAndTheFoldersSearched() {
        NodeFailedException e = assertThrows(NodeFailedException.class, () -> lookup(List.of(tmp.resolve("nowhere"),
                library.resolve("a-other"))).locate("base model folder", "knime://knime.workflow/../gone", demo));
        assertEquals("base model folder 'knime://knime.workflow/../gone': resolved to " + tmp.resolve("workspace/gone")
                + ", which does not exist; no model with the tag model's fingerprint (" + demo.describe() + ") in the "
                + "model folders searched: " + tmp.resolve("nowhere") + ", " + library.resolve("a-other")
                + ". Add the folder holding the model to the Tag-LLM preferences' model folders", e.getMessage());
        NodeFailedException none = assertThrows(NodeFailedException.class, () -> new ModelLookup(
                ModelLocation.Roots.NONE, List.of()).locate("base model folder", "knime://knime.workflow/m", demo));
        assertTrue(none.getMessage().contains("it cannot be resolved here (the workflow's folder is not known on this "
                + "machine); no model with the tag model's fingerprint") && none.getMessage().contains("none are set"),
                none.getMessage());
    }

    @Test
    void nodesResolveAtExecutionAndTheTrainerFindsAMovedModelByFingerprint() throws Exception {
        Path models = Files.createDirectories(tmp.resolve("workspace/shared-models"));
        DemoModel.write(models.resolve("demo"));
        String portable = "knime://knime.workflow/../shared-models/demo";
        ModelOutput pretrained = DomainPretrainNode.execute(NodeFixture.molecules(12, 3, CellType.SMILES),
                fixture.pretrain("smiles", "<SMILES>", 1).withBaseModelFolder(portable), fixture.engine,
                new RecordingProgress(), fixture.workDir, lookup(List.of()));
        assertEquals(portable, pretrained.port().baseModelFolder(), "the port keeps the portable location");

        // The same port on a machine where the location does not resolve: the trainer finds the model by fingerprint.
        TagModelPortContent elsewhere = new TagModelPortContent(pretrained.port().bank(), "/gone/demo",
                List.of(), Map.of());
        ModelOutput trained = TagTrainerNode.execute(List.of(elsewhere), NodeFixture.molecules(12, 4,
                CellType.SMILES), null, NodeFixture.carbons(1), fixture.engine, new RecordingProgress(),
                fixture.workDir, lookup(List.of(library)));
        assertEquals(1.0, trained.flowVariables().get(TagTrainerNode.STEPS));
        assertThrows(NodeFailedException.class, () -> TagTrainerNode.execute(List.of(elsewhere),
                NodeFixture.molecules(12, 4, CellType.SMILES), null, NodeFixture.carbons(1), fixture.engine,
                new RecordingProgress(), fixture.workDir, lookup(List.of())));
    }
}
