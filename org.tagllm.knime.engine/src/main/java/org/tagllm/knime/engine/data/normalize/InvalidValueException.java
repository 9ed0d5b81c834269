package org.tagllm.knime.engine.data.normalize;

/**
 * A value that cannot be used. The reason is short and free of the value (e.g. "not a number"), so that reports can
 * group by it; the detail, if any, says what exactly was wrong with this value.
 */
public final class InvalidValueException extends Exception {

    private static final long serialVersionUID = 1L;

    private final String reason;
    private final String detail;

    public InvalidValueException(String reason) {
        this(reason, null, null);
    }

    public InvalidValueException(String reason, String detail) {
        this(reason, detail, null);
    }

    public InvalidValueException(String reason, String detail, Throwable cause) {
        super(detail == null ? reason : reason + " (" + detail + ")", cause);
        this.reason = reason;
        this.detail = detail;
    }

    public String reason() {
        return reason;
    }

    /** What exactly was wrong, or {@code null}. */
    public String detail() {
        return detail;
    }
}
