package org.tagllm.knime.engine.tags;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.OptionalLong;
import org.tagllm.knime.engine.tokenizer.CharacterTokenizer;
import org.tagllm.knime.engine.tokenizer.TextTokenizer;

/**
 * Turns task inputs into {@link TaggedSequence}s with a model's tokenizer and a set of tags:
 * <ul>
 *   <li>{@link #domainText}: stage 1, {@code <Domain>} + data tokens, LM loss on the data tokens;</li>
 *   <li>{@link #prompt}: stages 2/3 with a task head, BOS + fields + function tag, no LM loss;</li>
 *   <li>{@link #withAnswer}: generation training, the prompt + answer tokens + EOS, LM loss on the answer and EOS.</li>
 * </ul>
 */
public final class SequenceEncoder {

    private final TextTokenizer tokenizer;
    private final CharacterTokenizer characters;
    private final Map<String, TagSpec> tags = new LinkedHashMap<>();

    /** An encoder for {@code tokenizer}'s model and the given tags. */
    public SequenceEncoder(TextTokenizer tokenizer, Iterable<TagSpec> tags) {
        this.tokenizer = tokenizer;
        this.characters = CharacterTokenizer.of(tokenizer);
        for (TagSpec t : tags) {
            if (this.tags.putIfAbsent(t.name(), t) != null) {
                throw new IllegalArgumentException("tag " + t.name() + " given twice");
            }
        }
    }

    /** The ids of {@code text}: one per character, or the model's tokenization without BOS. */
    public long[] tokens(String text, Tokenization tokenization) {
        return switch (tokenization) {
            case CHARACTER -> characters.encode(text);
            case MODEL -> withoutBos(tokenizer.encode(text));
        };
    }

    /**
     * Stage 1 (domain-tag training): the domain tag, then the text's tokens, each a target. As in the official code
     * (get_data.py "{@code <Protein> <input>}", collator.py drops BOS and EOS for these), there is neither BOS nor
     * EOS: the tag comes first, which is also what an isolated segment sees later.
     */
    public TaggedSequence domainText(String domainTag, String text, Tokenization tokenization) {
        TagSpec tag = tag(domainTag, TagKind.DOMAIN);
        long[] ids = tokens(text, tokenization);
        if (ids.length == 0) {
            throw new IllegalArgumentException("domain text for " + domainTag + " is empty: no token to learn from");
        }
        return TaggedSequence.builder().tag(tag).tokens(ids, true).build();
    }

    /**
     * The input of a task with a head, or the prompt of a generation task: BOS when the model has one, each field
     * (its domain tag, then its tokens), then the function tag. No position carries LM loss.
     *
     * @param inputs the text of every template field, by field name
     */
    public TaggedSequence prompt(TaskTemplate template, Map<String, String> inputs) {
        return promptBuilder(template, inputs).build();
    }

    /**
     * A generation example: the {@link #prompt} followed by the answer's tokens (model tokenization) and EOS, which
     * alone carry LM loss.
     */
    public TaggedSequence withAnswer(TaskTemplate template, Map<String, String> inputs, String answer) {
        long eos = tokenizer.eosIds().stream().mapToLong(Long::longValue).min().orElseThrow(
                () -> new IllegalStateException("the tokenizer declares no end-of-sequence id; a generation answer"
                        + " ends with one"));
        return promptBuilder(template, inputs).tokens(tokens(answer, Tokenization.MODEL), true).token(eos, true)
                .build();
    }

    private TaggedSequence.Builder promptBuilder(TaskTemplate template, Map<String, String> inputs) {
        TaggedSequence.Builder b = TaggedSequence.builder();
        // 1. BOS, when the model has one.
        OptionalLong bos = tokenizer.bosId();
        if (bos.isPresent()) {
            b.token(bos.getAsLong(), false);
        }
        // 2. A soft prompt (prompt tuning), right after BOS.
        if (template.softPrompt() != null) {
            b.tag(tag(template.softPrompt(), TagKind.DOMAIN));
        }
        // 3. Each field: its domain tag, then its tokens; tagged segments isolated when the template says so.
        for (TaskField field : template.fields()) {
            String text = inputs.get(field.field());
            if (text == null) {
                throw new IllegalArgumentException("no value for field " + field.field() + "; the inputs hold "
                        + inputs.keySet());
            }
            int start = b.length();
            if (field.domainTag() != null) {
                b.tag(tag(field.domainTag(), TagKind.DOMAIN));
            }
            b.tokens(tokens(text, field.tokenization()), false);
            if (template.isolateSegments() && field.domainTag() != null && start > 0) {
                b.isolate(start, b.length());
            }
        }
        // 4. The function tag, where the answer begins; its last vector is the readout. Without one (baselines), a
        //    head reads the last position.
        if (template.functionTag() == null) {
            return b.readLastPosition();
        }
        return b.tag(tag(template.functionTag(), TagKind.FUNCTION));
    }

    private TagSpec tag(String name, TagKind kind) {
        TagSpec spec = tags.get(name);
        if (spec == null) {
            throw new IllegalArgumentException("unknown tag " + name + "; known tags: " + tags.keySet());
        }
        if (spec.kind() != kind) {
            throw new IllegalArgumentException("tag " + name + " is a " + spec.kind() + " tag, used here as a " + kind
                    + " tag");
        }
        return spec;
    }

    private long[] withoutBos(long[] ids) {
        OptionalLong bos = tokenizer.bosId();
        if (ids.length > 0 && bos.isPresent() && ids[0] == bos.getAsLong()) {
            return Arrays.copyOfRange(ids, 1, ids.length);
        }
        return ids;
    }
}
