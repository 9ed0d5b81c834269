package org.tagllm.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.tagllm.knime.engine.data.ColumnKind;
import picocli.CommandLine;
import picocli.CommandLine.Model.OptionSpec;

/** What every command's help promises, checked over all subcommands so that a new command cannot break it. */
class HelpTextTest {

    /** Every command of the tree, the root included. */
    static List<CommandLine> commands() {
        List<CommandLine> all = new ArrayList<>();
        collect(TagLlmCli.newCommandLine(), all);
        return all;
    }

    private static void collect(CommandLine cli, List<CommandLine> into) {
        into.add(cli);
        cli.getSubcommands().values().stream().distinct().forEach(c -> collect(c, into));
    }

    @Test
    void everyCommandThatLoadsAModelTakesThreads() {
        List<String> withModel = new ArrayList<>();
        for (CommandLine c : commands()) {
            if (c.getCommandSpec().findOption("--model") != null) {
                withModel.add(c.getCommandName());
                assertTrue(c.getCommandSpec().findOption("--threads") != null,
                        c.getCommandName() + " takes --model but not --threads");
            }
        }
        assertTrue(withModel.contains("generate") && withModel.contains("train"), withModel.toString());
    }

    @Test
    void generateTakesThreads() {
        CliRun run = CliRun.of("generate", "--threads", "1", "--prompt", "Once", "--max-tokens", "2");
        assertEquals(0, run.exitCode(), run::toString);
        assertTrue(run.out().startsWith("Once"), run.out());
    }

    @Test
    void everyOptionThatTakesAKindListsEveryKind() {
        int checked = 0;
        for (CommandLine c : commands()) {
            for (OptionSpec o : c.getCommandSpec().options()) {
                if (o.hidden() || !o.paramLabel().contains("KIND")) {
                    continue;
                }
                checked++;
                String help = String.join(" ", o.description());
                for (ColumnKind k : ColumnKind.values()) {
                    assertTrue(help.contains(k.name().toLowerCase(Locale.ROOT)),
                            c.getCommandName() + " " + o.longestName() + " does not list kind " + k + ": " + help);
                }
            }
        }
        assertTrue(checked >= 4, "options with KIND: " + checked);
    }

    @Test
    void usageShowsNoNullAndNoJavaFieldNames() {
        Pattern nullWord = Pattern.compile("\\bnull\\b");
        for (CommandLine c : commands()) {
            String usage = c.getUsageMessage(CommandLine.Help.Ansi.OFF);
            assertFalse(nullWord.matcher(usage).find(), c.getCommandName() + " help says null:\n" + usage);
            for (OptionSpec o : c.getCommandSpec().options()) {
                // picocli's placeholder without a paramLabel is the field's name in angle brackets.
                if (!o.hidden() && !o.typeInfo().isBoolean() && o.arity().max() > 0) {
                    assertFalse(o.paramLabel().startsWith("<"), c.getCommandName() + " " + o.longestName()
                            + " shows the placeholder " + o.paramLabel());
                }
            }
            c.getCommandSpec().positionalParameters().forEach(p -> assertFalse(p.paramLabel().startsWith("<"),
                    c.getCommandName() + " shows the placeholder " + p.paramLabel()));
        }
    }

    @Test
    void workflowHelpNamesItsVariables() {
        String usage = CliRun.of("workflow", "--help").out();
        assertTrue(usage.contains("${shared}") && usage.contains("${model}"), usage);
    }
}
