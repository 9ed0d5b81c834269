package org.tagllm.knime.nodes.workflow;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import java.io.IOException;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.tagllm.knime.nodes.common.SettingsJson;
import org.tagllm.knime.nodes.compose.ComposerSettings;
import org.tagllm.knime.nodes.predict.PredictorSettings;
import org.tagllm.knime.nodes.pretrain.DomainPretrainSettings;
import org.tagllm.knime.nodes.train.TagTrainerSettings;

/**
 * The node types a workflow file may name, and how a node's settings are bound: the node's default settings as JSON
 * (for the Tag-LLM nodes through {@link SettingsJson}, the format the KNIME glue stores),
 * the file's settings merged over them field by field (nested objects such as {@code training} too, lists
 * replaced), variables {@code ${name}} replaced in every string, and the result read back as the settings record. A
 * field the record does not have is refused, so a misspelt setting cannot go unnoticed.
 */
public final class NodeTypes {

    private static final ObjectMapper JSON = JsonMapper.builder()
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(MapperFeature.ACCEPT_CASE_INSENSITIVE_ENUMS).build();

    private static final Pattern VARIABLE = Pattern.compile("\\$\\{([A-Za-z0-9_.-]+)}");

    /**
     * A node type.
     *
     * @param glue true for the Tag-LLM nodes: their settings go through {@link SettingsJson}, as the KNIME glue
     *             stores them, so a workflow file's settings are the glue's
     */
    private record Type<S extends Record>(Supplier<S> defaults, Class<S> settings, Function<S, WorkflowNode> node,
            boolean glue) {

        ObjectNode defaultsJson() throws JsonProcessingException {
            return (ObjectNode) JSON.readTree(glue ? SettingsJson.write(defaults.get())
                    : JSON.writeValueAsString(defaults.get()));
        }

        S read(ObjectNode json) throws IOException {
            return glue ? SettingsJson.read(json.toString(), settings) : JSON.treeToValue(json, settings);
        }
    }

    private static final Map<String, Type<?>> TYPES = new LinkedHashMap<>();

    static {
        // The Tag-LLM nodes.
        register("DomainTagPretrain", DomainPretrainSettings::defaults, DomainPretrainSettings.class,
                TagNodes.Pretrain::new, true);
        register("TagTrainer", TagTrainerSettings::defaults, TagTrainerSettings.class, TagNodes.Trainer::new, true);
        register("TagComposer", ComposerSettings::defaults, ComposerSettings.class, TagNodes.Composer::new, true);
        register("TagLLMPredictor", PredictorSettings::defaults, PredictorSettings.class, TagNodes.Predictor::new,
                true);
        // Standard KNIME nodes, as scaffolding.
        register("CSVReader", CsvReader::defaults, CsvReader.class, s -> s, false);
        register("LineReader", LineReader::defaults, LineReader.class, s -> s, false);
        register("RowFilter", RowFilter::defaults, RowFilter.class, s -> s, false);
        register("RowSampler", RowSampler::defaults, RowSampler.class, s -> s, false);
        register("Partitioning", Partitioning::defaults, Partitioning.class, s -> s,
                false);
        register("Joiner", Joiner::defaults, Joiner.class, s -> s, false);
        register("Concatenate", Concatenate::defaults, Concatenate.class, s -> s, false);
    }

    private NodeTypes() {}

    private static <S extends Record> void register(String name, Supplier<S> defaults, Class<S> settings,
            Function<S, WorkflowNode> node, boolean glue) {
        TYPES.put(name, new Type<>(defaults, settings, node, glue));
    }

    /** The type names, in the order listed in the README. */
    public static List<String> names() {
        return List.copyOf(TYPES.keySet());
    }

    /**
     * The node of {@code node}'s type with its settings bound.
     *
     * @throws WorkflowException for an unknown type, an unknown variable, or settings that do not fit the record
     */
    public static WorkflowNode create(WorkflowFile.Node node, Map<String, String> variables)
            throws WorkflowException {
        Type<?> type = TYPES.get(node.type());
        if (type == null) {
            throw new WorkflowException(node.id(), "node '" + node.id() + "': unknown type '" + node.type()
                    + "'; the types are " + names());
        }
        return bind(node, type, variables);
    }

    private static <S extends Record> WorkflowNode bind(WorkflowFile.Node node, Type<S> type,
            Map<String, String> variables) throws WorkflowException {
        String where = "node '" + node.id() + "' (" + node.type() + ")";
        JsonNode given = substitute(node.settings().deepCopy(), variables, where);
        try {
            ObjectNode merged = type.defaultsJson();
            merge(merged, given);
            return type.node().apply(type.read(merged));
        } catch (JsonProcessingException e) {
            throw new WorkflowException(node.id(), where + ": settings do not fit: " + e.getOriginalMessage(), e);
        } catch (IOException | IllegalArgumentException | NullPointerException e) {
            throw new WorkflowException(node.id(), where + ": settings do not fit: " + e.getMessage(), e);
        }
    }

    /** Merges {@code given} into {@code base}: objects field by field, everything else replaced. */
    static void merge(ObjectNode base, JsonNode given) {
        for (Iterator<Map.Entry<String, JsonNode>> it = given.fields(); it.hasNext();) {
            Map.Entry<String, JsonNode> e = it.next();
            JsonNode old = base.get(e.getKey());
            if (old instanceof ObjectNode o && e.getValue() instanceof ObjectNode n) {
                merge(o, n);
            } else {
                base.set(e.getKey(), e.getValue());
            }
        }
    }

    /** {@code node} with every {@code ${name}} in its strings replaced. */
    static JsonNode substitute(JsonNode node, Map<String, String> variables, String where)
            throws WorkflowException {
        if (node.isTextual()) {
            return new TextNode(substitute(node.asText(), variables, where));
        }
        if (node.isObject()) {
            ObjectNode o = (ObjectNode) node;
            for (Iterator<Map.Entry<String, JsonNode>> it = o.fields(); it.hasNext();) {
                Map.Entry<String, JsonNode> e = it.next();
                e.setValue(substitute(e.getValue(), variables, where));
            }
        } else if (node.isArray()) {
            for (int i = 0; i < node.size(); i++) {
                ((com.fasterxml.jackson.databind.node.ArrayNode) node).set(i, substitute(node.get(i), variables,
                        where));
            }
        }
        return node;
    }

    /**
     * {@code text} with every {@code ${name}} replaced by its value.
     *
     * @throws WorkflowException naming the variable when it has no value
     */
    public static String substitute(String text, Map<String, String> variables, String where)
            throws WorkflowException {
        Matcher m = VARIABLE.matcher(text);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            String value = variables.get(m.group(1));
            if (value == null) {
                throw new WorkflowException(null, where + ": '" + text + "' names the variable ${" + m.group(1)
                        + "}, which has no value; the variables are " + variables.keySet());
            }
            m.appendReplacement(out, Matcher.quoteReplacement(value));
        }
        m.appendTail(out);
        return out.toString();
    }
}
