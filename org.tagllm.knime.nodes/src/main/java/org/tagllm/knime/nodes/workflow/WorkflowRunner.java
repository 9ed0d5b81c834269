package org.tagllm.knime.nodes.workflow;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import org.tagllm.knime.engine.service.TagEngineService;
import org.tagllm.knime.nodes.exec.NodeCancelledException;
import org.tagllm.knime.nodes.exec.NodeFailedException;
import org.tagllm.knime.nodes.exec.SettingsException;
import org.tagllm.knime.nodes.port.TagModelSpec;
import org.tagllm.knime.nodes.table.TableShape;

/**
 * Runs a {@link WorkflowFile} as KNIME runs a workflow: first every node is configured in dependency order (each
 * output spec computed from the upstream specs, before any data is read by the Tag-LLM nodes), then every node is
 * executed in that order, configured once more with the actual input specs and its outputs' specs compared with
 * what configure announced. A node whose input spec was unknown before execution (a classifier's prediction
 * columns) is configured at execution only, as KNIME does. Outputs stay in memory ({@link WorkflowResult}).
 *
 * <p>Variables: {@code ${workflow}} is the workflow file's folder; the file's own {@code variables} give defaults
 * (which may use {@code ${workflow}}); the caller's values win.
 */
public final class WorkflowRunner {

    /** The variable holding the workflow file's folder. */
    public static final String WORKFLOW_DIR = "workflow";

    private final TagEngineService engine;
    private final PrintWriter log;
    private final Path workDir;

    /**
     * @param log     where progress lines go, or null for none
     * @param workDir a folder for the nodes' temporary files
     */
    public WorkflowRunner(TagEngineService engine, PrintWriter log, Path workDir) {
        this.engine = Objects.requireNonNull(engine, "engine");
        this.log = log;
        this.workDir = Objects.requireNonNull(workDir, "workDir");
    }

    /** Reads and runs the file; {@code ${workflow}} is its folder. */
    public WorkflowResult run(Path file, Map<String, String> variables) throws IOException, WorkflowException {
        WorkflowFile wf = WorkflowFile.read(file);
        Map<String, String> all = new HashMap<>(variables);
        all.putIfAbsent(WORKFLOW_DIR, file.toAbsolutePath().getParent().toString());
        return run(wf, all);
    }

    /** The file's variables completed: its defaults (with variables replaced) under the caller's values. */
    static Map<String, String> variables(WorkflowFile wf, Map<String, String> given) throws WorkflowException {
        Map<String, String> all = new LinkedHashMap<>(given);
        for (Map.Entry<String, String> e : wf.variables().entrySet()) {
            if (!all.containsKey(e.getKey())) {
                all.put(e.getKey(), NodeTypes.substitute(e.getValue(), given, "variable '" + e.getKey() + "'"));
            }
        }
        return all;
    }

    public WorkflowResult run(WorkflowFile wf, Map<String, String> given) throws IOException, WorkflowException {
        Map<String, String> variables = variables(wf, given);
        List<WorkflowFile.Node> order = order(wf);
        Map<String, WorkflowNode> nodes = new HashMap<>();
        for (WorkflowFile.Node n : order) {
            WorkflowNode node = NodeTypes.create(n, variables);
            if (n.inputs().size() < node.minInputs() || n.inputs().size() > node.maxInputs()) {
                throw new WorkflowException(n.id(), where(n) + ": " + n.inputs().size() + " inputs connected; the"
                        + " node takes " + node.minInputs() + (node.maxInputs() == node.minInputs() ? ""
                        : node.maxInputs() == Integer.MAX_VALUE ? " or more" : " to " + node.maxInputs()));
            }
            nodes.put(n.id(), node);
        }
        say("workflow " + wf.name() + ": " + order.size() + " nodes");

        // 1. Configure everything before anything executes.
        Map<String, List<Object>> configured = new HashMap<>();
        for (WorkflowFile.Node n : order) {
            List<Object> in = inputs(n, configured);
            if (in != null && !in.contains(null)) {
                configured.put(n.id(), configure(n, nodes.get(n.id()), in));
            }
        }

        // 2. Execute in order; configure again with the actual inputs, compare.
        Map<String, List<Object>> outputs = new HashMap<>();
        List<WorkflowResult.NodeRun> runs = new ArrayList<>();
        for (WorkflowFile.Node n : order) {
            WorkflowNode node = nodes.get(n.id());
            List<Object> in = inputs(n, outputs);
            List<Object> inSpecs = in.stream().map(WorkflowNode::specOf).toList();
            List<Object> atExecution = configure(n, node, inSpecs);
            PrintingProgress progress = new PrintingProgress(n.id(), log);
            long start = System.nanoTime();
            WorkflowNode.Outcome outcome;
            try {
                outcome = node.execute(in, new WorkflowNode.Context(engine, progress,
                        Files.createDirectories(workDir.resolve(n.id()))));
            } catch (SettingsException | NodeFailedException | NodeCancelledException e) {
                throw new WorkflowException(n.id(), where(n) + " failed: " + e.getMessage(), e);
            }
            Duration time = Duration.ofNanos(System.nanoTime() - start);
            List<Object> before = configured.get(n.id());
            for (int i = 0; i < outcome.outputs().size(); i++) {
                Object spec = WorkflowNode.specOf(outcome.outputs().get(i));
                compare(n, i, "at execution", atExecution.get(i), spec);
                if (before != null) {
                    compare(n, i, "before execution", before.get(i), spec);
                }
            }
            say(String.format(Locale.ROOT, "[%s] done in %.1f s%s", n.id(), time.toMillis() / 1000.0,
                    outcome.flowVariables().isEmpty() ? "" : ": " + outcome.flowVariables()));
            outputs.put(n.id(), outcome.outputs());
            runs.add(new WorkflowResult.NodeRun(n.id(), n.type(), outcome.outputs(), before,
                    outcome.flowVariables(), progress.warnings(), time));
        }
        return new WorkflowResult(wf.name(), runs);
    }

    private List<Object> configure(WorkflowFile.Node n, WorkflowNode node, List<Object> in) throws WorkflowException {
        try {
            return node.configure(in);
        } catch (SettingsException | IOException e) {
            throw new WorkflowException(n.id(), where(n) + " does not configure: " + e.getMessage(), e);
        }
    }

    /** The upstream ports of {@code n} from {@code ports}; null when an upstream node has none yet. */
    private static List<Object> inputs(WorkflowFile.Node n, Map<String, List<Object>> ports)
            throws WorkflowException {
        List<Object> in = new ArrayList<>();
        for (WorkflowFile.PortRef ref : n.inputs()) {
            List<Object> up = ports.get(ref.node());
            if (up == null) {
                return null;
            }
            if (ref.port() >= up.size()) {
                throw new WorkflowException(n.id(), where(n) + " reads " + ref + ", but '" + ref.node() + "' has "
                        + up.size() + " output port" + (up.size() == 1 ? "" : "s") + " (0.." + (up.size() - 1) + ")");
            }
            in.add(up.get(ref.port()));
        }
        return in;
    }

    /**
     * Refuses an output whose spec differs from the announced one. Before execution a tag model's base-model
     * fingerprint and a classifier's output names may be unknown (null); everything else must agree.
     */
    private static void compare(WorkflowFile.Node n, int port, String when, Object announced, Object actual)
            throws WorkflowException {
        if (announced == null) {
            return;
        }
        boolean same;
        if (announced instanceof TableShape a && actual instanceof TableShape b) {
            same = a.equals(b);
        } else if (announced instanceof TagModelSpec a && actual instanceof TagModelSpec b) {
            same = sameModel(a, b);
        } else {
            same = false;
        }
        if (!same) {
            throw new WorkflowException(n.id(), where(n) + ": output port " + port + " differs from the spec "
                    + "configure announced " + when + ": announced " + describe(announced) + ", got "
                    + describe(actual));
        }
    }

    static boolean sameModel(TagModelSpec announced, TagModelSpec actual) {
        if (announced.baseModel() != null && !announced.baseModel().equals(actual.baseModel())) {
            return false;
        }
        if (!announced.baseModelFolder().equals(actual.baseModelFolder())) {
            return false;
        }
        Comparator<TagModelSpec.Tag> byName = Comparator.comparing(TagModelSpec.Tag::name);
        if (!announced.tags().stream().sorted(byName).toList().equals(actual.tags().stream().sorted(byName).toList())
                || announced.tasks().size() != actual.tasks().size()) {
            return false;
        }
        for (TagModelSpec.Task a : announced.tasks()) {
            TagModelSpec.Task b = actual.task(a.functionTag()).orElse(null);
            if (b == null || !a.headType().equals(b.headType()) || !a.fields().equals(b.fields())
                    || (a.outputNames() != null && !a.outputNames().equals(b.outputNames()))) {
                return false;
            }
        }
        return true;
    }

    private static String describe(Object spec) {
        return spec instanceof TagModelSpec m ? String.join("; ", m.describe()) + " " + m.tasks()
                : String.valueOf(spec);
    }

    /** The nodes in dependency order, file order among the ready ones; a cycle is refused. */
    static List<WorkflowFile.Node> order(WorkflowFile wf) throws WorkflowException {
        List<WorkflowFile.Node> done = new ArrayList<>();
        List<WorkflowFile.Node> left = new ArrayList<>(wf.nodes());
        Set<String> ids = new HashSet<>();
        while (!left.isEmpty()) {
            WorkflowFile.Node ready = left.stream().filter(n -> n.inputs().stream().allMatch(in -> ids.contains(
                    in.node()))).findFirst().orElse(null);
            if (ready == null) {
                throw new WorkflowException(null, "the nodes " + left.stream().map(WorkflowFile.Node::id).toList()
                        + " wait on each other: a workflow has no cycles");
            }
            left.remove(ready);
            done.add(ready);
            ids.add(ready.id());
        }
        return done;
    }

    private static String where(WorkflowFile.Node n) {
        return "node '" + n.id() + "' (" + n.type() + ")";
    }

    private void say(String line) {
        if (log != null) {
            log.println(line);
            log.flush();
        }
    }
}
