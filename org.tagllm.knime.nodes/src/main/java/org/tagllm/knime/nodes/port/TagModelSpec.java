package org.tagllm.knime.nodes.port;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import org.tagllm.knime.engine.bank.BaseModelFingerprint;
import org.tagllm.knime.engine.bank.FieldEntry;
import org.tagllm.knime.engine.bank.HeadEntry;
import org.tagllm.knime.engine.bank.TagBank;
import org.tagllm.knime.engine.bank.TagEntry;
import org.tagllm.knime.engine.bank.TaskEntry;
import org.tagllm.knime.engine.uncertainty.UncertaintyCells;
import org.tagllm.knime.engine.uncertainty.UncertaintyColumns;

/**
 * What a tag-model port will hold, known before execution so that downstream nodes can configure: the base model,
 * the tags, and the tasks with their heads and input fields. Built from a bank after execution
 * ({@link #of(TagBank, String)}), or by a node's configure from its settings and upstream specs, where what only
 * execution can tell is null: the base model's fingerprint, a classification head's class names.
 *
 * @param baseModel       the frozen model's fingerprint, or null when unknown before execution
 * @param baseModelFolder the model folder the port's nodes run on ("" when unknown)
 * @param tags            every tag, in bank order
 * @param tasks           every function tag's task and head
 */
@JsonInclude(JsonInclude.Include.ALWAYS)
public record TagModelSpec(BaseModelFingerprint baseModel, String baseModelFolder, List<Tag> tags, List<Task> tasks) {

    /** A tag: its name, {@code domain} or {@code function}, and its vectors (p). */
    public record Tag(String name, String kind, int vectors) {
        public Tag {
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(kind, "kind");
        }

        @JsonIgnore
        public boolean isDomain() {
            return DOMAIN.equals(kind);
        }
    }

    /**
     * One input field of a task: the column it reads, the domain tag before it (null for untagged text), how its
     * values are checked ({@code smiles}, {@code protein}, {@code text}) and tokenised ({@code character},
     * {@code model}).
     */
    public record Field(String column, String domainTag, String kind, String tokenization) {
        public Field {
            Objects.requireNonNull(column, "column");
        }
    }

    /**
     * A function tag's task and head.
     *
     * @param headType    {@code regression}, {@code classification} or {@code generation}
     * @param outputNames the prediction values' names (the tag, tag[i], P(class)); null when unknown before execution
     *                    (a classification head's classes come from the data)
     * @param uncertainty which uncertainty columns a prediction gives (the bank's calibration and ensemble)
     * @param sequenceIdentity whether a prediction gives {@code ad_identity} (a calibrated protein task's nearest
     *                    training sequence)
     */
    public record Task(String functionTag, String headType, List<String> outputNames, List<Field> fields,
            UncertaintyColumns uncertainty, boolean sequenceIdentity) {
        public Task {
            Objects.requireNonNull(functionTag, "functionTag");
            Objects.requireNonNull(headType, "headType");
            outputNames = outputNames == null ? null : List.copyOf(outputNames);
            fields = List.copyOf(fields);
            uncertainty = uncertainty == null ? UncertaintyColumns.NONE : uncertainty;
        }

        /** A task without the sequence-identity column. */
        public Task(String functionTag, String headType, List<String> outputNames, List<Field> fields,
                UncertaintyColumns uncertainty) {
            this(functionTag, headType, outputNames, fields, uncertainty, false);
        }

        /** A task whose predictions carry no uncertainty columns. */
        public Task(String functionTag, String headType, List<String> outputNames, List<Field> fields) {
            this(functionTag, headType, outputNames, fields, UncertaintyColumns.NONE);
        }

        @JsonIgnore
        public boolean isGeneration() {
            return GENERATION.equals(headType);
        }

        /** The domain tags the fields need, each once, in field order. */
        @JsonIgnore
        public List<String> domainTags() {
            return fields.stream().map(Field::domainTag).filter(Objects::nonNull).distinct().toList();
        }
    }

    public static final String DOMAIN = "domain";
    public static final String FUNCTION = "function";
    public static final String REGRESSION = "regression";
    public static final String CLASSIFICATION = "classification";
    public static final String GENERATION = "generation";

    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    public TagModelSpec {
        baseModelFolder = baseModelFolder == null ? "" : baseModelFolder;
        tags = List.copyOf(tags);
        tasks = List.copyOf(tasks);
    }

    /** The spec of a bank, on the model in {@code baseModelFolder}. */
    public static TagModelSpec of(TagBank bank, String baseModelFolder) {
        List<Tag> tags = bank.tags().stream().map(t -> new Tag(t.name(), t.kind() == TagEntry.Kind.DOMAIN ? DOMAIN
                : FUNCTION, t.vectors())).toList();
        List<Task> tasks = new ArrayList<>();
        for (TaskEntry task : bank.manifest().tasks()) {
            if (bank.isEnsembleMember(task.functionTag())) {
                continue; // part of another tag's ensemble, applied through it
            }
            HeadEntry head = bank.head(task.functionTag()).map(h -> h.entry()).orElse(null);
            List<Field> fields = task.fields().stream().map(f -> new Field(f.name(), f.domainTag(), f.kind(),
                    f.tokenization() == FieldEntry.Tokenization.CHARACTER ? "character" : "model")).toList();
            String type = head == null ? task.taskType() : head.type().name().toLowerCase(Locale.ROOT);
            tasks.add(new Task(task.functionTag(), type, head == null ? null : outputNames(head), fields,
                    UncertaintyCells.of(bank, task.functionTag(), true),
                    head != null && bank.referenceSequences(task.functionTag()).isPresent()));
        }
        return new TagModelSpec(bank.baseModel(), baseModelFolder, tags, tasks);
    }

    /** The names of a head's prediction values, as the engine's predictor gives them. */
    public static List<String> outputNames(HeadEntry head) {
        List<String> names = new ArrayList<>();
        switch (head.type()) {
            case GENERATION -> names.add(head.functionTag());
            case CLASSIFICATION -> head.classLabels().forEach(c -> names.add("P(" + c + ")"));
            case REGRESSION -> {
                if (head.outputDim() == 1) {
                    names.add(head.functionTag());
                } else {
                    for (int i = 0; i < head.outputDim(); i++) {
                        names.add(head.functionTag() + "[" + i + "]");
                    }
                }
            }
        }
        return names;
    }

    public Optional<Tag> tag(String name) {
        return tags.stream().filter(t -> t.name().equals(name)).findFirst();
    }

    @JsonIgnore
    public List<String> domainTags() {
        return tags.stream().filter(Tag::isDomain).map(Tag::name).toList();
    }

    @JsonIgnore
    public List<String> functionTags() {
        return tags.stream().filter(t -> !t.isDomain()).map(Tag::name).toList();
    }

    public Optional<Task> task(String functionTag) {
        return tasks.stream().filter(t -> t.functionTag().equals(functionTag)).findFirst();
    }

    /** This spec with another base-model fingerprint (e.g. the configured spec completed by execution). */
    public TagModelSpec withBaseModel(BaseModelFingerprint fingerprint) {
        return new TagModelSpec(fingerprint, baseModelFolder, tags, tasks);
    }

    /** A few lines for the port's view and tooltip. */
    public List<String> describe() {
        List<String> lines = new ArrayList<>();
        lines.add("base model: " + (baseModel == null ? "not known before execution" : baseModel.describe())
                + (baseModelFolder.isEmpty() ? "" : " in " + baseModelFolder));
        for (Tag t : tags) {
            lines.add(t.kind() + " tag " + t.name() + " (" + t.vectors() + " vectors)");
        }
        for (Task t : tasks) {
            StringBuilder s = new StringBuilder("task ").append(t.functionTag()).append(": ").append(t.headType())
                    .append(" head");
            s.append(t.outputNames() == null ? ", outputs known after execution" : ", outputs " + t.outputNames());
            s.append(", inputs ");
            s.append(String.join(", ", t.fields().stream().map(f -> f.column() + (f.domainTag() == null ? ""
                    : " behind " + f.domainTag())).toList()));
            lines.add(s.toString());
        }
        return lines;
    }

    /** JSON, for the glue's spec serializer. */
    public String toJson() {
        try {
            return JSON.writeValueAsString(this);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** @throws IOException when {@code json} is not a spec written by {@link #toJson()} */
    public static TagModelSpec fromJson(String json) throws IOException {
        return JSON.readValue(json, TagModelSpec.class);
    }
}
