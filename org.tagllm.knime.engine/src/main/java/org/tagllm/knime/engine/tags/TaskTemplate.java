package org.tagllm.knime.engine.tags;

import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * The input layout of a task: BOS (when the model has one), then each field in order as domain tag + tokens, then
 * the function tag at the end, where the answer begins. A generation task appends the answer tokens (model
 * tokenization, then EOS) after the function tag; see {@link SequenceEncoder}.
 *
 * <p><b>Segment isolation</b> (optional) reproduces the official code's attention mask for its regression tasks
 * (collator.py, {@code autoregressive_attn_mask: false} in QED/BA/DC/Descriptor configurations): each tagged
 * segment, its domain tag plus the field's tokens, attends to nothing before its own first tag vector (BOS, earlier
 * text and earlier segments included), so it is read exactly as in domain-tag training, where the tag comes first.
 * Untagged fields, the function tag and any answer attend causally to everything. The official code builds the
 * same rows (queries from the tag's first vector through the segment's last token, keys before the tag blocked) and
 * also leaves a segment that starts the sequence alone, since nothing precedes it.
 *
 * <p>Baselines and ablations reuse the layout: without a function tag ({@code functionTag} null) a head reads the
 * last position; a <b>soft prompt</b> (prompt tuning: trainable vectors that mark no domain and no task) stands
 * right after BOS.
 *
 * @param fields          the input fields in order, at least one, distinct names
 * @param functionTag     the function tag's name, or null: a head then reads the last position
 * @param isolateSegments whether tagged segments are isolated as described above
 * @param softPrompt      the name of a tag standing after BOS as a soft prompt, or null
 */
public record TaskTemplate(List<TaskField> fields, String functionTag, boolean isolateSegments, String softPrompt) {

    public TaskTemplate {
        fields = List.copyOf(fields);
        if (fields.isEmpty()) {
            throw new IllegalArgumentException("a task template needs at least one input field");
        }
        Set<String> names = new HashSet<>();
        for (TaskField f : fields) {
            if (!names.add(f.field())) {
                throw new IllegalArgumentException("field " + f.field() + " appears twice in the template");
            }
        }
        if (functionTag != null) {
            TagSpec.checkName(functionTag);
        }
        if (softPrompt != null) {
            TagSpec.checkName(softPrompt);
        }
    }

    /** A Tag-LLM template: a function tag, no soft prompt. */
    public TaskTemplate(List<TaskField> fields, String functionTag, boolean isolateSegments) {
        this(fields, Objects.requireNonNull(functionTag, "functionTag"), isolateSegments, null);
    }

    /** A template without segment isolation. */
    public static TaskTemplate of(String functionTag, TaskField... fields) {
        return new TaskTemplate(List.of(fields), functionTag, false);
    }

    /** This template with segment isolation switched on or off. */
    public TaskTemplate withIsolation(boolean isolate) {
        return new TaskTemplate(fields, functionTag, isolate, softPrompt);
    }
}
