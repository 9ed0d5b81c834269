package org.tagllm.knime.nodes.workflow;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.tagllm.knime.engine.service.TagEngineService;
import org.tagllm.knime.nodes.exec.NodeCancelledException;
import org.tagllm.knime.nodes.exec.NodeFailedException;
import org.tagllm.knime.nodes.exec.NodeProgress;
import org.tagllm.knime.nodes.exec.SettingsException;
import org.tagllm.knime.nodes.port.TagModelPortContent;
import org.tagllm.knime.nodes.port.TagModelSpec;
import org.tagllm.knime.nodes.table.InMemoryTable;
import org.tagllm.knime.nodes.table.TableShape;

/**
 * One node of a workflow with its settings bound, as KNIME's NodeModel sees it: {@link #configure} turns the input
 * ports' specs into the output ports' specs without touching data, {@link #execute} turns the input ports' contents
 * into the output ports' contents. A port's spec is a {@link TableShape} or a {@link TagModelSpec}, or null when it
 * is known only after execution; its content is an {@link InMemoryTable} or a {@link TagModelPortContent}.
 */
public interface WorkflowNode {

    /** What {@link #execute} gives: one content per output port, and the node's flow variables. */
    record Outcome(List<Object> outputs, Map<String, Double> flowVariables) {
        public Outcome {
            outputs = List.copyOf(outputs);
            flowVariables = Collections.unmodifiableMap(new LinkedHashMap<>(flowVariables));
        }

        public static Outcome of(Object... outputs) {
            return new Outcome(List.of(outputs), Map.of());
        }
    }

    /** What a node executes with: the engine, its progress and warnings, a folder for temporary files. */
    record Context(TagEngineService engine, NodeProgress progress, Path workDir) {}

    /** Input ports this node needs at least, and at most ({@link Integer#MAX_VALUE} for "any number"). */
    int minInputs();

    int maxInputs();

    /**
     * The output specs from the input specs; an element of {@code inputs} is never null (nodes downstream of an
     * unknown spec are configured at execution).
     *
     * @return one spec per output port, null where only execution can tell
     * @throws SettingsException when the settings do not fit the inputs
     */
    List<Object> configure(List<Object> inputs) throws SettingsException, IOException;

    Outcome execute(List<Object> inputs, Context context)
            throws SettingsException, NodeCancelledException, NodeFailedException, IOException;

    /** Reads one input: {@link #table}, {@link #shape}, {@link #model} or {@link #modelSpec}. */
    @FunctionalInterface
    interface InputReader<T> {
        T read(List<Object> inputs, int index) throws SettingsException;
    }

    /** Inputs {@code first} to the last, read by {@code reader}, in port order. */
    static <T> List<T> all(List<Object> inputs, int first, InputReader<T> reader) throws SettingsException {
        List<T> out = new ArrayList<>(Math.max(0, inputs.size() - first));
        for (int i = first; i < inputs.size(); i++) {
            out.add(reader.read(inputs, i));
        }
        return out;
    }

    /** The table at input {@code index}, or a settings error naming what is connected there instead. */
    static InMemoryTable table(List<Object> inputs, int index) throws SettingsException {
        return input(inputs, index, InMemoryTable.class, "data table");
    }

    static TableShape shape(List<Object> inputs, int index) throws SettingsException {
        return input(inputs, index, TableShape.class, "data table");
    }

    static TagModelPortContent model(List<Object> inputs, int index) throws SettingsException {
        return input(inputs, index, TagModelPortContent.class, "tag model");
    }

    static TagModelSpec modelSpec(List<Object> inputs, int index) throws SettingsException {
        return input(inputs, index, TagModelSpec.class, "tag model");
    }

    private static <T> T input(List<Object> inputs, int index, Class<T> type, String what) throws SettingsException {
        Object o = inputs.get(index);
        if (type.isInstance(o)) {
            return type.cast(o);
        }
        throw SettingsException.ofInputs("input " + index + " must be a " + what + "; a " + kind(o) + " is connected");
    }

    /** The spec of a port's content. */
    static Object specOf(Object content) {
        if (content instanceof InMemoryTable t) {
            return t.shape();
        }
        if (content instanceof TagModelPortContent m) {
            return m.spec();
        }
        throw new IllegalArgumentException("not a port content: " + content);
    }

    private static String kind(Object o) {
        return o instanceof InMemoryTable || o instanceof TableShape ? "data table"
                : o instanceof TagModelPortContent || o instanceof TagModelSpec ? "tag model" : String.valueOf(o);
    }
}
