package org.tagllm.cli;

/** Exit codes of every {@code tagllm} command. */
public final class ExitCodes {
    public static final int OK = 0;
    /** Bad input: a model, file or value we refuse, with a message saying why. */
    public static final int BAD_INPUT = 1;
    /** Usage: unknown option, missing parameter (picocli's own code). */
    public static final int USAGE = 2;
    /** A fault of ours or of the environment; the stack trace is printed. */
    public static final int INTERNAL = 3;
    /** Stopped by SIGINT/SIGTERM (128 + SIGINT, as shells report it); a line said what was kept. */
    public static final int INTERRUPTED = 130;

    private ExitCodes() {}
}
