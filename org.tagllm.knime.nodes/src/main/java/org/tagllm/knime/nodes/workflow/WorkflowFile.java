package org.tagllm.knime.nodes.workflow;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * A workflow file: a name, a description, default values of variables, and the nodes, each with an id, a type (see
 * {@link NodeTypes}), its settings (the fields of the node's settings record by name; fields left out keep the
 * node's defaults) and its inputs, each the output port of an upstream node written {@code id:port}, ports counted
 * from 0 as in KNIME.
 *
 * <pre>{@code
 * {
 *   "name": "QED regression",
 *   "variables": { "shared": "${workflow}/../../shared/data" },
 *   "nodes": [
 *     { "id": "qed", "type": "CSVReader", "settings": { "file": "${shared}/molecules/qed.csv", "limitRows": 300 } },
 *     { "id": "train", "type": "TagTrainer", "inputs": ["pretrain:0", "qed:0"],
 *       "settings": { "functionTag": "<QED>" } }
 *   ]
 * }
 * }</pre>
 *
 * <p>String values of settings may name variables as {@code ${name}}; {@link WorkflowRunner} replaces them.
 */
public record WorkflowFile(String name, String description, Map<String, String> variables, List<Node> nodes) {

    private static final ObjectMapper JSON = new ObjectMapper()
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    /**
     * One node.
     *
     * @param settings the settings given in the file (an empty object when none)
     * @param inputs   the upstream output ports, in the order of this node's input ports
     */
    public record Node(String id, String type, ObjectNode settings, List<PortRef> inputs) {
        public Node {
            if (id == null || id.isBlank()) {
                throw new IllegalArgumentException("a node needs an id");
            }
            if (type == null || type.isBlank()) {
                throw new IllegalArgumentException("node '" + id + "' needs a type");
            }
            settings = settings == null ? JsonNodeFactory.instance.objectNode() : settings;
            inputs = inputs == null ? List.of() : List.copyOf(inputs);
        }
    }

    /** An output port of a node: {@code id:port}. */
    public record PortRef(String node, int port) {

        public PortRef {
            Objects.requireNonNull(node, "node");
            if (port < 0) {
                throw new IllegalArgumentException("port of '" + node + "' must be 0 or more, got " + port);
            }
        }

        @com.fasterxml.jackson.annotation.JsonCreator
        public static PortRef parse(String text) {
            int colon = text == null ? -1 : text.lastIndexOf(':');
            if (colon <= 0) {
                throw new IllegalArgumentException("an input is written 'node-id:port', e.g. 'reader:0'; got '"
                        + text + "'");
            }
            try {
                return new PortRef(text.substring(0, colon), Integer.parseInt(text.substring(colon + 1)));
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("an input is written 'node-id:port' with a port number; got '"
                        + text + "'", e);
            }
        }

        @Override
        public String toString() {
            return node + ":" + port;
        }
    }

    public WorkflowFile {
        name = name == null ? "" : name;
        description = description == null ? "" : description;
        variables = variables == null ? Map.of()
                : Collections.unmodifiableMap(new LinkedHashMap<>(variables));
        nodes = nodes == null ? List.of() : List.copyOf(nodes);
        Set<String> ids = new HashSet<>();
        for (Node n : nodes) {
            if (!ids.add(n.id())) {
                throw new IllegalArgumentException("node id '" + n.id() + "' appears twice");
            }
        }
        for (Node n : nodes) {
            for (PortRef in : n.inputs()) {
                if (!ids.contains(in.node())) {
                    throw new IllegalArgumentException("node '" + n.id() + "' reads '" + in + "', but no node has id '"
                            + in.node() + "'");
                }
            }
        }
    }

    public Node node(String id) {
        return nodes.stream().filter(n -> n.id().equals(id)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no node '" + id + "' in workflow '" + name + "'"));
    }

    /**
     * Reads a workflow file.
     *
     * @throws IOException naming the file, and the line and field at fault when the JSON does not fit the format
     */
    public static WorkflowFile read(Path file) throws IOException {
        try {
            return JSON.readValue(Files.readString(file), WorkflowFile.class);
        } catch (com.fasterxml.jackson.databind.exc.ValueInstantiationException e) {
            // The file parsed, but a record refused its values: its own message says what is wrong.
            Throwable cause = e.getCause() != null ? e.getCause() : e;
            throw new IOException(file + ": " + cause.getMessage(), e);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IOException(file + ": not a workflow file: " + e.getOriginalMessage()
                    + (e.getLocation() == null ? "" : " (line " + e.getLocation().getLineNr() + ")"), e);
        }
    }

}
