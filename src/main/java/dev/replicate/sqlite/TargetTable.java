package dev.replicate.sqlite;

import dev.replicate.log.Counted;
import dev.replicate.source.SourceColumn;
import dev.replicate.source.SqliteType;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

/**
 * A replicated table in the replica, brought in line with the source's columns before rows arrive:
 * created on first contact; on later runs, columns new at the source are added, columns gone from
 * the source are kept (NULL in every row written from then on: see {@link #gone}), and a changed key is
 * refused, as is a column retyped so that SQLite would convert its new values, and a column added by hand
 * whose name the source has added since ({@link TableColumns#refuseTakingOver}).
 */
public final class TargetTable {
    private final String name;
    private final List<String> columns;
    private final List<String> key;
    /** Of {@link #columns}, those without affinity, by folded name ({@link SqliteSql#foldCase}; see differs there). */
    private final Set<String> untyped;
    /** The table's columns that the source no longer has, as SQLite names them (see {@link #gone()}). */
    private final List<String> gone;
    private final List<String> notes;
    /** Rows go in without the identity check, the table being empty and without its row key index ({@link RowKeyIndex}). */
    private final boolean loading;

    TargetTable(String name, List<String> columns, List<String> key, Set<String> untyped, List<String> notes) {
        this(name, columns, key, untyped, List.of(), notes, false);
    }

    private TargetTable(String name, List<String> columns, List<String> key, Set<String> untyped, List<String> gone,
                        List<String> notes, boolean loading) {
        this.name = name;
        this.columns = columns;
        this.key = key;
        this.untyped = untyped;
        this.gone = gone;
        this.notes = notes;
        this.loading = loading;
    }

    /** The columns of {@code sourceColumns} that a table made for them gives no affinity (BLOB), by folded name. */
    static Set<String> untyped(List<SourceColumn> sourceColumns) {
        Set<String> untyped = new HashSet<>();
        for (SourceColumn column : sourceColumns) {
            if (column.sqliteType() == SqliteType.BLOB) {
                untyped.add(SqliteSql.foldCase(column.name()));
            }
        }
        return Set.copyOf(untyped);
    }

    /**
     * The table's columns as SQLite has them, by name folded as SQLite compares names ({@link SqliteSql#foldCase}:
     * A-Z only, so that {@code café} and {@code CAFÉ} are two, as they are to SQLite): the name as declared, the
     * declared type; and the primary key's columns in order.
     */
    record Existing(Map<String, String> names, Map<String, String> types, List<String> primaryKey) {
    }

    /**
     * Whether the replica has a table of that name, as SQLite compares names (a view or a temporary table
     * is none). Kept prepared (Replica#query): a run asks this two or three times for each table. Not
     * through {@code table_list}, which compares the names SQLite keeps in memory but first tries, on every
     * call, to load the columns of each view and virtual table that has none loaded: one broken view (its
     * table dropped) or a virtual table of a module this build lacks made each call cost a failed prepare
     * per entry of the schema, 6 s over a run of 500 tables against 0.16 s for this scan (issue #17's review).
     */
    public static boolean exists(Replica replica, String table) throws SQLException {
        return replica.query("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ? COLLATE NOCASE",
                statement -> statement.setString(1, table), ResultSet::next);
    }

    /** Whether the table (which exists) holds no row. */
    public static boolean isEmpty(Replica replica, String table) throws SQLException {
        try (Statement statement = replica.connection().createStatement();
             ResultSet rs = statement.executeQuery("SELECT 1 FROM main." + SqliteSql.quote(table) + " LIMIT 1")) {
            return !rs.next();
        }
    }

    /**
     * Creates or adapts the table, committing any DDL at once, and returns it ready to write.
     *
     * @param sourceColumns the columns that will be written, in order
     * @param key           the key to upsert by; empty for an append-only table
     */
    public static TargetTable prepare(Replica replica, String table, List<SourceColumn> sourceColumns, List<String> key)
            throws SQLException, SchemaConflictException {
        return prepare(replica, table, sourceColumns, key, List.of(), Optional.empty(), false, exists(replica, table));
    }

    /**
     * As {@link #prepare(Replica, String, List, List)}, and drops the SQLite columns named in
     * {@code excluded}: source columns the configuration leaves out now, whose stored values must go
     * (a privacy fix has to remove the data, not only stop copying it). Only those replicate made: the
     * caller leaves out one added by hand under an excluded name ({@link TableColumns#madeOf}).
     *
     * @param entryPath     the JSON path of the table's entry in the configuration ({@code $[0].tables[3]}),
     *                      which a changed key's message names, as other failures over the configuration do
     * @param keyConfigured whether that entry gives the key ({@code "primaryKey"}): a key changed there is the
     *                      user's edit, not the source's, and is named so
     * @param exists        whether the table exists ({@link #exists}), as the caller has just asked: one question
     *                      of SQLite fewer per table and run (issue #17; its cost in BENCHMARKS.md)
     */
    public static TargetTable prepare(Replica replica, String table, List<SourceColumn> sourceColumns, List<String> key,
                                      List<String> excluded, Optional<String> entryPath, boolean keyConfigured,
                                      boolean exists)
            throws SQLException, SchemaConflictException {
        Connection connection = replica.connection();
        List<String> notes = new ArrayList<>();
        List<String> sourceNamesAsGiven = sourceColumns.stream().map(SourceColumn::name).toList();
        if (!exists) {
            List<SqliteSql.Column> columns = sourceColumns.stream()
                    .map(c -> new SqliteSql.Column(c.name(), c.sqliteType())).toList();
            try (Statement statement = connection.createStatement()) {
                statement.execute(SqliteSql.createTable(table, columns, key));
            }
            // With the table, in its transaction: a run that fails or is killed before its first page must
            // leave no column of replicate's unrecorded (one the source drops before the next run would stay
            // for good, never named). Recorded where the target has a state row (StateStore#open).
            new StateStore(replica).recordColumnsMade(table, sourceNamesAsGiven);
            replica.commit();
            // Empty, and without the row key's index, which the end of the first sync makes (RowKeyIndex).
            return new TargetTable(table, sourceNamesAsGiven, key,
                    untyped(sourceColumns), List.of(), notes, key.isEmpty());
        }

        // With the generated columns, which table_info leaves out: one whose name the source stores is refused
        // below, where ADD COLUMN failed with SQLite's "duplicate column name" on every run.
        // Read for the source's columns: those stored, and the excluded ones the table holds (to be dropped).
        TableColumns columns = TableColumns.of(replica, table, sourceColumns, excluded);
        Existing existing = columns.existing();
        List<String> existingKey = existing.primaryKey();
        if (!SqliteSql.sameNames(existingKey, key)) {
            throw new SchemaConflictException(keyConflict(replica, table, existingKey, key, entryPath, keyConfigured));
        }
        StateStore state = new StateStore(replica);
        Optional<OwnColumns> before = columns.own();
        columns.refuseTakingOver(replica, table, sourceColumns, key);
        checkTypes(replica, table, sourceColumns, existing, notes);
        for (String column : columns.takenAsOwn(sourceNamesAsGiven)) {
            notes.add(takenNote(table, column));
        }
        dropExcluded(replica, table, existing, excluded, notes);
        List<String> written = new ArrayList<>();
        List<String> sourceNames = new ArrayList<>();
        Set<String> untyped = new HashSet<>();
        for (SourceColumn column : sourceColumns) {
            String folded = SqliteSql.foldCase(column.name());
            sourceNames.add(folded);
            String present = existing.names().get(folded);
            // The affinity the column has, which may be another than a new table would give it (see checkTypes).
            if (present == null ? column.sqliteType() == SqliteType.BLOB
                    : SqliteType.affinityOf(existing.types().get(folded)) == SqliteType.BLOB) {
                untyped.add(folded);
            }
            if (present == null) {
                try (Statement statement = connection.createStatement()) {
                    statement.execute(SqliteSql.addColumn(table, new SqliteSql.Column(column.name(), column.sqliteType())));
                }
                // New at the source, or newly selected (no longer excluded, or added to "columns"): the
                // table cannot tell which, and both are filled the same way.
                notes.add("column " + column.name() + " (" + column.sourceType() + ") is new at the source or newly"
                        + " selected; added, and filled for rows read from now on (`replicate reset " + table
                        + "` fills the rows read before)");
                present = column.name();
            }
            written.add(present);
        }
        // Excluded columns were dropped above (dropExcluded). Of the rest, those replicate stored that the
        // source no longer has are gone there; a column the user added by hand is not replicate's to touch.
        OwnColumns after = OwnColumns.after(before, existing.names().keySet(), sourceNames);
        for (String column : after.goneSince(before)) {
            notes.add(goneNote(table, existing.names().get(column)));
        }
        // Written whole while another release may have run since: that clears the sign (StateStore#recordOwnColumns).
        String afterText = after.text();
        if (columns.otherReleaseRanSince() || !columns.recorded().equals(Optional.of(afterText))) {
            state.recordOwnColumns(table, afterText);
        }
        List<String> gone = after.gone().stream().map(existing.names()::get).toList();
        replica.commit();
        boolean loading = key.isEmpty() && existing.names().containsKey(SqliteSql.ROW_KEY)
                && RowKeyIndex.beforeWriting(replica, table, notes);
        return new TargetTable(table, List.copyOf(written), key, Set.copyOf(untyped), gone, notes, loading);
    }

    /**
     * Said once, by the run that writes the record with the column in it: a column the user added by hand
     * after this release last wrote the record, before another release ran, cannot be told from one that
     * release added.
     */
    private static String takenNote(String table, String column) {
        return "column " + column + " of " + table + " is taken as replicate's: it is not in the record of the"
                + " columns replicate made, and a release that keeps no such record ran the table since (such a"
                + " release adds a column new at the source and fills it with the source's values); written with the"
                + " source's values from now on; if you added it by hand, rows read from now on hold the source's"
                + " values in it and the others keep yours: copy what you need of it now (`replicate reset " + table
                + "` would drop it and refill every row from the source)";
    }

    /**
     * Said by the run that finds the column gone, and not again (the state's record marks it gone,
     * {@link OwnColumns#goneSince}): every run keeps the column NULL in the rows it writes, and a note
     * repeated each run would drown the others.
     */
    private static String goneNote(String table, String column) {
        return "column " + column + " is no longer at the source (dropped, or renamed there): kept in " + table
                + ", NULL in every row written from now on, while rows not read again keep the values they were"
                + " read with; to be rid of it, run `replicate reset " + table + "` (syncs the table again from the"
                + " start without it) or drop it from the SQLite file by hand (ALTER TABLE " + SqliteSql.quote(table)
                + " DROP COLUMN " + SqliteSql.quote(column) + ")";
    }

    /**
     * The table as it stands, ready to write {@code sourceColumns} by {@code key}, changing nothing: for
     * {@code verify} and {@code verify --repair}, which compare and fix rows and leave the table's shape to
     * the next run. A table whose key or columns are not those a run would write now fails with the way
     * on; one with a column the source has retyped, with the reason a run gives (see {@link #checkTypes}).
     */
    public static TargetTable existing(Replica replica, String table, List<SourceColumn> sourceColumns,
                                       List<String> key, String entryPath, boolean keyConfigured)
            throws SQLException, SchemaConflictException {
        return existing(replica, table, sourceColumns, key, entryPath, keyConfigured, false);
    }

    /**
     * As {@link #existing(Replica, String, List, List, String, boolean)}; for a full table ({@code full}) without
     * the refusal of a column the record of the columns replicate made lacks ({@link TableColumns#refuseTakingOver}):
     * every full run makes the table anew from the source's columns, so the record (an incremental past's, or an
     * earlier release's) says nothing of whose its columns are.
     *
     * @param entryPath     the JSON path of the table's entry, which a changed key's message names (as a run's does)
     * @param keyConfigured whether that entry gives the key ({@code "primaryKey"})
     */
    public static TargetTable existing(Replica replica, String table, List<SourceColumn> sourceColumns,
                                       List<String> key, String entryPath, boolean keyConfigured, boolean full)
            throws SQLException, SchemaConflictException {
        TableColumns columns = TableColumns.of(replica, table, sourceColumns, List.of());
        Existing existing = columns.existing();
        if (existing.names().isEmpty()) {
            throw new SchemaConflictException("is not in the SQLite file: run `replicate run` first");
        }
        if (!SqliteSql.sameNames(existing.primaryKey(), key)) {
            // A full table's next run makes it anew by the new key; another's fails as prepare says, with its ways on.
            throw new SchemaConflictException(full ? keyDiffers(existing.primaryKey(), key, Optional.of(entryPath),
                    keyConfigured) + ": run `replicate run` first, which makes the table anew by it"
                    : keyConflict(replica, table, existing.primaryKey(), key, Optional.of(entryPath), keyConfigured));
        }
        if (!full) {
            columns.refuseTakingOver(replica, table, sourceColumns, key);
            // A column a run would take as replicate's (with a note, TargetTable#prepare) is not written into
            // here with no word: it may be one the user added by hand.
            List<String> taken = columns.takenAsOwn(sourceColumns.stream().map(SourceColumn::name).toList());
            if (!taken.isEmpty()) {
                int count = taken.size();
                String them = Counted.agreeing(count, "it", "them");
                throw new SchemaConflictException("the " + Counted.named("column", taken) + " of " + table + " "
                        + Counted.agreeing(count, "is", "are") + " not in the record of the columns replicate made, and"
                        + " a release that keeps no such record ran the table since: the next run takes " + them
                        + " as replicate's without asking (rows it reads get the source's values). If "
                        + Counted.agreeing(count, "it is", "they are") + " yours, rename " + them + " first ("
                        + ByHand.sqlite3(replica.path(), columns.renames(table, taken))
                        + ") and the run adds the source's beside " + them
                        + "; otherwise run `replicate run` first");
            }
        }
        checkTypes(replica, table, sourceColumns, existing, new ArrayList<>());
        List<String> written = new ArrayList<>();
        Set<String> untyped = new HashSet<>();
        for (SourceColumn column : sourceColumns) {
            String folded = SqliteSql.foldCase(column.name());
            String present = existing.names().get(folded);
            if (present == null) {
                throw new SchemaConflictException("the SQLite table has no column " + column.name()
                        + " yet: run `replicate run` first, which adds it");
            }
            // As a run does: by the affinity the column has (see write).
            if (SqliteType.affinityOf(existing.types().get(folded)) == SqliteType.BLOB) {
                untyped.add(folded);
            }
            written.add(present);
        }
        // A repair writes rows as a run does: NULL in the columns gone from the source.
        List<String> gone = columns.goneFromSource(sourceColumns.stream().map(SourceColumn::name).toList());
        return new TargetTable(table, List.copyOf(written), key, Set.copyOf(untyped), gone, List.of(), false);
    }

    /**
     * Refuses a column the source now types so that SQLite would convert its values in the column the
     * table was made with (issue #14: a column made text at the source sent '007' into an INTEGER
     * column, which stored 7). SQLite cannot retype a column in place, and values kept in two kinds
     * would mislead every reader, so the way out is a reset. Checked before any DDL, on every run, from
     * the declared types that one PRAGMA already reads. A change that keeps every value exact (bytes,
     * or a column that converts nothing) goes on with a note.
     */
    private static void checkTypes(Replica replica, String table, List<SourceColumn> sourceColumns, Existing existing,
                                   List<String> notes) throws SchemaConflictException, SQLException {
        List<String> conflicts = new ArrayList<>();
        for (SourceColumn column : sourceColumns) {
            String folded = SqliteSql.foldCase(column.name());
            String declared = existing.types().get(folded);
            if (declared == null) {
                continue;
            }
            SqliteType now = column.sqliteType();
            SqliteType affinity = SqliteType.affinityOf(declared);
            String shown = declared.isBlank() ? "without a type" : declared;
            if (!now.keptExactlyIn(declared)) {
                conflicts.add("the column " + existing.names().get(folded) + " is " + column.sourceType()
                        + " at the source now, stored as " + now + ", but the SQLite column is " + shown
                        + ", where " + conversion(now, affinity));
            } else if (now != affinity) {
                notes.add("column " + column.name() + " is " + column.sourceType() + " at the source now, stored as "
                        + now + "; the SQLite column is " + shown + ", which keeps it exactly beside the old values;"
                        + " `replicate reset " + table + "` would make it " + now);
            }
        }
        if (!conflicts.isEmpty()) {
            throw new SchemaConflictException(TargetRecord.made(replica, table)
                    ? String.join("; ", conflicts) + "; run `replicate reset " + table
                    + "` to rebuild the table from the source with the " + Counted.noun(conflicts.size(), "new type")
                    : TargetRecord.notMadeConflict(replica, table, String.join("; ", conflicts)));
        }
    }

    /**
     * Drops each excluded column the table still has, with secure_delete on so that SQLite overwrites
     * the removed values with zeros instead of leaving them in free space in the file. (The write-ahead
     * log still holds older page images until a checkpoint: {@link #checkpoint} after the commit.) An
     * index, view or trigger of the user's that uses the column makes SQLite refuse; the table then
     * fails with the way out, rather than its objects being dropped behind the user's back. So does a
     * table that replicate has no record of making ({@link TargetRecord#made}): nothing of it is dropped.
     */
    private static void dropExcluded(Replica replica, String table, Existing existing, List<String> excluded,
                                     List<String> notes) throws SQLException, SchemaConflictException {
        List<String> present = excluded.stream().map(n -> existing.names().get(SqliteSql.foldCase(n)))
                .filter(java.util.Objects::nonNull).toList();
        if (present.isEmpty()) {
            return;
        }
        if (!TargetRecord.made(replica, table)) {
            // A table of that name that replicate has no record of making is the user's: its columns, and
            // their values, are not replicate's to drop.
            throw new SchemaConflictException(TargetRecord.notMadeConflict(replica, table, "the "
                    + Counted.named("column", present) + " " + Counted.agreeing(present.size(), "is", "are")
                    + " excluded now, and would be dropped from it with " + Counted.agreeing(present.size(), "its", "their")
                    + " values"));
        }
        try (Statement statement = replica.connection().createStatement()) {
            statement.execute("PRAGMA secure_delete = ON");
            try {
                for (String column : present) {
                    try {
                        statement.execute("ALTER TABLE " + SqliteSql.quote(table) + " DROP COLUMN " + SqliteSql.quote(column));
                    } catch (SQLException e) {
                        throw ColumnDropRefusal.of(replica, table, column, e);
                    }
                    existing.names().remove(SqliteSql.foldCase(column));
                    existing.types().remove(SqliteSql.foldCase(column));
                    notes.add("column " + column + " is excluded now; dropped from the SQLite table with its values");
                }
            } finally {
                statement.execute("PRAGMA secure_delete = OFF");
            }
        }
    }

    /** The names of {@code columns} that the SQLite table has (ignoring the case of A-Z, as SQLite does). */
    public static List<String> columnsPresent(Replica replica, String table, List<String> columns) throws SQLException {
        Existing existing = describe(replica, table);
        return columns.stream().filter(c -> existing.names().containsKey(SqliteSql.foldCase(c))).toList();
    }

    /**
     * Moves what the write-ahead log holds into the file and empties it, so that values just dropped
     * are no longer in the log's older page images either; false when a reader kept it from finishing.
     */
    public static boolean checkpoint(Replica replica) throws SQLException {
        try (Statement statement = replica.connection().createStatement();
             ResultSet rs = statement.executeQuery("PRAGMA wal_checkpoint(TRUNCATE)")) {
            return rs.next() && rs.getInt(1) == 0;
        }
    }

    /**
     * Whether the SQLite column of that name (as SQLite compares names) stores {@code column}'s values exactly, as a
     * run's check of a retyped column has it ({@link #checkTypes}); true when the table has no such column.
     */
    public static boolean keepsExactly(Replica replica, String table, SourceColumn column) throws SQLException {
        String declared = describe(replica, table).types().get(SqliteSql.foldCase(column.name()));
        return declared == null || column.sqliteType().keptExactlyIn(declared);
    }

    /** Drops the table, inside the caller's transaction. */
    public static void drop(Replica replica, String table) throws SQLException {
        try (Statement statement = replica.connection().createStatement()) {
            statement.execute("PRAGMA secure_delete = ON");
            try {
                statement.execute("DROP TABLE " + SqliteSql.quote(table));
            } finally {
                statement.execute("PRAGMA secure_delete = OFF");
            }
        }
    }

    /** What SQLite would do to values of {@code type} in a column of {@code affinity}, with an example. */
    private static String conversion(SqliteType type, SqliteType affinity) {
        return switch (type) {
            case TEXT -> "SQLite would store a text such as '007' or '1e3' as the number "
                    + (affinity == SqliteType.REAL ? "7.0 or 1000.0" : "7 or 1000");
            case INTEGER -> affinity == SqliteType.REAL
                    ? "SQLite would store integers as doubles, rounding those beyond 2^53"
                    : "SQLite would store the integers as text";
            case REAL -> affinity == SqliteType.TEXT
                    ? "SQLite would store the doubles as text"
                    : "SQLite would store a double such as 2.0 as the integer 2";
            case BLOB -> throw new IllegalStateException("bytes are never converted");
        };
    }

    /**
     * The table's columns, types and key, by one PRAGMA whose statement the file keeps prepared
     * ({@link Replica#query}): every run asks it of every table it syncs, and preparing it anew was most
     * of its cost in a run of 500 small tables (issue #17).
     */
    static Existing describe(Replica replica, String table) throws SQLException {
        return describe(replica, table, new ArrayList<>(), new ArrayList<>());
    }

    /**
     * {@link #describe(Replica, String)}, and the names of the stored columns and of the generated ones
     * ({@code AS (...)}), in the table's order, added to {@code stored} and {@code generated}: one query where
     * a run asked two of every table (issue #17). The columns of the table are the stored ones (hidden 0):
     * those PRAGMA table_info lists.
     */
    static Existing describe(Replica replica, String table, List<String> stored, List<String> generated)
            throws SQLException {
        Map<String, String> names = new TreeMap<>();
        Map<String, String> types = new TreeMap<>();
        Map<Integer, String> keyByPosition = new TreeMap<>();
        replica.query("SELECT name, hidden, pk, type FROM pragma_table_xinfo(?) WHERE hidden IN (0, 2, 3) ORDER BY cid",
                statement -> statement.setString(1, table), rs -> {
                    while (rs.next()) {
                        String column = rs.getString(1);
                        if (rs.getInt(2) != 0) {
                            generated.add(column);
                            continue;
                        }
                        stored.add(column);
                        names.put(SqliteSql.foldCase(column), column);
                        types.put(SqliteSql.foldCase(column), rs.getString(4));
                        if (rs.getInt(3) > 0) {
                            keyByPosition.put(rs.getInt(3), column);
                        }
                    }
                    return null;
                });
        return new Existing(names, types, List.copyOf(keyByPosition.values()));
    }

    /** Why the table cannot go on with {@code key}, whose key differs, and the ways on. */
    private static String keyConflict(Replica replica, String table, List<String> existingKey, List<String> key,
                                      Optional<String> entryPath, boolean keyConfigured) throws SQLException {
        // Reset is the way out only for a table replicate made: a user's table of that name is not
        // to be dropped, nor pointed at by a command that drops it.
        return TargetRecord.made(replica, table)
                ? keyChanged(table, existingKey, key, entryPath, keyConfigured)
                : TargetRecord.notMadeConflict(replica, table, "it has " + describeKey(existingKey)
                + ", the source has " + describeKey(key));
    }

    /** Why a table replicate made cannot go on with {@code key}, and the ways on. */
    private static String keyChanged(String table, List<String> existingKey, List<String> key, Optional<String> entryPath,
                                     boolean keyConfigured) {
        String changed = "the primary key changed: " + keyDiffers(existingKey, key, entryPath, keyConfigured);
        if (keyConfigured && entryPath.isPresent()) {
            String path = entryPath.get() + ".primaryKey";
            return changed + "; set " + path + " to " + jsonArray(existingKey)
                    + " (or take it out, if that is the source's own key), or run `replicate reset " + table
                    + "` to rebuild the table by the new one from the source";
        }
        return changed + ";" + keyLostHint(existingKey, key, entryPath) + " run `replicate reset " + table
                + "` to rebuild it from the source";
    }

    /**
     * The table's key and {@code key}, said as whose change it is: the entry's "primaryKey", or the source's key
     * (the entry named all the same, where a "primaryKey" would go, and one taken out of it since shows there).
     */
    private static String keyDiffers(List<String> existingKey, List<String> key, Optional<String> entryPath,
                                     boolean keyConfigured) {
        String has = "the SQLite table has " + describeKey(existingKey) + ", ";
        if (keyConfigured && entryPath.isPresent()) {
            return has + entryPath.get() + ".primaryKey now gives " + describeKey(key);
        }
        return has + "the source now has " + describeKey(key)
                + entryPath.map(path -> " (" + path + " gives no \"primaryKey\")").orElse("");
    }

    /**
     * A source that lost its key (a view put in the table's place, a dropped constraint) still has the
     * key's columns: the configuration can name them, and the table goes on as it was.
     */
    private static String keyLostHint(List<String> existingKey, List<String> key, Optional<String> entryPath) {
        if (!key.isEmpty() || existingKey.isEmpty()) {
            return "";
        }
        return " if the source table lost its key (a view put in its place, a dropped constraint), "
                + entryPath.map(path -> "set " + path + ".primaryKey to " + jsonArray(existingKey))
                .orElse("give \"primaryKey\": " + jsonArray(existingKey) + " in the configuration")
                + " to go on upserting by it; or";
    }

    /** Whether the table exists and holds a row (one row read, whatever the table's size). */
    public static boolean holdsRows(Replica replica, String table) throws SQLException {
        if (!exists(replica, table)) {
            return false;
        }
        try (Statement statement = replica.connection().createStatement();
             ResultSet rs = statement.executeQuery("SELECT 1 FROM " + SqliteSql.quote(table) + " LIMIT 1")) {
            return rs.next();
        }
    }

    /** The table's primary key columns in order; empty for a table without one. */
    public static List<String> primaryKey(Replica replica, String table) throws SQLException {
        return describe(replica, table).primaryKey();
    }

    /**
     * The key as a "primaryKey" value, to paste: the configuration may never have given one (the source's
     * key made the table), so the message names the value rather than asking for one "back".
     */
    private static String jsonArray(List<String> key) {
        return key.stream().map(column -> "\"" + column.replace("\\", "\\\\").replace("\"", "\\\"") + "\"")
                .collect(java.util.stream.Collectors.joining(", ", "[", "]"));
    }

    private static String describeKey(List<String> key) {
        return key.isEmpty() ? "no primary key (append-only)" : "primary key (" + String.join(", ", key) + ")";
    }

    /** Whether the table holds a row with this key (a one-column key: a Long or a String). */
    public static boolean holdsKey(Replica replica, String table, String keyColumn, Object key) throws SQLException {
        try (PreparedStatement statement = replica.connection().prepareStatement(
                "SELECT 1 FROM " + SqliteSql.quote(table) + " WHERE " + SqliteSql.quote(keyColumn) + " = ?")) {
            statement.setObject(1, key);
            try (ResultSet rs = statement.executeQuery()) {
                return rs.next();
            }
        }
    }

    public String name() {
        return name;
    }

    /** The SQLite names of the columns written, in the order of the source columns given to {@link #prepare}. */
    public List<String> columns() {
        return columns;
    }

    public List<String> key() {
        return key;
    }

    /** Of {@link #columns}, those without affinity (declared BLOB or with no type), by folded name. */
    public Set<String> untyped() {
        return untyped;
    }

    /**
     * The table's columns that the source no longer has (dropped or renamed there), which every row this
     * table writes or updates gets NULL in: kept for the rows not read again, never stale in one read again.
     */
    public List<String> gone() {
        return gone;
    }

    public boolean appendOnly() {
        return key.isEmpty();
    }

    /**
     * Whether rows go in without the check of their identity: a first sync of a table without a key, whose
     * writer inserts and whose end makes the index ({@link RowKeyIndex#afterLoad}).
     */
    public boolean loading() {
        return loading;
    }

    /** What changed or differs, for the log. */
    public List<String> notes() {
        return notes;
    }
}
