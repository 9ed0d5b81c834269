package org.tagllm.knime.engine.llama2c;

/**
 * Recognises the two formats PyTorch's {@code torch.save} writes, so that such a file gets a clear refusal rather
 * than a confusing size error: we never unpickle, because unpickling can execute arbitrary code.
 */
final class PickleSniffer {

    static final String REASON = "it looks like a PyTorch pickle (torch.save output); refused because loading a"
            + " pickle can execute code. Export it with llama2.c's export.py (legacy version 0) or as safetensors";

    private PickleSniffer() {}

    /** True when {@code head} starts like a pickle stream (PROTO opcode, protocol 2..5) or a zip archive. */
    static boolean looksLikePickle(byte[] head) {
        if (head.length >= 2 && (head[0] & 0xFF) == 0x80 && head[1] >= 2 && head[1] <= 5) {
            return true;
        }
        // torch.save has written a zip archive of pickles since PyTorch 1.6.
        return head.length >= 2 && head[0] == 'P' && head[1] == 'K';
    }
}
