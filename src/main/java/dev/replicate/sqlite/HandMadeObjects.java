package dev.replicate.sqlite;

import dev.replicate.log.Counted;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The indexes and triggers a user made on a replica table (what {@code sqlite_master} holds for it, less
 * replicate's own indexes, told apart by name). SQLite drops them with the table, so whatever drops a
 * table replicate made must carry them over ({@link ShadowTable#swap}) or leave the table alone.
 */
public final class HandMadeObjects {
    /** One of them, with the SQL that made it. */
    record Made(String type, String name, String sql) {
        String dropStatement() {
            return "DROP " + type.toUpperCase(Locale.ROOT) + " " + SqliteSql.quote(name);
        }
    }

    private HandMadeObjects() {
    }

    /** The user's indexes and triggers on the table, in the order they were made. */
    static List<Made> on(Replica replica, String table) throws SQLException {
        List<Made> objects = new ArrayList<>();
        // sql is NULL for the indexes SQLite makes itself (the primary key's, a UNIQUE constraint's).
        try (PreparedStatement statement = replica.connection().prepareStatement("""
                SELECT type, name, sql FROM sqlite_master WHERE tbl_name = ? COLLATE NOCASE
                  AND type IN ('index', 'trigger') AND sql IS NOT NULL ORDER BY rowid""")) {
            statement.setString(1, table);
            try (ResultSet rs = statement.executeQuery()) {
                while (rs.next()) {
                    // Replicate's own: its configured indexes, and the row identities' index of a table without
                    // a key.
                    if (!(rs.getString(1).equals("index") && (ReplicaIndexes.isReplicates(table, rs.getString(2))
                            || RowKeyIndex.isOurs(table, rs.getString(2))))) {
                        objects.add(new Made(rs.getString(1), rs.getString(2), rs.getString(3)));
                    }
                }
            }
        }
        return objects;
    }

    /**
     * Why the table must not be dropped to be synced again from the start, if the user made indexes,
     * triggers or columns on it: SQLite would drop them with it (a column with its values), and made again
     * before the rows a trigger would fire for every row read again. The message names them, {@code why}
     * the table would be dropped, and how to go on.
     *
     * @param columns the table's columns the user added ({@link TableColumns#madeByHand})
     */
    public static Optional<String> refusingDrop(Replica replica, String table, String why, List<String> columns)
            throws SQLException {
        return refusingDrop(replica, table, why, columns, "run again");
    }

    /** As above, {@code again} saying what the user does once they are dropped ("run again"). */
    public static Optional<String> refusingDrop(Replica replica, String table, String why, List<String> columns,
                                                String again) throws SQLException {
        List<Made> objects = on(replica, table);
        if (objects.isEmpty() && columns.isEmpty()) {
            return Optional.empty();
        }
        if (!columns.isEmpty()) {
            String drops = String.join("; ", columns.stream().map(column -> "ALTER TABLE " + SqliteSql.quote(table)
                    + " DROP COLUMN " + SqliteSql.quote(column)).toList());
            return Optional.of(why + ", so " + table + " must be dropped and synced again from the start, which would"
                    + " take with it the " + Counted.named("column", columns) + " added by hand, and "
                    + Counted.agreeing(columns.size(), "its", "their") + " values;"
                    + " replicate does not drop what it did not make, and the table keeps its rows until then. Copy"
                    + " what you need of them into a table of your own, drop " + Counted.agreeing(columns.size(), "it", "them")
                    + " (" + ByHand.sqlite3(replica.path(), drops)
                    + "), and " + again);
        }
        String drops = String.join("; ", objects.stream().map(Made::dropStatement).toList());
        String them = them(objects);
        return Optional.of(why + ", so " + table + " must be dropped and synced again from the start, which would take"
                + " with it the " + listed(objects) + " made by hand on it; replicate does not drop what it did not"
                + " make, and the table keeps its rows until then. Keep " + Counted.agreeing(objects.size(), "its", "their")
                + " SQL (" + ByHand.sqlite3(replica.path(), ".schema " + SqliteSql.quote(table)) + "), drop " + them
                + " (" + ByHand.sqlite3(replica.path(), drops) + "), " + again + ", and make " + them + " again after"
                + " the run");
    }

    /** The objects as a message names them: "index a, trigger b". */
    static String listed(List<Made> objects) {
        return String.join(", ", objects.stream().map(made -> made.type() + " " + made.name()).toList());
    }

    /** The pronoun for {@code objects}, agreeing with their number: "it" for one, "them" for more. */
    static String them(List<Made> objects) {
        return Counted.agreeing(objects.size(), "it", "them");
    }
}
