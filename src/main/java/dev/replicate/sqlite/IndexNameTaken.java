package dev.replicate.sqlite;

import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Whether the name replicate gives a configured index ({@link ReplicaIndexes#index}) is held in the SQLite
 * file by something other than that index on its table: SQLite gives tables, views and indexes one set of
 * names, so a table or a view of the user's, or an index on another table, named so keeps the index from
 * being made ({@code there is already a table named ...}): an incremental table's at once, a first sync's
 * after its whole load, a full table's at every swap. Said before anything is written, naming the object,
 * the file, the index's entry and the ways on.
 */
public final class IndexNameTaken {
    private IndexNameTaken() {
    }

    /**
     * The failure to give the table of {@code target}, if the names of any of {@code indexes} are held.
     * Only the indexes the table does not have are looked up: one made holds its own name, which nothing else
     * can then hold, so a run that changes no index asks SQLite nothing here (sqlite_master has no index on
     * names: each look-up reads the whole schema).
     *
     * @param entries  the JSON path of each index's entry ({@code $[0].tables[1].indexes[0]}), in the order of
     *                 {@code indexes}
     * @param existing replicate's indexes on the table ({@link ReplicaIndexes#existing})
     */
    public static Optional<String> check(Replica replica, String target, List<ReplicaIndexes.Index> indexes,
                                         List<String> entries, List<String> existing) throws SQLException {
        List<String> said = new ArrayList<>();
        for (int i = 0; i < indexes.size(); i++) {
            String name = indexes.get(i).name();
            if (existing.stream().anyMatch(made -> SqliteSql.sameName(made, name))) {
                continue;
            }
            Optional<NameHolder> holder = heldBy(replica, target, name);
            if (holder.isPresent()) {
                said.add(said(replica, target, indexes.get(i), entries.get(i), holder.get()));
            }
        }
        return said.isEmpty() ? Optional.empty() : Optional.of(String.join("; ", said));
    }

    private static String said(Replica replica, String target, ReplicaIndexes.Index index, String entry,
                               NameHolder holder) throws SQLException {
        String what = "the " + index.unnamed() + " of target " + target + " (" + entry + ")";
        if (holder.type().equals("index") && ReplicaIndexes.isReplicates(holder.on(), holder.name())
                && ReplicaIndexes.underAnEarlierName(replica, holder.on(), holder.name())) {
            // An index of replicate's on another table has this name only as an earlier release named it (CAFÉ's
            // and café's were one name): that table's next run makes it again under its name now.
            return "the SQLite file " + replica.path() + " holds an index named " + holder.name() + ", replicate's own"
                    + " on " + holder.on() + " under the name an earlier release gave it, which is now the name of "
                    + what + ", so nothing was written. The next run of " + holder.on() + " makes its index again under"
                    + " its name now, and frees this one; if " + holder.on() + " is no longer in the configuration, drop"
                    + " the index (" + ByHand.sqlite3(replica.path(), "DROP INDEX " + SqliteSql.quote(holder.name())) + ")";
        }
        return "the SQLite file " + replica.path() + " holds " + holder.described() + " named " + holder.name() + (holder.type().equals("index") ? " on " + holder.on() : "")
                + ", which replicate did not make: that is the name of " + what + " (index names starting with rx_ are"
                + " replicate's, and SQLite's tables, views and indexes share one set of names), so nothing was"
                + " written. " + wayOut(replica, holder) + ", or remove " + entry + " from the configuration";
    }

    private static String wayOut(Replica replica, NameHolder holder) {
        if (holder.type().equals("table")) {
            // A table holds rows: renamed, not dropped.
            return "Rename the table (" + ByHand.sqlite3(replica.path(), "ALTER TABLE " + SqliteSql.quote(holder.name())
                    + " RENAME TO " + SqliteSql.quote("my_" + holder.name())) + ")";
        }
        return "Drop the " + holder.type() + " (" + ByHand.sqlite3(replica.path(), holder.dropStatement()) + ") and make it again under a"
                + " name that does not start with rx_";
    }

    /**
     * The table, view or index named {@code name} (names ignore case in SQLite, ASCII letters only) that is not
     * an index on {@code target} (that one is the index itself, or replicate's under a name it kept), if any.
     * Not a trigger: SQLite keeps triggers' names apart, so one named so neither keeps the index from being
     * made nor may hide the table or view that does.
     */
    private static Optional<NameHolder> heldBy(Replica replica, String target, String name) throws SQLException {
        return NameHolder.find(replica, name, List.of("table", "view", "index"), Optional.of(target));
    }
}
