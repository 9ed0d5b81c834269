package org.tagllm.cli;

import java.util.Map;
import java.util.function.DoublePredicate;
import picocli.CommandLine.ExecutionException;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.ParseResult;

/**
 * The allowed range of every numeric option, by its name, the same in every command that has it (a command whose
 * option means something else names its own rule, "command --option"): the one place these rules live. A value the
 * user gives outside its range is bad input (exit 1) named as {@code --lr must be positive and finite, got 0.0} — the
 * wording of the engine's settings checks, which remain behind these for the rules that join two options — checked
 * before the command reads anything. Defaults are not checked: some are sentinels ("--micro-batch: default --batch"),
 * never typed by the user.
 */
final class OptionRules {

    /** A range and how to say it. */
    private record Rule(DoublePredicate allows, String says) {}

    private static final Rule AT_LEAST_0 = new Rule(v -> v >= 0, "must be at least 0");
    private static final Rule AT_LEAST_1 = new Rule(v -> v >= 1, "must be at least 1");
    private static final Rule POSITIVE = new Rule(v -> v > 0 && Double.isFinite(v), "must be positive and finite");
    private static final Rule NON_NEGATIVE = new Rule(v -> v >= 0 && Double.isFinite(v),
            "must be at least 0 and finite");

    private static final Map<String, Rule> RULES = Map.ofEntries(
            Map.entry("--epochs", AT_LEAST_1),
            Map.entry("--max-steps", new Rule(v -> v >= 0, "must be at least 0 (0 = no limit)")),
            Map.entry("--batch", AT_LEAST_1),
            Map.entry("--micro-batch", new Rule(v -> v >= 1, "must be at least 1 (and at most --batch)")),
            Map.entry("--lr", POSITIVE),
            Map.entry("--stage1-lr", POSITIVE),
            Map.entry("--weight-decay", NON_NEGATIVE),
            Map.entry("--warmup", new Rule(v -> v >= 0 && v < 1, "must lie in [0, 1)")),
            Map.entry("--patience", new Rule(v -> v >= 0, "must be at least 0 (0 = off)")),
            Map.entry("--checkpoint-every", new Rule(v -> v >= 0, "must be at least 0 (0 = only at the end)")),
            Map.entry("--max-train", new Rule(v -> v >= 0, "must be at least 0 (0 = all)")),
            Map.entry("--max-eval", new Rule(v -> v >= 0, "must be at least 0 (0 = all)")),
            Map.entry("--max-examples", new Rule(v -> v >= 0, "must be at least 0 (0 = all)")),
            Map.entry("--max-holdout", AT_LEAST_1),
            Map.entry("--max-tokens", AT_LEAST_1),
            // generate's --max-tokens counts new tokens: none is a valid request.
            Map.entry("generate --max-tokens", AT_LEAST_0),
            Map.entry("--stage1-max-tokens", AT_LEAST_1),
            Map.entry("--vectors", AT_LEAST_1),
            Map.entry("--steps", AT_LEAST_1),
            Map.entry("--stage1-steps", AT_LEAST_1),
            Map.entry("--stage1-examples", AT_LEAST_1),
            Map.entry("--stage1-held-out", AT_LEAST_1),
            Map.entry("--rows", AT_LEAST_1),
            Map.entry("--corpus-rows", AT_LEAST_1),
            Map.entry("--train-rows", AT_LEAST_1),
            Map.entry("--valid-rows", AT_LEAST_1),
            Map.entry("--test-rows", AT_LEAST_1),
            Map.entry("--temperature", NON_NEGATIVE),
            Map.entry("--top-p", new Rule(v -> v > 0 && v <= 1, "must be a probability in (0, 1]")),
            Map.entry("--runs", AT_LEAST_1),
            Map.entry("--warmups", AT_LEAST_0),
            Map.entry("--matmul-size", AT_LEAST_1),
            Map.entry("--seq", AT_LEAST_1),
            Map.entry("--service-jobs", AT_LEAST_0),
            Map.entry("--service-rows", AT_LEAST_1));

    private OptionRules() {}

    /**
     * Checks the options given to the command that runs and to its parents.
     *
     * @throws ExecutionException carrying an {@link IllegalArgumentException}: bad input, reported like any other
     */
    static void check(ParseResult parsed) {
        for (ParseResult p = parsed; p != null; p = p.subcommand()) {
            String command = p.commandSpec().name();
            for (OptionSpec option : p.matchedOptions()) {
                String name = option.longestName();
                Rule rule = RULES.getOrDefault(command + " " + name, RULES.get(name));
                if (rule != null && option.getValue() instanceof Number n && !rule.allows().test(n.doubleValue())) {
                    String message = name + " " + rule.says() + ", got " + n;
                    throw new ExecutionException(p.commandSpec().commandLine(), message,
                            new IllegalArgumentException(message));
                }
            }
        }
    }
}
