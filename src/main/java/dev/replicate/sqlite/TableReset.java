package dev.replicate.sqlite;

import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Optional;

/**
 * {@code replicate reset}: drops a replicated table and forgets its state, so that the next run syncs
 * it from the start. Here rather than in the command, so that the SQL on the file stays in this package.
 */
public final class TableReset {
    private TableReset() {
    }

    /**
     * Why the target must not be reset, if so: an SQLite table of that name exists that replicate has
     * no record of making ({@link TargetRecord#made}). It may be the user's own, and a reset drops it with
     * its rows. That includes replicate's own tables once {@code _replicate_watermarks} was dropped: the
     * message says how to drop such a table by hand, the safe way round. Nor a table of replicate's on
     * which the user made indexes or triggers ({@link HandMadeObjects#refusingDrop}).
     */
    public static Optional<String> refusal(Replica replica, String target) throws SQLException {
        if (!TargetTable.exists(replica, target)) {
            return Optional.empty();
        }
        if (TargetRecord.made(replica, target)) {
            // The user's indexes and triggers would go with the table, and no run makes them again: what a
            // trigger keeps (an FTS5 index, an audit table) would go stale unnoticed. As a run's drop, refused.
            return HandMadeObjects.refusingDrop(replica, target, "reset " + target + " drops its SQLite table",
                    List.of(), "reset it again, run");
        }
        return Optional.of("replicate has no record of making the SQLite table " + target + " in " + replica.path()
                + ", so it may be a table of yours: reset leaves it as it is. " + TargetRecord.waysOut(replica, target));
    }

    /** Inside the caller's transaction (the command commits once, after every target). */
    public static void reset(Replica replica, String target) throws SQLException {
        try (Statement statement = replica.connection().createStatement()) {
            statement.execute("DROP TABLE IF EXISTS " + SqliteSql.quote(target));
            // And a full table's partial copy, should a run have left one (ShadowTable).
            statement.execute("DROP TABLE IF EXISTS " + SqliteSql.quote(ShadowTable.nameOf(target)));
        }
        new StateStore(replica).forget(target);
    }
}
