package dev.replicate.sqlite;

import dev.replicate.log.Counted;
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

    /** What comes of a target's table after its reset, which the refusal over the user's objects says. */
    public enum Next {
        /** An incremental table the configuration has: the next run syncs it from the start. */
        SYNCED_AGAIN,
        /** A full table: every run rewrites it whole anyway, carrying the user's objects over (ShadowTable#swap). */
        REWRITTEN_EVERY_RUN,
        /** A target the configuration no longer has: no run makes it again. */
        NOT_MADE_AGAIN
    }

    /**
     * Why the target must not be reset, if so: an SQLite table of that name exists that replicate has
     * no record of making ({@link TargetRecord#made}). It may be the user's own, and a reset drops it with
     * its rows. That includes replicate's own tables once {@code _replicate_watermarks} was dropped: the
     * message says how to drop such a table by hand, the safe way round. Nor a table of replicate's on
     * which the user made indexes or triggers: they would go with the table, and no run makes them again,
     * so what a trigger keeps (an FTS5 index, an audit table) would go stale unnoticed. Columns the user
     * added are not asked about: reset is the way to be rid of one (the table is made again from the
     * source's columns), as the README says. Nor a target whose name a view of the user's holds
     * ({@link TargetNameTaken#checkReset}).
     *
     * @param entry the target's entry in the configuration (its JSON path); empty for a target it no longer has
     */
    public static Optional<String> refusal(Replica replica, String target, Next next, Optional<String> entry)
            throws SQLException {
        if (!TargetTable.exists(replica, target)) {
            return TargetNameTaken.checkReset(replica, target, entry);
        }
        if (!TargetRecord.made(replica, target)) {
            return Optional.of("replicate has no record of making the SQLite table " + target + " in " + replica.path()
                    + ", so it may be a table of yours: reset leaves it as it is. " + TargetRecord.waysOut(replica, target));
        }
        String why = "reset " + target + " would drop its SQLite table";
        if (next == Next.SYNCED_AGAIN) {
            // As a run's own drop of a table to sync it again.
            return HandMadeObjects.refusingDrop(replica, target, why, List.of(), "reset it again, run");
        }
        List<HandMadeObjects.Made> objects = HandMadeObjects.on(replica, target);
        if (objects.isEmpty()) {
            return Optional.empty();
        }
        String names = HandMadeObjects.listed(objects);
        String them = HandMadeObjects.them(objects);
        String their = Counted.agreeing(objects.size(), "its", "their");
        String keep = ByHand.sqlite3(replica.path(), ".schema " + SqliteSql.quote(target));
        String drops = ByHand.sqlite3(replica.path(),
                String.join("; ", objects.stream().map(HandMadeObjects.Made::dropStatement).toList()));
        if (next == Next.REWRITTEN_EVERY_RUN) {
            return Optional.of(target + " is a full table: every run rewrites it whole, with the source's columns as"
                    + " they are then, and makes the " + names + " made by hand on it again on the new copy, so it"
                    + " needs no reset. A reset would drop " + them + " with the table, and no run would make " + them
                    + " again; replicate does not drop what it did not make. To reset it all the same, keep " + their
                    + " SQL (" + keep + "), drop " + them + " (" + drops + "), reset it again, run, and make " + them
                    + " again after the run");
        }
        return Optional.of(why + " and forget its state, and " + target + " is no longer in the configuration, so no"
                + " run makes it again: the " + names + " made by hand on it would go with it, and replicate does not"
                + " drop what it did not make. Keep " + their + " SQL if you need it (" + keep + "), drop " + them + " ("
                + drops + "), then reset it again");
    }

    /** Inside the caller's transaction (the command commits once, after every target). */
    public static void reset(Replica replica, String target) throws SQLException {
        try (Statement statement = replica.connection().createStatement()) {
            statement.execute("DROP TABLE IF EXISTS " + SqliteSql.quote(target));
        }
        // And a full table's partial copy, should a run have left one.
        ShadowTable.drop(replica, target);
        new StateStore(replica).forget(target);
    }
}
