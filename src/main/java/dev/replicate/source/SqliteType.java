package dev.replicate.source;

/**
 * The SQLite column type a source column is stored as. Values handed over by a {@link RowStream}
 * must match it: {@link Long} for INTEGER, {@link Double} for REAL, {@link String} for TEXT,
 * {@code byte[]} for BLOB, or null.
 */
public enum SqliteType {
    INTEGER, REAL, TEXT, BLOB;

    /** Checks that a value fits this type, so that a connector bug shows up at its source. */
    public boolean accepts(Object value) {
        return switch (this) {
            case INTEGER -> value == null || value instanceof Long;
            case REAL -> value == null || value instanceof Double;
            case TEXT -> value == null || value instanceof String;
            case BLOB -> value == null || value instanceof byte[];
        };
    }
}
