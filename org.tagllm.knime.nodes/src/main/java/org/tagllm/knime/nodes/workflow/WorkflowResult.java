package org.tagllm.knime.nodes.workflow;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.tagllm.knime.nodes.port.TagModelPortContent;
import org.tagllm.knime.nodes.table.InMemoryTable;

/**
 * What a workflow run left, node by node in execution order: the output ports' contents (kept in memory), the specs
 * configure announced before execution (null where only execution could tell), flow variables, warnings and times.
 */
public record WorkflowResult(String workflow, List<NodeRun> nodes) {

    /**
     * One executed node.
     *
     * @param configured the output specs configure gave before anything ran; null as a whole when an input's spec
     *                   was unknown then (the node was configured at execution)
     */
    public record NodeRun(String id, String type, List<Object> outputs, List<Object> configured,
            Map<String, Double> flowVariables, List<String> warnings, Duration time) {}

    public WorkflowResult {
        nodes = List.copyOf(nodes);
    }

    public NodeRun node(String id) {
        return nodes.stream().filter(n -> n.id().equals(id)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no node '" + id + "' ran in " + workflow));
    }

    /** The content of an output port, {@code id:port}. */
    public Object port(String ref) {
        WorkflowFile.PortRef p = WorkflowFile.PortRef.parse(ref);
        List<Object> outputs = node(p.node()).outputs();
        if (p.port() >= outputs.size()) {
            throw new IllegalArgumentException(p.node() + " has " + outputs.size() + " output ports, not " + ref);
        }
        return outputs.get(p.port());
    }

    public InMemoryTable table(String ref) {
        if (port(ref) instanceof InMemoryTable t) {
            return t;
        }
        throw new IllegalArgumentException(ref + " is not a table port");
    }

    public TagModelPortContent model(String ref) {
        if (port(ref) instanceof TagModelPortContent m) {
            return m;
        }
        throw new IllegalArgumentException(ref + " is not a tag-model port");
    }

    public Duration totalTime() {
        return nodes.stream().map(NodeRun::time).reduce(Duration.ZERO, Duration::plus);
    }

    /**
     * Writes every output port into {@code dir}: a table as {@code ID.PORT.csv}, a tag model as the folder
     * {@code ID.PORT/} ({@link TagModelPortContent#write}), and {@code workflow-run.json} with each node's type,
     * seconds, flow variables, warnings and outputs.
     *
     * @return the files and folders written, in order
     */
    public List<Path> write(Path dir) throws IOException {
        Files.createDirectories(dir);
        List<Path> written = new ArrayList<>();
        List<Map<String, Object>> summary = new ArrayList<>();
        for (NodeRun n : nodes) {
            List<String> outs = new ArrayList<>();
            for (int i = 0; i < n.outputs().size(); i++) {
                Object o = n.outputs().get(i);
                Path target;
                if (o instanceof InMemoryTable t) {
                    target = dir.resolve(n.id() + "." + i + ".csv");
                    TableCsv.write(t, target);
                    outs.add(target.getFileName() + " (" + t.size() + " rows)");
                } else {
                    target = dir.resolve(n.id() + "." + i);
                    ((TagModelPortContent) o).write(target);
                    outs.add(target.getFileName() + "/");
                }
                written.add(target);
            }
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("id", n.id());
            m.put("type", n.type());
            m.put("seconds", n.time().toMillis() / 1000.0);
            m.put("outputs", outs);
            m.put("flowVariables", n.flowVariables());
            m.put("warnings", n.warnings());
            summary.add(m);
        }
        Path json = dir.resolve("workflow-run.json");
        new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValue(json.toFile(),
                Map.of("workflow", workflow, "nodes", summary));
        written.add(json);
        return written;
    }
}
