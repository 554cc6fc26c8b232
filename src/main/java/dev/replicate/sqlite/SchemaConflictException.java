package dev.replicate.sqlite;

/** The replicated table cannot follow the source any more without being rebuilt (its key changed). */
public final class SchemaConflictException extends Exception {
    public SchemaConflictException(String message) {
        super(message);
    }
}
