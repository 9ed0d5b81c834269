package org.tagllm.cli;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.NoSuchFileException;
import org.tagllm.knime.engine.ModelFormatException;
import org.tagllm.knime.engine.UserInputException;
import org.tagllm.knime.nodes.workflow.WorkflowException;
import picocli.CommandLine;
import picocli.CommandLine.IExecutionExceptionHandler;
import picocli.CommandLine.ParseResult;

/**
 * Turns exceptions from a command into exit codes: the user's mistakes (bad model, bad file, bad value) print one line
 * on standard error, never a stack trace; anything else is a bug and keeps its trace.
 */
final class UserErrorHandler implements IExecutionExceptionHandler {

    @Override
    public int handleExecutionException(Exception e, CommandLine cli, ParseResult parsed) {
        if (isUserError(e)) {
            cli.getErr().println("tagllm " + cli.getCommandName() + ": " + message(e));
            return ExitCodes.BAD_INPUT;
        }
        e.printStackTrace(cli.getErr());
        return ExitCodes.INTERNAL;
    }

    static int exitCodeOf(Throwable t) {
        if (t instanceof CommandLine.ParameterException) {
            return ExitCodes.USAGE;
        }
        return isUserError(t) ? ExitCodes.BAD_INPUT : ExitCodes.INTERNAL;
    }

    private static boolean isUserError(Throwable e) {
        return e instanceof ModelFormatException || e instanceof UserInputException
                || e instanceof IllegalArgumentException || e instanceof IOException
                || e instanceof UncheckedIOException || e instanceof WorkflowException;
    }

    private static String message(Throwable e) {
        if (e instanceof NoSuchFileException n) {
            return "no such file: " + Printable.of(n.getFile());
        }
        String m = e.getMessage();
        return m == null || m.isBlank() ? e.getClass().getSimpleName() : Printable.of(m);
    }
}
