package dev.replicate.demo;

/** The demo cannot go on; the message says at which step and why. */
public final class DemoException extends Exception {
    /** Whose fault: the way the demo was called, or a step that failed. */
    public enum Kind { USAGE, STEP_FAILED }

    private final Kind kind;

    public DemoException(Kind kind, String message) {
        super(message);
        this.kind = kind;
    }

    public DemoException(Kind kind, String message, Throwable cause) {
        super(message, cause);
        this.kind = kind;
    }

    public Kind kind() {
        return kind;
    }
}
