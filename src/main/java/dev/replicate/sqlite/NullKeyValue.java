package dev.replicate.sqlite;

import java.sql.SQLException;

/**
 * A row that came with NULL in a key column, refused before it is bound (see PageWriter#add): it carries
 * the column, so the engine can say which without reading SQLite's words back. Its message is SQLite's
 * own for a NOT NULL key.
 */
public final class NullKeyValue extends SQLException {
    private final String column;

    NullKeyValue(String table, String column) {
        super("[SQLITE_CONSTRAINT_NOTNULL] A NOT NULL constraint failed (NOT NULL constraint failed: " + table + "."
                + column + ")");
        this.column = column;
    }

    /** The key column that was NULL. */
    public String column() {
        return column;
    }
}
