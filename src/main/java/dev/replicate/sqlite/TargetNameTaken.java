package dev.replicate.sqlite;

import java.sql.SQLException;
import java.util.List;
import java.util.Optional;

/**
 * Whether a name replicate makes a table under is held in the SQLite file by something that is not a
 * table: SQLite gives tables, views and indexes one set of names, so a view or an index of the user's
 * named as a target new in the configuration keeps its table from being made ({@code there is already an
 * index named ...}), and one named as a full table's copy ({@link ShadowTable#nameOf}) keeps every run
 * of that table from loading its rows. Said before anything is written, naming the object, the file, the
 * entry and the ways on; an index of replicate's own (another target's) is said as such, not as one to
 * drop.
 */
public final class TargetNameTaken {
    private TargetNameTaken() {
    }

    /**
     * The failure to give the table, if {@code target} names a view or an index in the file.
     *
     * @param entry the table's entry in the configuration (its JSON path)
     */
    public static Optional<String> check(Replica replica, String target, String entry) throws SQLException {
        Optional<NameHolder> taken = heldBy(replica, target);
        if (taken.isEmpty()) {
            return Optional.empty();
        }
        NameHolder holder = taken.get();
        String type = holder.type();
        String name = holder.name();
        String on = holder.on();
        if (type.equals("index") && (ReplicaIndexes.isReplicates(on, name) || RowKeyIndex.isOurs(on, name))) {
            // Replicate's own: not the user's to drop, and a run of its table would make it again.
            return Optional.of("the SQLite file " + replica.path() + " holds an index named " + name + ", replicate's"
                    + " own on " + on + ": the table of target " + target + " cannot be made beside it (SQLite's tables,"
                    + " views and indexes share one set of names), so nothing was written. Give " + entry + " another"
                    + " \"target\"");
        }
        return Optional.of("the SQLite file " + replica.path() + " holds " + holder.described() + " named " + name
                + ", which replicate did not make: the table of target " + target + " cannot be made"
                + " beside it (SQLite's tables, views and indexes share one set of names), so nothing was written. Give "
                + entry + " another \"target\", or drop the " + type + " if nothing needs it ("
                + ByHand.sqlite3(replica.path(), holder.dropStatement()) + ")");
    }

    /**
     * The failure to give the full table of {@code target}, if the name of its copy names a view or an index
     * in the file. No index of replicate's has such a name (its own start {@code rx_} or the row key's), so
     * whatever holds it is the user's; and a copy is made on every run, so only the object can give way.
     *
     * @param entry the table's entry in the configuration (its JSON path)
     */
    public static Optional<String> checkCopy(Replica replica, String target, String entry) throws SQLException {
        Optional<NameHolder> taken = heldBy(replica, ShadowTable.nameOf(target));
        if (taken.isEmpty()) {
            return Optional.empty();
        }
        NameHolder holder = taken.get();
        return Optional.of("the SQLite file " + replica.path() + " holds " + holder.described() + " named "
                + holder.name() + ", which replicate did not make: that is the name of the copy of target " + target
                + " (" + entry + "), a full table, whose rows load into it before it takes the table's place (names"
                + " starting with _replicate_ are replicate's, and SQLite's tables, views and indexes share one set of"
                + " names), so nothing was written. Drop the " + holder.type() + " ("
                + ByHand.sqlite3(replica.path(), holder.dropStatement()) + "), or make it again under a name that does not start with _replicate_");
    }

    /**
     * Why {@code target} must not be reset, if a view holds its name: where the target's table would be, there
     * is then no table of replicate's to drop (SQLite's DROP TABLE refused it: "use DROP VIEW"), a view is not
     * replicate's to drop, and no run can make the table beside it ({@link #check}).
     *
     * @param entry the target's entry in the configuration (its JSON path); empty for a target it no longer has
     */
    public static Optional<String> checkReset(Replica replica, String target, Optional<String> entry)
            throws SQLException {
        Optional<NameHolder> taken = heldBy(replica, target);
        if (taken.isEmpty() || !taken.get().type().equals("view")) {
            // An index of that name is no table either: reset's DROP TABLE IF EXISTS passes it by.
            return Optional.empty();
        }
        String name = taken.get().name();
        return Optional.of("the SQLite file " + replica.path() + " holds a view named " + name + ", which replicate did"
                + " not make, where the table of target " + target + " would be (SQLite's tables and views share one"
                + " set of names): there is no table of replicate's to drop, and reset does not drop a view of yours;"
                + " no run can make the table beside it either. Drop the view if nothing needs it ("
                + ByHand.sqlite3(replica.path(), "DROP VIEW " + SqliteSql.quote(name)) + ") and reset again"
                + entry.map(path -> ", or give " + path + " another \"target\"").orElse(""));
    }

    /** The view or index named {@code name} (a table of that name is the target's own), if any. */
    private static Optional<NameHolder> heldBy(Replica replica, String name) throws SQLException {
        return NameHolder.find(replica, name, List.of("view", "index"), Optional.empty());
    }
}
