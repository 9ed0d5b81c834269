package org.tagllm.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import org.tagllm.knime.engine.service.LocalTagEngine;
import org.tagllm.knime.nodes.port.TagModelPortContent;
import org.tagllm.knime.nodes.table.InMemoryTable;
import org.tagllm.knime.nodes.workflow.WorkflowResult;
import org.tagllm.knime.nodes.workflow.WorkflowRunner;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code tagllm workflow}: runs a workflow file (see {@code test-workflows/README.md}) through the KNIME-free node
 * layer, as KNIME would run the workflow it mirrors, and writes its outputs.
 */
@Command(name = "workflow", mixinStandardHelpOptions = true,
        description = {"Run a workflow file: nodes (Domain Tag Pretrain, Tag Trainer, Tag Composer, Tag-LLM Predictor "
                + "and the standard readers, joiner, filters around them) configured first, then executed in "
                + "dependency order, as KNIME runs the workflow the file mirrors. Settings name $${shared} (the data "
                + "folder) and $${model} (the base model). With --out, every output table is written as ID.PORT.csv, "
                + "every tag model as the folder ID.PORT, and workflow-run.json sums up the run."})
final class WorkflowCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "FILE",
            description = "The workflow file (JSON), e.g. test-workflows/qed-regression.json.")
    Path file;

    @Option(names = "--data-dir", paramLabel = "DIR",
            description = "The value of $${shared}: the data folder (default: the file's own default, for the files in "
                    + "test-workflows/ the shared data beside the project).")
    Path dataDir;

    @Option(names = "--model", paramLabel = "DIR",
            description = "The value of $${model}: the base model folder (default: the embedded demo model).")
    Path modelDir;

    @Option(names = "--out", paramLabel = "DIR", description = "Where the outputs go (default: not written).")
    Path out;

    @Option(names = "--var", paramLabel = "NAME=VALUE", description = "Any other variable of the file (repeatable).")
    Map<String, String> vars = new LinkedHashMap<>();

    @Option(names = "--threads", paramLabel = "N", description = LibtorchThreads.DESCRIPTION,
            converter = LibtorchThreads.Count.class)
    Integer threads;

    @Override
    public Integer call() throws Exception {
        PrintWriter stdout = spec.commandLine().getOut();
        if (!Files.isRegularFile(file)) {
            throw new IllegalArgumentException("no such workflow file: " + file);
        }
        Path model = modelDir != null ? modelDir
                : Defaults.demoModel(spec.commandLine().getErr(), "its predictions show the pipeline works, not what "
                        + "Tag-LLM can do");
        Map<String, String> variables = new LinkedHashMap<>(vars);
        variables.put("model", model.toAbsolutePath().toString());
        if (dataDir != null) {
            variables.put("shared", dataDir.toAbsolutePath().toString());
        }
        Path work = Files.createTempDirectory("tagllm-workflow-");
        WorkflowResult result;
        try (var t = LibtorchThreads.forModel(threads, model);
                LocalTagEngine engine = LocalTagEngine.builder().optThreads(1).build()) {
            result = new WorkflowRunner(engine, stdout, work).run(file, variables);
        } finally {
            deleteTree(work);
        }
        stdout.println();
        stdout.printf("%-24s %-16s %8s  %s%n", "node", "type", "seconds", "outputs");
        for (WorkflowResult.NodeRun n : result.nodes()) {
            stdout.printf(Locale.ROOT, "%-24s %-16s %8.1f  %s%n", n.id(), n.type(), n.time().toMillis() / 1000.0,
                    describe(n.outputs()));
        }
        stdout.printf(Locale.ROOT, "workflow '%s': %d nodes in %.1f s%n", result.workflow(), result.nodes().size(),
                result.totalTime().toMillis() / 1000.0);
        if (out != null) {
            List<Path> written = result.write(out);
            stdout.printf("wrote %d outputs and workflow-run.json to %s%n", written.size() - 1, out);
        }
        return ExitCodes.OK;
    }

    private static String describe(List<Object> outputs) {
        return String.join(", ", outputs.stream().map(o -> o instanceof InMemoryTable t ? t.size() + " rows"
                : "tag model " + ((TagModelPortContent) o).spec().tags().stream().map(tag -> tag.name())
                        .toList()).toList());
    }

    private static void deleteTree(Path dir) throws IOException {
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }
}
