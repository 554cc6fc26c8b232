package dev.replicate.sqlite;

import java.sql.SQLException;
import java.sql.Statement;

/**
 * {@code replicate reset}: drops a replicated table and forgets its state, so that the next run syncs
 * it from the start. Here rather than in the command, so that the SQL on the file stays in this package.
 */
public final class TableReset {
    private TableReset() {
    }

    /** Inside the caller's transaction (the command commits once, after every target). */
    public static void reset(Replica replica, String source, String table, String target) throws SQLException {
        try (Statement statement = replica.connection().createStatement()) {
            statement.execute("DROP TABLE IF EXISTS " + SqliteSql.quote(target));
        }
        new StateStore(replica).forget(source, table);
    }
}
