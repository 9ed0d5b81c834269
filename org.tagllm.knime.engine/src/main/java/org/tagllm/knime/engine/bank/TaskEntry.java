package org.tagllm.knime.engine.bank;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * How a predictor lays out the inputs of one function tag's task: each field's text after its domain tag, in order,
 * then the function tag.
 *
 * @param functionTag      the function tag, e.g. {@code <BindingAffinity>}
 * @param taskType         what the task is, in the trainer's words (e.g. {@code regression}); shown to users
 * @param fields           the input fields in prompt order; at least one
 * @param segmentIsolation true when attention must not cross from one field's tokens into another's
 * @param inputSettings    the length settings training shaped the inputs with; null in banks written before they
 *                         were recorded
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record TaskEntry(
        @JsonProperty(value = "function_tag", required = true) String functionTag,
        @JsonProperty(value = "task_type", required = true) String taskType,
        @JsonProperty(value = "fields", required = true) List<FieldEntry> fields,
        @JsonProperty(value = "segment_isolation", required = true) boolean segmentIsolation,
        @JsonProperty("input_settings") @JsonInclude(JsonInclude.Include.NON_NULL) InputSettings inputSettings) {

    /** A task whose input settings are not recorded. */
    public TaskEntry(String functionTag, String taskType, List<FieldEntry> fields, boolean segmentIsolation) {
        this(functionTag, taskType, fields, segmentIsolation, null);
    }

    public TaskEntry {
        TagEntry.checkName(functionTag, "function_tag");
        Require.text(taskType, "task_type");
        fields = Require.listOrEmpty(Require.present(fields, "fields"), "fields");
        if (fields.isEmpty()) {
            throw new IllegalArgumentException("'fields' must list at least one input field");
        }
        Set<String> names = new HashSet<>();
        for (FieldEntry f : fields) {
            if (!names.add(f.name())) {
                throw new IllegalArgumentException("'fields' names '" + f.name() + "' twice");
            }
        }
        if (inputSettings != null) {
            for (String field : inputSettings.fieldMaxTokens().keySet()) {
                if (!names.contains(field)) {
                    throw new IllegalArgumentException("'input_settings' caps field '" + field
                            + "', which 'fields' does not name " + names);
                }
            }
        }
    }

    /** The domain tags the fields need, each once, in field order. */
    public Set<String> domainTags() {
        Set<String> tags = new LinkedHashSet<>();
        fields.stream().map(FieldEntry::domainTag).filter(Objects::nonNull).forEach(tags::add);
        return Collections.unmodifiableSet(tags);
    }
}
