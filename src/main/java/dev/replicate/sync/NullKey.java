package dev.replicate.sync;

import dev.replicate.sqlite.NullKeyValue;
import java.sql.SQLException;
import java.util.List;
import java.util.Optional;

/**
 * A row whose key column came as NULL, which the replica's key refuses: said as that, with what the
 * source noted about the column on the way (a MySQL zero date reads as NULL, with a note), instead of
 * SQLite's bare "NOT NULL constraint failed". A source row may lack a key value where the key is the
 * configuration's (a view's, a query's) or where the source had to read a value as NULL.
 */
final class NullKey {
    private NullKey() {
    }

    /**
     * The failure to report for a write that failed with {@code e}; empty when it was not a NULL key.
     *
     * @param entryPath the JSON path of the table's entry ({@code $[0].tables[3]}), whose {@code "primaryKey"} is one way out
     */
    static Optional<TableFailure> explained(SQLException e, List<String> notes, String entryPath) {
        if (!(e instanceof NullKeyValue refused)) {
            return Optional.empty();
        }
        String column = refused.column();
        StringBuilder message = new StringBuilder("a row came with no value (NULL) in the key column ")
                .append(column).append(", which the replica's key cannot hold");
        List<String> aboutIt = notes.stream().filter(note -> note.startsWith("column " + column + " ")).toList();
        if (!aboutIt.isEmpty()) {
            message.append(" (the source's note: ").append(String.join("; ", aboutIt)).append(')');
        }
        message.append("; give every row a value there at the source, or key the table on columns that"
                + " always have one (" + entryPath + ".primaryKey)");
        return Optional.of(new TableFailure(message.toString()));
    }
}
