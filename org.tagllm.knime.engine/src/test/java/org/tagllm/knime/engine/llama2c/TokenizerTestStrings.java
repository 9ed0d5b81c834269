package org.tagllm.knime.engine.llama2c;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.tagllm.knime.engine.SharedData;

/**
 * Varied texts for tokenizer equivalence: TinyStories-like English, punctuation, digits, newlines, runs of spaces,
 * non-ASCII (byte fallback), the empty string; plus real Multi30k sentences in three languages when shared data is
 * present. None contains '▁' or a special token's text, where HF's tokenizer knowingly differs from llama2.c.
 */
final class TokenizerTestStrings {

    private static final String[] HANDWRITTEN = {
        "", " ", "  ", "   ", "\n", "\n\n", "\t", "a", "I", ".", "Once upon a time",
        "Once upon a time, there was a little girl named Lily.",
        "She loved to play outside in the park. One day, she saw a big, red ball.",
        "Lily's mom said, \"Be careful!\" and Tom laughed: ha-ha-ha.",
        "Hello\nworld", "line one\nline two\n\nline four\n", " leading space", "trailing space ",
        "multiple   spaces   here", "tab\tseparated\tvalues", "CRLF\r\nline", "123", "3.14159", "2024-01-31",
        "1,000,000 apples and 42 pears", "007 agent", "x = y + 2 * (z - 1);", "What?! No... yes.",
        "ALL CAPS SHOUTING", "zzzzzzzzzz", "aaaaaaaaaaaaaaaa", "thethethe", "the the the",
        "(parentheses) [brackets] {braces} <angles>", "email@example.com", "#hashtag @mention $5 %20 ^_^ ~tilde~",
        "café ñ 日本 😀", "naïve résumé façade", "Ünïcödé", "Привет мир", "مرحبا بالعالم", "שלום", "🙂🙃👍🏽",
        "a\u00A0b", "™ [x] ~", "em—dash – en-dash … ellipsis", "Straße", "ﬁ ligature", "e\u0301 combining",
        "日本語のテキスト", "한국어", "ελληνικά", "\u007F", "\uD834\uDD1E clef",
    };

    private static final String[] WORDS = {
        "once", "upon", "a", "time", "there", "was", "little", "girl", "boy", "named", "Lily", "Tom", "Ben", "Sue",
        "she", "he", "they", "loved", "to", "play", "with", "her", "his", "big", "red", "ball", "dog", "cat", "bird",
        "tree", "park", "sun", "happy", "sad", "mom", "dad", "said", "saw", "went", "the", "and", "but", "because",
        "very", "toy", "car", "friend", "friends", "day", "One", "It", "The", "jumped", "ran", "smiled", "cried",
        "wanted", "found", "shiny", "blue", "green", "garden", "flower", "cake", "yummy", "scared", "brave",
    };

    private static final String[] FOREIGN = {"café", "naïve", "日本", "😀", "Müller", "señor", "für", "½", "€5", "→"};

    private static final String[] PUNCTUATION = {".", ",", "!", "?", ";", ":", " -", "...", "\"", "'s"};

    private TokenizerTestStrings() {}

    static List<String> all() throws IOException {
        List<String> out = new ArrayList<>(List.of(HANDWRITTEN));
        Random random = new Random(20240531);
        for (int i = 0; i < 250; i++) {
            out.add(sentence(random));
        }
        for (String language : new String[] {"en", "de", "fr"}) {
            Path file = SharedData.root().resolve("translation/val." + language);
            if (Files.isRegularFile(file)) {
                out.addAll(Files.readAllLines(file, StandardCharsets.UTF_8).subList(0, 40));
            }
        }
        return out;
    }

    private static String sentence(Random r) {
        StringBuilder s = new StringBuilder();
        int words = 1 + r.nextInt(18);
        for (int w = 0; w < words; w++) {
            if (w > 0) {
                int gap = r.nextInt(20);
                s.append(gap == 0 ? "  " : gap == 1 ? "\n" : gap == 2 ? "\n\n" : " ");
            }
            int kind = r.nextInt(30);
            if (kind == 0) {
                s.append(FOREIGN[r.nextInt(FOREIGN.length)]);
            } else if (kind == 1) {
                s.append(r.nextInt(100000));
            } else {
                s.append(WORDS[r.nextInt(WORDS.length)]);
            }
            if (r.nextInt(6) == 0) {
                s.append(PUNCTUATION[r.nextInt(PUNCTUATION.length)]);
            }
        }
        return r.nextInt(10) == 0 ? " " + s : s.toString();
    }
}
