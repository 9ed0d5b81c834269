package org.tagllm.knime.engine.tokenizer;

/**
 * GPT-2's byte-to-character alphabet, which byte-level BPE vocabularies (GPT-2, Qwen2, LLaMA 3) are spelled in: the
 * printable bytes 33-126, 161-172 and 174-255 stand for themselves; the other 68 bytes, in increasing order, become
 * U+0100, U+0101, ... (so the space 0x20 is 'Ġ' U+0120).
 */
final class ByteLevelAlphabet {

    private static final String[] CHARACTERS = build();

    private ByteLevelAlphabet() {}

    /** The one-character piece that stands for byte {@code b} (0-255). */
    static String character(int b) {
        return CHARACTERS[b];
    }

    private static String[] build() {
        String[] table = new String[256];
        int next = 256;
        for (int b = 0; b < 256; b++) {
            boolean printable = (b >= 33 && b <= 126) || (b >= 161 && b <= 172) || (b >= 174 && b <= 255);
            table[b] = String.valueOf((char) (printable ? b : next++));
        }
        return table;
    }
}
