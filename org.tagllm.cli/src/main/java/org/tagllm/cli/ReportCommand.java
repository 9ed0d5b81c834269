package org.tagllm.cli;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code tagllm report}: one markdown report from several {@code evaluate} results files. */
@Command(name = "report", mixinStandardHelpOptions = true,
        description = {"Write a markdown report (docs/RESULTS.md) from one or more results files of 'evaluate': "
                + "methods against baselines, trainable parameters, ablations, whether the paper's orderings hold, "
                + "per-task details and plots (PNG, in a folder beside the report); then the --include fragments.",
            "A task found in several files shows the methods of all (a method run in several: the last file's)."})
final class ReportCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--results", required = true, split = ",", paramLabel = "FILE",
            description = "results.json files of evaluate.")
    List<Path> results = new ArrayList<>();

    @Option(names = "--include", split = ",", paramLabel = "FILE.md",
            description = "Markdown fragments appended in order (a zero-shot experiment, notes).")
    List<Path> includes = new ArrayList<>();

    @Option(names = "--out", required = true, paramLabel = "FILE.md", description = "The report to write.")
    Path out;

    @Override
    public Integer call() throws Exception {
        ResultsReport.write(results, includes, out);
        spec.commandLine().getOut().println("wrote " + out);
        return ExitCodes.OK;
    }
}
