package org.tagllm.knime.engine.llama2c;

/**
 * The seven int32 that open a llama2.c legacy checkpoint, with the sign of the vocabulary size already turned into
 * {@link #sharedClassifier()}. Construct it through {@link #of}, which refuses values the layout cannot hold.
 *
 * @param dim              model width
 * @param hiddenDim        SwiGLU hidden width
 * @param numLayers        decoder blocks
 * @param numHeads         query heads
 * @param numKvHeads       key/value heads
 * @param vocabSize        vocabulary size (always positive here)
 * @param seqLen           longest sequence the model was trained for
 * @param sharedClassifier the classifier is the token embedding (llama2.c writes a positive vocabulary size then)
 */
public record Llama2cHeader(int dim, int hiddenDim, int numLayers, int numHeads, int numKvHeads, int vocabSize,
        int seqLen, boolean sharedClassifier) {

    /** Bytes of the header itself. */
    public static final int BYTES = 7 * Integer.BYTES;

    /**
     * Validates the raw header ints as stored in the file.
     *
     * @throws IllegalArgumentException naming the offending field; the caller adds the file name
     */
    public static Llama2cHeader of(int dim, int hiddenDim, int numLayers, int numHeads, int numKvHeads,
            int signedVocabSize, int seqLen) {
        requirePositive("dim", dim);
        requirePositive("hidden_dim", hiddenDim);
        requirePositive("n_layers", numLayers);
        requirePositive("n_heads", numHeads);
        requirePositive("n_kv_heads", numKvHeads);
        requirePositive("seq_len", seqLen);
        // Integer.MIN_VALUE has no positive counterpart.
        if (signedVocabSize == 0 || signedVocabSize == Integer.MIN_VALUE) {
            throw new IllegalArgumentException("vocab_size must be non-zero (negative marks a separate classifier),"
                    + " got " + signedVocabSize);
        }
        if (dim % numHeads != 0) {
            throw new IllegalArgumentException("dim (" + dim + ") is not a multiple of n_heads (" + numHeads + ")");
        }
        if (numHeads % numKvHeads != 0) {
            throw new IllegalArgumentException(
                    "n_heads (" + numHeads + ") is not a multiple of n_kv_heads (" + numKvHeads + ")");
        }
        if ((dim / numHeads) % 2 != 0) {
            throw new IllegalArgumentException("head size dim / n_heads = " + dim / numHeads
                    + " is odd; rotary embeddings need pairs");
        }
        return new Llama2cHeader(dim, hiddenDim, numLayers, numHeads, numKvHeads, Math.abs(signedVocabSize), seqLen,
                signedVocabSize > 0);
    }

    private static void requirePositive(String name, int value) {
        if (value <= 0) {
            throw new IllegalArgumentException(name + " must be positive, got " + value);
        }
    }

    public int headSize() {
        return dim / numHeads;
    }

    /** Width of the key and value projections: n_kv_heads * head size. */
    public int kvDim() {
        return numKvHeads * headSize();
    }

    /** The file size this header implies, with or without a trailing untied classifier. */
    public long fileSize(boolean withClassifier) {
        long floats = 0;
        for (Llama2cTensor t : Llama2cTensor.values()) {
            if (t != Llama2cTensor.CLASSIFIER || withClassifier) {
                floats = Math.addExact(floats, Math.multiplyExact(t.elementsPerLayer(this), (long) t.layers(this)));
            }
        }
        return Math.addExact(BYTES, Math.multiplyExact(floats, Float.BYTES));
    }

    /** The size of this file as the header says it is (classifier present exactly when it is not shared). */
    public long expectedFileSize() {
        return fileSize(!sharedClassifier);
    }

    /** Byte offset of {@code tensor} for {@code layer} (0 for tensors that are not per layer). */
    public long offset(Llama2cTensor tensor, int layer) {
        if (layer < 0 || layer >= tensor.layers(this)) {
            throw new IndexOutOfBoundsException(tensor + " has no layer " + layer);
        }
        if (tensor == Llama2cTensor.CLASSIFIER && sharedClassifier) {
            throw new IllegalArgumentException("this checkpoint has no separate classifier; it is the embedding");
        }
        long floats = 0;
        for (Llama2cTensor t : Llama2cTensor.values()) {
            if (t == tensor) {
                break;
            }
            floats += t.elementsPerLayer(this) * t.layers(this);
        }
        floats += tensor.elementsPerLayer(this) * layer;
        return BYTES + floats * Float.BYTES;
    }

    /** The values as llama2.c's {@code Config} names them, for messages. */
    public String describe() {
        return "dim " + dim + ", hidden_dim " + hiddenDim + ", n_layers " + numLayers + ", n_heads " + numHeads
                + ", n_kv_heads " + numKvHeads + ", vocab_size " + vocabSize + ", seq_len " + seqLen + ", "
                + (sharedClassifier ? "shared classifier" : "separate classifier");
    }
}
