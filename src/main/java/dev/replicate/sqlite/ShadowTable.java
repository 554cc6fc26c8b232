package dev.replicate.sqlite;

import dev.replicate.log.Counted;
import dev.replicate.source.SourceColumn;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * A full table's new copy, loaded beside the old one and swapped with it in one transaction, so that
 * readers (other connections; the file is in WAL mode) see the old rows or the new rows, never a mix
 * and never an empty table, and a reader inside a read transaction keeps its snapshot of the old ones.
 *
 * <p>The copy is named by a rule, {@code _replicate_shadow_<target>} ({@link #nameOf}): names starting
 * with {@code _replicate_} are replicate's (the configuration refuses them as targets), so a copy an
 * interrupted run left behind is recognised and dropped ({@link #dropLeftover}), and no table of the
 * user's is ever taken for one. Its pages are committed as they are written, as a first sync's are;
 * until the swap nothing reads them.
 *
 * <p>The swap ({@link #swap}): DROP the old table, RENAME the copy to its name, make the configured
 * indexes and the user's own indexes and triggers of the old table again, record the state, commit.
 * <ul>
 * <li>Indexes are made in the swap, after the rename, not on the copy before it: index names are one
 * namespace in the file, the old table holds them until it is dropped, and SQLite cannot rename an
 * index. Readers never see the new table without them: the swap commits as one.
 * <li>The user's indexes and triggers on the old table (what {@code sqlite_master} holds for it, less
 * replicate's own indexes, told apart by name: {@link ReplicaIndexes}) go with it when it is dropped;
 * they are made again from their own SQL, so that they stay as the user made them. One that no longer
 * fits the new rows (a column gone, a unique index the rows break) fails the swap, which leaves the
 * old table as it was: replicate never drops what the user made.
 * <li>The rename runs with {@code legacy_alter_table} on: otherwise SQLite (3.26 and later) checks
 * every view and trigger in the file during a rename and refuses it when one names a table that does
 * not exist, and a view of the user's over the target names the table just dropped. With it, views
 * and triggers are kept as text and name the new table as they named the old one.
 * <li>Kept as text, they are not checked either: before the commit every view and trigger in the file
 * that compiled before the swap must still compile ({@link DependentObjects}). One that names a column
 * the new table lacks (excluded now) fails the swap, as it fails an incremental table's DROP COLUMN.
 * </ul>
 */
public final class ShadowTable {
    private static final String PREFIX = "_replicate_shadow_";
    private static final java.util.function.Consumer<String> NO_HOOK = target -> { };

    /**
     * Told each swap's target just before its commit; for tests (a stop that lands while the swap holds the
     * write lock, FullRefreshCrashScenarios), which set it through a main class of their own in a child JVM.
     */
    static volatile java.util.function.Consumer<String> beforeSwapCommit = NO_HOOK;

    private ShadowTable() {
    }

    /** A swap that cannot be made (an index, or an index or trigger of the user's, does not fit the new rows). */
    public static final class SwapRefused extends Exception {
        SwapRefused(String message) {
            super(message);
        }
    }

    /** What the swap writes in its transaction besides the tables (the table's state). */
    @FunctionalInterface
    public interface InTransaction {
        void run() throws SQLException;
    }

    /** The copy's name for {@code target}. */
    public static String nameOf(String target) {
        return PREFIX + target;
    }

    /**
     * Drops the copy of {@code target} that an interrupted run left behind, if there is one, and commits.
     *
     * @return whether there was one
     */
    public static boolean dropLeftover(Replica replica, String target) throws SQLException {
        if (!drop(replica, target)) {
            return false;
        }
        replica.commit();
        return true;
    }

    /**
     * Drops the copy of {@code target}, if there is one, in the caller's transaction: a table of that name only
     * (a view or an index of the user's there is none; the table's next run names it, TargetNameTaken#checkCopy).
     *
     * @return whether there was one
     */
    public static boolean drop(Replica replica, String target) throws SQLException {
        String shadow = nameOf(target);
        if (!TargetTable.exists(replica, shadow)) {
            return false;
        }
        try (Statement statement = replica.connection().createStatement()) {
            statement.execute("DROP TABLE " + SqliteSql.quote(shadow));
        }
        return true;
    }

    /**
     * Drops the copies whose target is none of {@code fullTargets}: left by a run killed mid-load of a
     * full table that has since been removed from the configuration, renamed, or made incremental, no run
     * of that target would ever drop them, and one can hold a whole table's pages. Only names made by
     * {@link #nameOf} (the prefix as it writes it) count. The caller must hold the run lock (a copy is
     * written only under it, so none of these is being written) and commits, with the notes it keeps of
     * the drops in the same transaction.
     *
     * @param fullTargets every full table's target in the configuration (not only those due now: a
     *                    configured table's copy is its own next run's to drop, with a note there)
     * @return the copies dropped
     */
    public static List<String> dropOrphans(Replica replica, java.util.Collection<String> fullTargets)
            throws SQLException {
        java.util.Set<String> kept = fullTargets.stream().map(t -> SqliteSql.foldCase(nameOf(t)))
                .collect(java.util.stream.Collectors.toSet());
        List<String> orphans = new ArrayList<>();
        // GLOB is case-sensitive, and its '_' is a plain character (LIKE's would match any).
        try (PreparedStatement statement = replica.connection().prepareStatement(
                "SELECT name FROM sqlite_master WHERE type = 'table' AND name GLOB ? ORDER BY name")) {
            statement.setString(1, PREFIX + "*");
            try (ResultSet rs = statement.executeQuery()) {
                while (rs.next()) {
                    if (!kept.contains(SqliteSql.foldCase(rs.getString(1)))) {
                        orphans.add(rs.getString(1));
                    }
                }
            }
        }
        if (!orphans.isEmpty()) {
            try (Statement statement = replica.connection().createStatement()) {
                for (String orphan : orphans) {
                    statement.execute("DROP TABLE " + SqliteSql.quote(orphan));
                }
            }
        }
        return orphans;
    }

    /**
     * Makes an empty copy for {@code target}'s new rows, and commits: with the key as its primary key
     * (which refuses a second row of one key: see {@link #writer}), or, without a key, a plain table (see
     * {@link SqliteSql#createPlainTable}). A leftover is dropped first.
     */
    public static TargetTable create(Replica replica, String target, List<SourceColumn> columns, List<String> key)
            throws SQLException {
        dropLeftover(replica, target);
        String shadow = nameOf(target);
        List<SqliteSql.Column> shape = columns.stream().map(c -> new SqliteSql.Column(c.name(), c.sqliteType())).toList();
        try (Statement statement = replica.connection().createStatement()) {
            statement.execute(key.isEmpty() ? SqliteSql.createPlainTable(shadow, shape)
                    : SqliteSql.createTable(shadow, shape, key));
        }
        replica.commit();
        return new TargetTable(shadow, columns.stream().map(SourceColumn::name).toList(), key,
                TargetTable.untyped(columns), List.of());
    }

    /**
     * Whether the swap would empty {@code target}: the copy holds no row and the table holds some. Then
     * the table's row count (read only in that case: a count scans the table), else empty. Ends its read
     * transaction, so that the swap starts a fresh one.
     */
    public static OptionalLong wouldEmpty(Replica replica, String target) throws SQLException {
        OptionalLong rows = OptionalLong.empty();
        try (Statement statement = replica.connection().createStatement()) {
            if (!hasRows(statement, nameOf(target)) && TargetTable.exists(replica, target)
                    && hasRows(statement, target)) {
                try (ResultSet rs = statement.executeQuery("SELECT count(*) FROM " + SqliteSql.quote(target))) {
                    rs.next();
                    rows = OptionalLong.of(rs.getLong(1));
                }
            }
        }
        replica.commit();
        return rows;
    }

    private static boolean hasRows(Statement statement, String table) throws SQLException {
        try (ResultSet rs = statement.executeQuery("SELECT EXISTS (SELECT 1 FROM " + SqliteSql.quote(table) + ")")) {
            return rs.next() && rs.getInt(1) == 1;
        }
    }

    /**
     * The writer of the copy's rows: plain INSERTs, with a key as without one. The copy starts empty and
     * a full read is one snapshot of the source, so no row of it may meet another of its key: an upsert
     * would let the later one replace the earlier without a word (a configured key that is not one at
     * the source). Inserted, the second row of a key fails the load ({@link #isKeyConflict}).
     */
    public static PageWriter writer(Replica replica, TargetTable shadow, WriteSettings settings) throws SQLException {
        return PageWriter.inserting(replica, shadow, settings);
    }

    /**
     * Whether {@code e}, raised while the copy was written, is two rows of one key: the copy has no
     * other unique constraint until the swap (indexes are made there), so a UNIQUE or PRIMARY KEY
     * failure can only be the key's.
     */
    public static boolean isKeyConflict(SQLException e) {
        if (e instanceof org.sqlite.SQLiteException sqlite
                && (sqlite.getResultCode() == org.sqlite.SQLiteErrorCode.SQLITE_CONSTRAINT_PRIMARYKEY
                || sqlite.getResultCode() == org.sqlite.SQLiteErrorCode.SQLITE_CONSTRAINT_UNIQUE)) {
            return true;
        }
        // Without extended result codes (the native path raises the step's primary code) only the message says which.
        String message = e.getMessage();
        return message != null && message.contains("UNIQUE constraint failed");
    }

    /** An index or trigger of the user's on the old table: made again from its own SQL. */

    /**
     * Puts the copy in the old table's place, with {@code indexes} and the user's indexes and triggers,
     * and what {@code alsoRecord} writes, in one transaction; on any failure rolls it back (the old table
     * and its state stay as they were) and leaves the copy for the caller to drop.
     *
     * @param eraseOld whether the old table's pages are overwritten with zeros as they are freed
     *                 (secure_delete): it holds the values of columns excluded now
     * @return notes for the log: indexes made or dropped by this swap, the user's triggers it did not fire
     */
    public static List<String> swap(Replica replica, String target, List<ReplicaIndexes.Index> indexes,
                                    boolean eraseOld, InTransaction alsoRecord) throws SQLException, SwapRefused {
        String shadow = nameOf(target);
        List<String> notes = new ArrayList<>();
        try (Statement statement = replica.connection().createStatement()) {
            try {
                boolean existed = TargetTable.exists(replica, target);
                List<HandMadeObjects.Made> userObjects = existed ? HandMadeObjects.on(replica, target) : List.of();
                DependentObjects dependents = DependentObjects.compiling(replica);
                List<String> before = existed ? ReplicaIndexes.existing(replica, target) : List.of();
                statement.execute("PRAGMA legacy_alter_table = ON");
                if (existed) {
                    statement.execute("PRAGMA secure_delete = " + (eraseOld ? "ON" : "OFF"));
                    statement.execute("DROP TABLE " + SqliteSql.quote(target));
                }
                statement.execute("ALTER TABLE " + SqliteSql.quote(shadow) + " RENAME TO " + SqliteSql.quote(target));
                // Gone with the old table: said before those made, one of which may take a dropped one's place.
                for (String name : before) {
                    if (indexes.stream().noneMatch(index -> SqliteSql.sameName(index.name(), name))) {
                        notes.add(ReplicaIndexes.droppedNote(target, name, indexes));
                    }
                }
                for (ReplicaIndexes.Index index : indexes) {
                    try {
                        ReplicaIndexes.build(replica, target, index);
                    } catch (ReplicaIndexes.UniqueViolation e) {
                        throw new SwapRefused(e.getMessage() + "; the old rows stay until then");
                    }
                    if (before.stream().noneMatch(name -> SqliteSql.sameName(name, index.name()))) {
                        notes.add("made the " + index.described());
                    }
                }
                for (HandMadeObjects.Made object : userObjects) {
                    try {
                        statement.execute(object.sql());
                    } catch (SQLException e) {
                        throw new SwapRefused("the " + object.type() + " " + object.name() + ", made by hand on " + target
                                + ", does not fit the new rows (" + e.getMessage() + "), and replicate does not drop what"
                                + " it did not make: the old rows stay. Drop it or change it, then run again: "
                                + ByHand.sqlite3(replica.path(), "DROP " + object.type().toUpperCase(Locale.ROOT) + " "
                                + SqliteSql.quote(object.name())));
                    }
                }
                List<String> triggers = userObjects.stream().filter(object -> object.type().equals("trigger"))
                        .map(HandMadeObjects.Made::name).toList();
                StateStore state = new StateStore(replica);
                String carried = String.join("\n", triggers);
                if (!triggers.isEmpty() && !state.swapTriggers(target).equals(Optional.of(carried))) {
                    // The copy's rows were written before its triggers existed: whatever they keep is stale now.
                    // Said when they change only: the note would otherwise fill the log, run after run.
                    int count = triggers.size();
                    notes.add(Counted.named("trigger", triggers) + ", made by hand on " + target + ", "
                            + Counted.agreeing(count, "was", "were") + " made again on the new copy but fired for none"
                            + " of its rows: rebuild what " + Counted.agreeing(count, "it keeps", "they keep")
                            + " after each run (an FTS5 index: INSERT INTO fts(fts) VALUES('rebuild'), replacing fts"
                            + " with your FTS5 table's name), or make " + target + " incremental. Said again when the"
                            + " triggers on " + target + " change");
                }
                Optional<String> broken = dependents.firstBroken(replica, target);
                if (broken.isPresent()) {
                    throw new SwapRefused(broken.get());
                }
                alsoRecord.run();
                state.recordSwapTriggers(target, carried);
                beforeSwapCommit.accept(target);
                replica.commit();
            } catch (SQLException | SwapRefused | RuntimeException e) {
                replica.rollbackQuietly();
                throw e;
            } finally {
                statement.execute("PRAGMA legacy_alter_table = OFF");
                statement.execute("PRAGMA secure_delete = OFF");
            }
        }
        return notes;
    }

}
