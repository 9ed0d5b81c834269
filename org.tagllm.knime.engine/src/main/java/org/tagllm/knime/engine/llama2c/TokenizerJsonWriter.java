package org.tagllm.knime.engine.llama2c;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.tagllm.knime.engine.ModelFormatException;
import org.tagllm.knime.engine.io.AtomicFiles;

/**
 * Writes a llama2.c tokenizer as an equivalent Hugging Face {@code tokenizer.json}: the LLaMA (SentencePiece BPE)
 * layout with byte fallback, in the schema HF's tokenizers 0.21 reads (the version inside DJL 0.36). Encoding with it
 * gives the same ids as llama2.c's {@code encode(text, bos=1, eos=0)}: BOS, a leading space, then BPE by score.
 *
 * <p>Two differences remain, the same as in every HF LLaMA tokenizer: the literal texts {@code <unk>}, {@code <s>}
 * and {@code </s>} become their special tokens, and a literal '▁' (U+2581) in the text reads as a space.
 */
public final class TokenizerJsonWriter {

    public static final int UNK_ID = 0;
    public static final int BOS_ID = 1;
    public static final int EOS_ID = 2;
    /** Id of byte piece {@code <0x00>}; byte b has id b + 3, as llama2.c's byte fallback assumes. */
    public static final int FIRST_BYTE_ID = 3;

    static final String UNK = "<unk>";
    static final String BOS = "<s>";
    static final String EOS = "</s>";
    static final String SPACE = "\u2581";

    private static final ObjectMapper JSON = new ObjectMapper();

    private final Path source;
    private final List<String> pieces;
    private final List<SentencePieceMerges.Merge> merges;

    /**
     * Validates the tokenizer and derives its merges.
     *
     * @param source where {@code tokenizer} was read from, for messages
     * @throws ModelFormatException when ids 3..258 are not the byte pieces or two pieces coincide
     */
    public TokenizerJsonWriter(Llama2cTokenizerFile tokenizer, Path source) throws ModelFormatException {
        this.source = source;
        this.pieces = hfPieces(tokenizer, source);
        this.merges = SentencePieceMerges.derive(pieces, tokenizer.scores(), Set.of(UNK_ID, BOS_ID, EOS_ID));
    }

    private static List<String> hfPieces(Llama2cTokenizerFile tokenizer, Path source) throws ModelFormatException {
        int required = FIRST_BYTE_ID + 256;
        if (tokenizer.size() < required) {
            throw new ModelFormatException(source + ": " + tokenizer.size() + " pieces; a llama2.c tokenizer has at"
                    + " least " + required + " (<unk>, <s>, </s> and the 256 byte pieces)");
        }
        List<String> out = new ArrayList<>(tokenizer.size());
        Map<String, Integer> seen = new HashMap<>();
        for (int id = 0; id < tokenizer.size(); id++) {
            String piece = switch (id) {
                case UNK_ID -> UNK;
                case BOS_ID -> BOS;
                case EOS_ID -> EOS;
                default -> tokenizer.pieces().get(id).replace(" ", SPACE);
            };
            if (id >= FIRST_BYTE_ID && id < required) {
                String expected = bytePiece(id - FIRST_BYTE_ID);
                if (!piece.equals(expected)) {
                    throw new ModelFormatException(source + ": piece " + id + " is '" + piece + "' but byte fallback"
                            + " needs the byte pieces in order at ids 3..258, i.e. '" + expected + "'");
                }
            }
            Integer previous = seen.putIfAbsent(piece, id);
            if (previous != null) {
                throw new ModelFormatException(source + ": pieces " + previous + " and " + id + " are both '"
                        + piece + "'; a tokenizer.json vocabulary needs distinct pieces");
            }
            out.add(piece);
        }
        return out;
    }

    static String bytePiece(int b) {
        return String.format(Locale.ROOT, "<0x%02X>", b);
    }

    /** Number of BPE merges derived from the scores. */
    public int mergeCount() {
        return merges.size();
    }

    /** The vocabulary as written: index = id, spaces as '▁', specials as {@code <unk> <s> </s>}. */
    public List<String> pieces() {
        return pieces;
    }

    /** The {@code tokenizer.json} document. */
    public String toJson() {
        ObjectNode root = JSON.createObjectNode();
        root.put("version", "1.0");
        root.putNull("truncation");
        root.putNull("padding");
        ArrayNode added = root.putArray("added_tokens");
        for (int id : new int[] {UNK_ID, BOS_ID, EOS_ID}) {
            added.addObject().put("id", id).put("content", pieces.get(id)).put("single_word", false)
                    .put("lstrip", false).put("rstrip", false).put("normalized", false).put("special", true);
        }
        root.set("normalizer", normalizer());
        root.putNull("pre_tokenizer");
        root.set("post_processor", bosTemplate());
        root.set("decoder", decoder());
        root.set("model", model());
        return root.toString();
    }

    // llama2.c prepends a space piece to non-empty text and reads spaces as the ' ' piece (SentencePiece's '▁').
    private static ObjectNode normalizer() {
        ObjectNode n = JSON.createObjectNode().put("type", "Sequence");
        ArrayNode steps = n.putArray("normalizers");
        steps.addObject().put("type", "Prepend").put("prepend", SPACE);
        replace(steps.addObject(), " ", SPACE);
        return n;
    }

    private static ObjectNode bosTemplate() {
        ObjectNode p = JSON.createObjectNode().put("type", "TemplateProcessing");
        ArrayNode single = p.putArray("single");
        special(single.addObject(), BOS, 0);
        sequence(single.addObject(), "A", 0);
        ArrayNode pair = p.putArray("pair");
        special(pair.addObject(), BOS, 0);
        sequence(pair.addObject(), "A", 0);
        special(pair.addObject(), BOS, 1);
        sequence(pair.addObject(), "B", 1);
        ObjectNode bos = p.putObject("special_tokens").putObject(BOS).put("id", BOS);
        bos.putArray("ids").add(BOS_ID);
        bos.putArray("tokens").add(BOS);
        return p;
    }

    private static void special(ObjectNode item, String token, int typeId) {
        item.putObject("SpecialToken").put("id", token).put("type_id", typeId);
    }

    private static void sequence(ObjectNode item, String id, int typeId) {
        item.putObject("Sequence").put("id", id).put("type_id", typeId);
    }

    // Fuse before Strip: Strip works per token, and must remove only the one leading space of the whole text.
    private static ObjectNode decoder() {
        ObjectNode d = JSON.createObjectNode().put("type", "Sequence");
        ArrayNode steps = d.putArray("decoders");
        replace(steps.addObject(), SPACE, " ");
        steps.addObject().put("type", "ByteFallback");
        steps.addObject().put("type", "Fuse");
        steps.addObject().put("type", "Strip").put("content", " ").put("start", 1).put("stop", 0);
        return d;
    }

    private static void replace(ObjectNode step, String pattern, String content) {
        step.put("type", "Replace");
        step.putObject("pattern").put("String", pattern);
        step.put("content", content);
    }

    private ObjectNode model() {
        ObjectNode m = JSON.createObjectNode().put("type", "BPE");
        m.putNull("dropout");
        m.put("unk_token", UNK);
        m.putNull("continuing_subword_prefix");
        m.putNull("end_of_word_suffix");
        m.put("fuse_unk", true);
        m.put("byte_fallback", true);
        m.put("ignore_merges", false);
        ObjectNode vocab = m.putObject("vocab");
        for (int id = 0; id < pieces.size(); id++) {
            vocab.put(pieces.get(id), id);
        }
        // Pairs rather than "left right" strings: tokenizers reads both since 0.20, and pairs survive any piece text.
        ArrayNode list = m.putArray("merges");
        for (SentencePieceMerges.Merge merge : merges) {
            list.addArray().add(pieces.get(merge.left())).add(pieces.get(merge.right()));
        }
        return m;
    }

    /** Writes {@code tokenizer.json} atomically (sibling file, then rename). */
    public void write(Path target) throws IOException {
        AtomicFiles.writeString(target, toJson());
    }

    @Override
    public String toString() {
        return "tokenizer.json from " + source + " (" + pieces.size() + " pieces, " + merges.size() + " merges)";
    }
}
