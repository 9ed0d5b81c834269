package org.tagllm.cli;

import org.tagllm.knime.engine.chem.CdkLogging;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code tagllm} command: subcommands over the Tag-LLM engine. {@code System.exit} happens only here. */
@Command(name = "tagllm", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
        resourceBundle = "org.tagllm.cli.HelpValues",
        description = "Tag-LLM: learned input tags that repurpose a frozen LLaMA-family model for specialised domains.",
        subcommands = {CommandLine.HelpCommand.class, QuickstartCommand.class, InfoCommand.class, GenerateCommand.class,
            ImportLlama2cCommand.class, MakeModelCommand.class, BenchCommand.class, DoctorCommand.class, PretrainDomainCommand.class, TrainCommand.class,
            PredictCommand.class, ComposeCommand.class, InspectCommand.class, EvaluateCommand.class,
            ReportCommand.class, ZeroShotCommand.class, WorkflowCommand.class})
public final class TagLlmCli {

    public static void main(String[] args) {
        System.exit(newCommandLine().execute(args));
    }

    /** The configured command line: user errors become one-line messages with exit code 1, usage errors 2. */
    public static CommandLine newCommandLine() {
        CdkLogging.install(); // before any CDK class makes its logger, which would write to standard error
        CommandLine cli = new CommandLine(new TagLlmCli());
        cli.setParameterExceptionHandler(new UsageErrorHandler());
        cli.setExecutionExceptionHandler(new UserErrorHandler());
        cli.setExitCodeExceptionMapper(UserErrorHandler::exitCodeOf);
        // Numeric options out of range are bad input, refused before any command runs (OptionRules holds the ranges).
        cli.setExecutionStrategy(parsed -> {
            OptionRules.check(parsed);
            return new CommandLine.RunLast().execute(parsed);
        });
        return cli;
    }
}
