package org.tagllm.cli;

import java.io.PrintWriter;
import java.util.List;
import picocli.CommandLine;
import picocli.CommandLine.IParameterExceptionHandler;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.UnmatchedArgumentException;

/**
 * A usage error in three lines at most: what is wrong (a misspelt option before anything else, since it explains the
 * rest), the options meant when picocli can guess them, and where the help is. The whole help would bury the one line
 * that matters.
 */
final class UsageErrorHandler implements IParameterExceptionHandler {

    private static final int MAX_SUGGESTIONS = 3;

    @Override
    public int handleParseException(ParameterException ex, String[] args) {
        CommandLine cli = ex.getCommandLine();
        PrintWriter err = cli.getErr();
        String command = cli.getCommandSpec().qualifiedName();
        if (ex.getCause() instanceof IllegalArgumentException refused && ex.getArgSpec() instanceof OptionSpec o) {
            // A value the option's converter refused: bad input in one line, as when the command refuses it later.
            err.println(command + ": " + Printable.of(o.longestName() + " " + refused.getMessage()));
            err.flush();
            return ExitCodes.BAD_INPUT;
        }
        UnmatchedArgumentException unmatched = ex instanceof UnmatchedArgumentException u ? u
                : cli.getUnmatchedArguments().isEmpty() ? null
                : new UnmatchedArgumentException(cli, cli.getUnmatchedArguments());
        err.println(command + ": " + Printable.of(unmatched != null ? describe(unmatched) : ex.getMessage()));
        List<String> suggestions = unmatched == null ? List.of() : unmatched.getSuggestions();
        if (!suggestions.isEmpty()) {
            err.println("did you mean " + String.join(" or ",
                    suggestions.subList(0, Math.min(MAX_SUGGESTIONS, suggestions.size()))) + "?");
        }
        err.println("see '" + command + " --help'");
        err.flush();
        return ExitCodes.USAGE;
    }

    /** The unknown options alone, without the values that picocli lists beside them ('--modle', not 'x'). */
    private static String describe(UnmatchedArgumentException unmatched) {
        List<String> options = unmatched.getUnmatched().stream().filter(a -> a.startsWith("-")).toList();
        if (options.isEmpty()) {
            return unmatched.getMessage();
        }
        return "unknown option" + (options.size() > 1 ? "s " : " ") + "'" + String.join("', '", options) + "'";
    }
}
