package dev.replicate.source;

/** A source-side problem worth a plain message: a missing table or column, an unusable type. */
public class SourceException extends Exception {
    public SourceException(String message) {
        super(message);
    }

    public SourceException(String message, Throwable cause) {
        super(message, cause);
    }
}
