package org.tagllm.knime.engine.service;

/** A model was not loaded because the device has too little memory left for it: said before libtorch runs out. */
public final class InsufficientMemoryException extends Exception {

    private static final long serialVersionUID = 1L;

    private final long requiredBytes;
    private final long availableBytes;

    public InsufficientMemoryException(String message, long requiredBytes, long availableBytes) {
        super(message);
        this.requiredBytes = requiredBytes;
        this.availableBytes = availableBytes;
    }

    public long requiredBytes() {
        return requiredBytes;
    }

    public long availableBytes() {
        return availableBytes;
    }
}
