package org.tagllm.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Numeric options out of range are bad input (exit 1) naming the option, the value and the rule, the same in every
 * command, before anything is read; none becomes a default silently (issue 12, item 5).
 */
class OptionRulesTest {

    @TempDir
    static Path tmp;

    /** Every required option given (with paths that do not exist), so only the option under test can be refused. */
    private static List<String> base(String command) {
        String model = tmp.resolve("no-model").toString();
        String out = tmp.resolve("out").toString();
        String data = tmp.resolve("no-data.csv").toString();
        return switch (command) {
            case "train" -> List.of("train", "--model", model, "--data", data, "--function-tag", "<X>", "--input",
                    "smiles=<SMILES>", "--target", "y", "--out", out);
            case "predict" -> List.of("predict", "--model", model, "--bank", tmp.resolve("no-bank").toString(),
                    "--data", data, "--out", out);
            case "pretrain-domain" -> List.of("pretrain-domain", "--model", model, "--corpus", "<SMILES>=" + data,
                    "--out", out);
            case "evaluate" -> List.of("evaluate", "--model", model, "--out", out);
            case "zero-shot" -> List.of("zero-shot", "--model", model, "--out", out);
            case "generate" -> List.of("generate", "--model", model, "--prompt", "Once");
            default -> throw new IllegalArgumentException(command);
        };
    }

    /** command, option, value, a fragment of the rule. */
    static Stream<Arguments> outOfRange() {
        return Stream.of(
                Arguments.of("train", "--patience", "-1", "at least 0"),
                Arguments.of("train", "--checkpoint-every", "-1", "at least 0"),
                Arguments.of("train", "--max-steps", "-1", "at least 0"),
                Arguments.of("train", "--max-train", "-3", "at least 0"),
                Arguments.of("train", "--max-eval", "-1", "at least 0"),
                Arguments.of("train", "--micro-batch", "0", "at least 1"),
                Arguments.of("train", "--batch", "0", "at least 1"),
                Arguments.of("train", "--epochs", "0", "at least 1"),
                Arguments.of("train", "--epochs", "-1", "at least 1"),
                Arguments.of("train", "--max-tokens", "0", "at least 1"),
                Arguments.of("train", "--vectors", "0", "at least 1"),
                Arguments.of("train", "--lr", "0", "must be positive and finite"),
                Arguments.of("train", "--lr", "-0.001", "must be positive and finite"),
                Arguments.of("train", "--lr", "NaN", "must be positive and finite"),
                Arguments.of("train", "--lr", "Infinity", "must be positive and finite"),
                Arguments.of("train", "--warmup", "1", "[0, 1)"),
                Arguments.of("train", "--warmup", "-0.1", "[0, 1)"),
                Arguments.of("train", "--weight-decay", "-1", "at least 0"),
                Arguments.of("predict", "--batch", "0", "at least 1"),
                Arguments.of("predict", "--max-tokens", "0", "at least 1"),
                Arguments.of("pretrain-domain", "--max-examples", "-1", "at least 0"),
                Arguments.of("pretrain-domain", "--epochs", "0", "at least 1"),
                Arguments.of("pretrain-domain", "--lr", "NaN", "must be positive and finite"),
                Arguments.of("pretrain-domain", "--micro-batch", "-2", "at least 1"),
                Arguments.of("evaluate", "--max-train", "-1", "at least 0"),
                Arguments.of("evaluate", "--batch", "0", "at least 1"),
                Arguments.of("evaluate", "--stage1-lr", "0", "must be positive and finite"),
                Arguments.of("zero-shot", "--stage1-steps", "0", "at least 1"),
                Arguments.of("generate", "--max-tokens", "-5", "at least 0"),
                Arguments.of("generate", "--steps", "0", "at least 1"),
                Arguments.of("generate", "--temperature", "-1", "at least 0"),
                Arguments.of("generate", "--top-p", "0", "(0, 1]"),
                Arguments.of("generate", "--top-p", "1.5", "(0, 1]"));
    }

    @ParameterizedTest(name = "{0} {1} {2}")
    @MethodSource("outOfRange")
    void anOutOfRangeValueIsBadInputNamingOptionValueAndRule(String command, String option, String value,
            String rule) {
        List<String> args = new ArrayList<>(base(command));
        args.add(option);
        args.add(value);
        CliRun run = CliRun.of(args.toArray(String[]::new));
        assertEquals(1, run.exitCode(), run::toString);
        assertEquals(1, run.err().strip().lines().count(), run::toString);
        String first = run.err().strip();
        assertTrue(first.contains(option + " "), () -> "names the option: " + run);
        assertTrue(first.contains(value), () -> "names the value: " + run);
        assertTrue(first.contains(rule), () -> "states the rule '" + rule + "': " + run);
        assertFalse(run.err().contains("\tat "), run::toString);
    }

    /** The documented zeros ("0 = off", "0 = all", "0 = no limit") and in-range values pass the rules. */
    @Test
    void documentedZerosAndGoodValuesPass() {
        List<String> args = new ArrayList<>(base("train"));
        args.addAll(List.of("--patience", "0", "--checkpoint-every", "0", "--max-steps", "0", "--max-train", "0",
                "--max-eval", "0", "--warmup", "0", "--weight-decay", "0", "--lr", "1e-2", "--micro-batch", "4"));
        CliRun run = CliRun.of(args.toArray(String[]::new));
        assertEquals(1, run.exitCode(), run::toString);
        assertTrue(run.err().contains("no-model"), () -> "refused for the missing model, not an option: " + run);
    }
}
