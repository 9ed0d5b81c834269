package org.tagllm.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tagllm.knime.engine.demo.DemoModel;
import org.tagllm.knime.nodes.bankio.TagModelReaderNode;
import org.tagllm.knime.nodes.bankio.TagModelReaderSettings;
import org.tagllm.knime.nodes.bankio.TagModelWriterNode;
import org.tagllm.knime.nodes.bankio.TagModelWriterSettings;
import org.tagllm.knime.nodes.exec.NodeFailedException;
import org.tagllm.knime.nodes.model.ModelLocation;
import org.tagllm.knime.nodes.port.TagModelPortContent;

/** Tag Model Reader and Writer against banks the command line writes: bit-exact both ways. */
class TagModelReaderWriterTest {

    @TempDir
    static Path tmp;

    static Path model;
    static Path cliBank;

    /** The workflow lives in tmp/workspace/flow; banks are addressed relative to it. */
    static final ModelLocation.Roots ROOTS = new ModelLocation.Roots() {
        @Override
        public Path workflowFolder() {
            return tmp.resolve("workspace/flow");
        }

        @Override
        public Path mountpointRoot() {
            return tmp.resolve("workspace");
        }
    };

    @BeforeAll
    static void cliWritesABank() throws Exception {
        model = tmp.resolve("demo");
        DemoModel.write(model);
        Path corpus = Files.write(tmp.resolve("corpus.smi"), CliFixtures.molecules(12));
        cliBank = tmp.resolve("workspace/banks/smiles.bank");
        CliRun run = CliRun.of("pretrain-domain", "--model", model.toString(), "--corpus", "<SMILES>=" + corpus,
                "--out", cliBank.toString(), "--vectors", "2", "--max-steps", "2", "--batch", "4", "--holdout", "0.25");
        assertEquals(0, run.exitCode(), run::toString);
    }

    static void assertSameFiles(Path expected, Path actual) throws IOException {
        List<String> names = names(expected);
        assertEquals(names, names(actual));
        for (String n : names) {
            assertArrayEquals(Files.readAllBytes(expected.resolve(n)), Files.readAllBytes(actual.resolve(n)), n);
        }
    }

    static List<String> names(Path dir) throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

    @Test
    void aCliBankReadAndWrittenAgainIsByteIdenticalAlsoAfterTheWorkflowSavedThePort() throws Exception {
        TagModelReaderSettings read = TagModelReaderSettings.defaults()
                .withBankFolder("knime://knime.workflow/../banks/smiles.bank").withBaseModelFolder(model.toString());
        TagModelPortContent port = TagModelReaderNode.execute(read, ROOTS);
        assertEquals(TagModelReaderNode.configure(read, ROOTS), port.spec(), "configure reads the same spec");
        assertEquals(model.toString(), port.baseModelFolder());

        Path written = TagModelWriterNode.execute(port, TagModelWriterSettings.defaults()
                .withBankFolder("knime://knime.mountpoint/out/smiles.bank"), ROOTS);
        assertEquals(tmp.resolve("workspace/out/smiles.bank"), written);
        assertSameFiles(cliBank, written);

        // The port as the workflow stores it (file store), loaded again, written again: still the CLI's bytes.
        port.write(tmp.resolve("filestore"));
        Path again = TagModelWriterNode.execute(TagModelPortContent.read(tmp.resolve("filestore")),
                TagModelWriterSettings.defaults().withBankFolder(tmp.resolve("again.bank").toString()), ROOTS);
        assertSameFiles(cliBank, again);
    }

    @Test
    void theCliTrainsOnABankTheWriterWroteAndItsOutputReadsBackByteIdentical() throws Exception {
        TagModelPortContent port = TagModelReaderNode.execute(TagModelReaderSettings.defaults()
                .withBankFolder(cliBank.toString()).withBaseModelFolder(model.toString()), ROOTS);
        Path fromWorkflow = TagModelWriterNode.execute(port, TagModelWriterSettings.defaults()
                .withBankFolder(tmp.resolve("from-workflow.bank").toString()), ROOTS);
        StringBuilder table = new StringBuilder("smiles,carbons\n");
        for (String m : CliFixtures.molecules(12)) {
            table.append(m).append(',').append(m.chars().filter(c -> c == 'C').count()).append('\n');
        }
        Path data = Files.writeString(tmp.resolve("carbons.csv"), table.toString());
        Path trained = tmp.resolve("carbons.bank");
        CliRun train = CliRun.of("train", "--model", model.toString(), "--bank", fromWorkflow.toString(), "--data",
                data.toString(), "--function-tag", "<Carbons>", "--input", "smiles:smiles=<SMILES>", "--target",
                "carbons", "--out", trained.toString(), "--vectors", "2", "--max-steps", "2", "--batch", "4");
        assertEquals(0, train.exitCode(), train::toString);

        TagModelPortContent back = TagModelReaderNode.execute(TagModelReaderSettings.defaults()
                .withBankFolder(trained.toString()).withBaseModelFolder(model.toString()), ROOTS);
        assertEquals(List.of("<SMILES>", "<Carbons>"), back.spec().tags().stream().map(t -> t.name()).toList());
        assertSameFiles(trained, TagModelWriterNode.execute(back, TagModelWriterSettings.defaults()
                .withBankFolder(tmp.resolve("carbons-again.bank").toString()), ROOTS));
    }

    @Test
    void anExistingFolderIsKeptUnlessOverwriteIsTickedAndAMissingBankIsNamed() throws Exception {
        TagModelPortContent port = TagModelReaderNode.execute(TagModelReaderSettings.defaults()
                .withBankFolder(cliBank.toString()).withBaseModelFolder(model.toString()), ROOTS);
        Path target = Files.createDirectories(tmp.resolve("taken.bank"));
        NodeFailedException e = assertThrows(NodeFailedException.class, () -> TagModelWriterNode.execute(port,
                TagModelWriterSettings.defaults().withBankFolder(target.toString()), ROOTS));
        assertEquals("bank folder '" + target + "': " + target + " exists; tick 'Overwrite' to replace the bank "
                + "there", e.getMessage());
        TagModelWriterNode.execute(port, TagModelWriterSettings.defaults().withBankFolder(target.toString())
                .withOverwrite(true), ROOTS);
        assertSameFiles(cliBank, target);

        NodeFailedException missing = assertThrows(NodeFailedException.class, () -> TagModelReaderNode.execute(
                TagModelReaderSettings.defaults().withBankFolder("knime://knime.workflow/none.bank")
                        .withBaseModelFolder(model.toString()), ROOTS));
        assertEquals("bank folder 'knime://knime.workflow/none.bank': " + tmp.resolve("workspace/flow/none.bank")
                + " does not exist", missing.getMessage());
        assertTrue(Files.isDirectory(cliBank));
    }
}
