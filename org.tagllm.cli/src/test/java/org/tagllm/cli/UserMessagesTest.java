package org.tagllm.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tagllm.knime.engine.demo.DemoModel;

/**
 * Issue 12, item 7: messages written for the user, not for Java. Each names the option, file or key the user gave,
 * and says what to do; none shows Java names, library internals or hidden file names.
 */
class UserMessagesTest {

    @TempDir
    static Path tmp;

    static Path model;
    static Path corpus;
    static Path smilesBank;
    static Path functionBank;
    static Path data;

    private static final List<String> MOLECULES = CliFixtures.molecules(10);

    @BeforeAll
    static void banks() throws Exception {
        model = tmp.resolve("demo");
        DemoModel.write(model);
        corpus = Files.write(tmp.resolve("corpus.smi"), MOLECULES);
        smilesBank = tmp.resolve("smiles.bank");
        CliRun stage1 = CliRun.of("pretrain-domain", "--model", model.toString(), "--corpus", "<SMILES>=" + corpus,
                "--out", smilesBank.toString(), "--vectors", "2", "--max-steps", "1", "--batch", "4");
        assertEquals(0, stage1.exitCode(), stage1::toString);
        StringBuilder table = new StringBuilder("smiles,y\n");
        MOLECULES.forEach(m -> table.append(m).append(',').append(m.length()).append('\n'));
        data = Files.writeString(tmp.resolve("y.csv"), table.toString());
        functionBank = tmp.resolve("y.bank");
        CliRun stage2 = CliRun.of(train(functionBank));
        assertEquals(0, stage2.exitCode(), stage2::toString);
    }

    private static String[] train(Path out, String... more) {
        return Stream.concat(Stream.of("train", "--model", model.toString(), "--bank", smilesBank.toString(),
                "--data", data.toString(), "--function-tag", "<Y>", "--input", "smiles:smiles=<SMILES>", "--target",
                "y", "--out", out.toString(), "--vectors", "2", "--max-steps", "1", "--batch", "4"), Stream.of(more))
                .toArray(String[]::new);
    }

    private static String[] pretrain(String... more) {
        return Stream.concat(Stream.of("pretrain-domain", "--model", model.toString(), "--corpus",
                "<SMILES>=" + corpus, "--out", tmp.resolve("unused.bank").toString(), "--max-steps", "1"),
                Stream.of(more)).toArray(String[]::new);
    }

    private static String[] predict(Path bank, Path rows, Path out) {
        return new String[] {"predict", "--model", model.toString(), "--bank", bank.toString(), "--data",
            rows.toString(), "--out", out.toString()};
    }

    @Test
    void anUnknownTaskTypeListsTheTypes() {
        CliRun run = CliRun.of(train(tmp.resolve("t.bank"), "--task", "ranking"));
        assertBadInput(run, "--task 'ranking' is not a task type; use regression, classification or generation");
        assertFalse(run.err().contains("enum"), run::toString);
    }

    @Test
    void anUnknownBadRowPolicyIsRefusedNamingTheOptionAndThePolicies() {
        CliRun train = CliRun.of(train(tmp.resolve("b.bank"), "--bad-rows", "ignore"));
        assertBadInput(train, "--bad-rows unknown bad-row policy 'ignore'; policies are [fail, skip, keep]");
        CliRun pretrain = CliRun.of(pretrain("--bad-rows", "Ignore"));
        assertBadInput(pretrain, "--bad-rows unknown bad-row policy 'Ignore'; policies are [fail, skip, keep]");
    }

    @Test
    void aNegativeMaxTokensIsNamed() {
        CliRun run = CliRun.of("generate", "--model", model.toString(), "--prompt", "hi", "--max-tokens", "-5");
        assertBadInput(run, "--max-tokens must be at least 0, got -5");
        assertFalse(run.err().contains("null"), run::toString);
    }

    @Test
    void trainingSettingsAreCalledByTheirOptionNames() {
        assertBadInput(CliRun.of(pretrain("--lr", "0")), "--lr must be positive and finite, got 0.0");
        assertBadInput(CliRun.of(pretrain("--warmup", "1.5")), "--warmup must lie in [0, 1), got 1.5");
        assertBadInput(CliRun.of(pretrain("--batch", "0")), "--batch must be at least 1, got 0");
        assertBadInput(CliRun.of(pretrain("--weight-decay", "-1")), "--weight-decay must be at least 0 and finite");
        for (String engineName : List.of("learningRate", "warmupFraction", "batchSize")) {
            assertFalse(CliRun.of(pretrain("--lr", "0", "--warmup", "2", "--batch", "0")).err().contains(engineName));
        }
    }

    @Test
    void aValidationShareOutOfRangeNamesTheOption() {
        CliRun run = CliRun.of(train(tmp.resolve("v.bank"), "--valid", "1.5"));
        assertBadInput(run, "--valid 1.5", "[0, 1)");
        assertFalse(run.err().contains("train fraction"), run::toString);
        assertBadInput(CliRun.of(train(tmp.resolve("v.bank"), "--valid", "0.6", "--test", "0.5")),
                "--valid 0.6 and --test 0.5 leave no rows for training");
    }

    @Test
    void aFolderGivenAsDataIsNamed() throws Exception {
        Path folder = Files.createDirectories(tmp.resolve("rows.csv"));
        assertBadInput(CliRun.of(predict(functionBank, folder, tmp.resolve("p.csv"))), folder + " is a folder");
        Path corpusFolder = Files.createDirectories(tmp.resolve("corpus-folder.smi"));
        assertBadInput(CliRun.of(pretrain("--corpus", "<T>=" + corpusFolder)), corpusFolder + " is a folder");
    }

    @Test
    void aFolderGivenAsOutputIsNamedWithoutTheHiddenTemporaryFile() throws Exception {
        Path folder = Files.createDirectories(tmp.resolve("predictions"));
        CliRun run = CliRun.of(predict(functionBank, data, folder));
        assertBadInput(run, folder + " is a folder; give the name of a file to write");
        assertFalse(run.err().contains(".tmp"), run::toString);
    }

    @Test
    void aBankJsonValueOfTheWrongTypeSaysWhereAndWhatIsExpected() throws Exception {
        for (String value : List.of("\"many\"", "2.5", "true")) {
            Path bank = copyOf(functionBank, "typed-" + value.length() + ".bank");
            Path manifest = bank.resolve("bank.json");
            ObjectNode json = (ObjectNode) new ObjectMapper().readTree(manifest.toFile());
            ((ObjectNode) json.get("tags").get(0)).set("vectors", new ObjectMapper().readTree(value));
            Files.writeString(manifest, json.toPrettyString());
            CliRun run = CliRun.of(predict(bank, data, tmp.resolve("p.csv")));
            assertBadInput(run, manifest + ": tags[0] (<SMILES>).vectors: expected a whole number, got " + value);
            assertFalse(run.err().contains("Cannot") || run.err().contains("CoercionConfig"), run::toString);
        }
    }

    @Test
    void aStageOneBankGivenToPredictSaysToTrainAFunctionTag() {
        CliRun run = CliRun.of(predict(smilesBank, data, tmp.resolve("p.csv")));
        assertBadInput(run, "holds only domain tags", "train a function tag on it first", "tagllm train");
        assertFalse(run.err().contains("[]"), run::toString);
    }

    @Test
    void composeSaysWhereTheBankWasWritten() {
        Path out = tmp.resolve("composed.bank");
        CliRun run = CliRun.of("compose", "--domain-bank", smilesBank.toString(), "--function-bank",
                functionBank.toString(), "--function-tag", "<Y>", "--out", out.toString());
        assertEquals(0, run.exitCode(), run::toString);
        assertTrue(run.out().startsWith("wrote bank " + out + " (tags "), run::toString);
        assertFalse(run.out().contains("unsaved"), run::toString);
    }

    @Test
    void controlBytesFromABinaryFileAreNotEchoed() throws Exception {
        Path binary = tmp.resolve("binary.csv");
        Files.write(binary, "smi\u0001\u001b[31mles\r,y\nCCO,1\n".getBytes(StandardCharsets.ISO_8859_1));
        CliRun run = CliRun.of(predict(functionBank, binary, tmp.resolve("p.csv")));
        assertBadInput(run, binary.toString(), "smi\\x01\\x1B[31mles");
        assertTrue(run.err().strip().chars().noneMatch(Character::isISOControl), run::toString);
    }

    @Test
    void cdkKeepsItsLogOffStandardError() throws Exception {
        Path sdf = Files.writeString(tmp.resolve("bad.sdf"), """
                bad
                  x

                  2  1  0  0  0  0  0  0  0  0999 V2000
                    0.0000    0.0000    0.0000 C   0  0  0  0  0  0  0  0  0  0  0  0
                    1.0000    0.0000    0.0000 C   0  0  0  0  0  0  0  0  0  0  0  0
                  1  2  9  0
                M  END
                > <y>
                1

                $$$$
                """);
        PrintStream systemErr = System.err;
        PrintStream systemOut = System.out;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        CliRun run;
        try (PrintStream capture = new PrintStream(captured, true, StandardCharsets.UTF_8)) {
            System.setErr(capture);
            System.setOut(capture);
            run = CliRun.of("inspect", "--data", sdf.toString(), "--input", "smiles:smiles", "--target", "y");
        } finally {
            System.setErr(systemErr);
            System.setOut(systemOut);
        }
        assertEquals(0, run.exitCode(), run::toString);
        assertTrue(run.out().contains("unreadable SD record"), "the record is still reported: " + run);
        assertEquals("", captured.toString(StandardCharsets.UTF_8), "CDK wrote to the console");
    }

    private static Path copyOf(Path bank, String name) throws Exception {
        Path copy = Files.createDirectories(tmp.resolve(name));
        try (Stream<Path> files = Files.list(bank)) {
            for (Path f : files.toList()) {
                Files.copy(f, copy.resolve(f.getFileName()), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
            }
        }
        return copy;
    }

    static void assertBadInput(CliRun run, String... mentions) {
        UserInputExitCodesTest.assertBadInput(run, mentions);
    }
}
