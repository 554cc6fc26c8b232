package dev.replicate.sqlite;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HashSet;
import java.util.List;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Locale;
import java.util.Set;

/**
 * The tool's own tables in the replica. Their version is kept in {@code PRAGMA user_version}, so a
 * later release can migrate a file an earlier one wrote.
 */
final class StateSchema {
    private StateSchema() {
    }

    static final String WATERMARKS = """
            CREATE TABLE IF NOT EXISTS _replicate_watermarks (
              source TEXT NOT NULL,
              "table" TEXT NOT NULL,
              target TEXT NOT NULL,
              watermark_column TEXT NOT NULL,
              watermark_type TEXT,
              last_value TEXT,
              last_run_ts TEXT,
              last_success_ts TEXT,
              last_ok INTEGER,
              last_error TEXT,
              last_rows_pulled INTEGER,
              consecutive_failures INTEGER NOT NULL DEFAULT 0,
              source_newest_value TEXT,
              snapshot_key_column TEXT,
              snapshot_key_type TEXT,
              snapshot_after TEXT,
              snapshot_below TEXT,
              last_rows_reread INTEGER,
              last_rows_deleted INTEGER,
              last_reconcile_ts TEXT,
              last_reconcile_deleted INTEGER,
              PRIMARY KEY (target)
            )""";

    /**
     * Columns added to a state version, with their types, added in place to a file an older release
     * created: a first sync's snapshot progress (see {@link SnapshotProgress}), how many of the last
     * run's rows were re-read at or behind its starting watermark, and the last reconcile. Added columns
     * do not bump the state version, so the release before can still run the file (it reads columns by
     * name, and a snapshot it does not know of only makes it sync that table from the start). The
     * migration from version 1 gives the new table every one of them, and carries over those the old
     * one had ({@link StateMigration}).
     */
    private static final Map<String, String> ADDED_WATERMARK_COLUMNS = new LinkedHashMap<>();

    static {
        ADDED_WATERMARK_COLUMNS.put("snapshot_key_column", "TEXT");
        ADDED_WATERMARK_COLUMNS.put("snapshot_key_type", "TEXT");
        ADDED_WATERMARK_COLUMNS.put("snapshot_after", "TEXT");
        ADDED_WATERMARK_COLUMNS.put("snapshot_below", "TEXT");
        ADDED_WATERMARK_COLUMNS.put("last_rows_reread", "INTEGER");
        ADDED_WATERMARK_COLUMNS.put("last_rows_deleted", "INTEGER");
        // The last complete reconcile ("deletes": {"reconcile": ...}): when it started, and how many rows it deleted.
        ADDED_WATERMARK_COLUMNS.put("last_reconcile_ts", "TEXT");
        ADDED_WATERMARK_COLUMNS.put("last_reconcile_deleted", "INTEGER");
        // A table without a key: its stored columns' source types, as its rows' identities were made under (TableSync).
        ADDED_WATERMARK_COLUMNS.put("row_value_types", "TEXT");
        // What chose the rows besides the cursor (the where, a query's SELECT), as they were read (TableSync).
        ADDED_WATERMARK_COLUMNS.put("row_filter", "TEXT");
        // The soft-delete column the rows were read under ('' for none; NULL: not recorded, an earlier release
        // wrote the state). Apart from row_filter, which the release before compares whole (TableSync).
        ADDED_WATERMARK_COLUMNS.put("row_soft_delete", "TEXT");
        // The columns replicate made in the target table, stored or gone from the source since (OwnColumns).
        ADDED_WATERMARK_COLUMNS.put("own_columns", "TEXT");
        // The last_run_ts this release wrote beside it: another one there means a release that keeps no
        // own_columns ran the table since, and may have added columns the record lacks (OwnColumns).
        ADDED_WATERMARK_COLUMNS.put("own_columns_run_ts", "TEXT");
        // The table's other columns when own_columns was last written (OwnColumns' *name lines): kept apart,
        // since the builds that write own_columns but not these lines write it again without them.
        ADDED_WATERMARK_COLUMNS.put("other_columns", "TEXT");
        // What a run did to the target's state that its table's next log row is to say (a respelling by a run
        // that did not run the table): cleared by that row (StateStore#takePendingNotes).
        ADDED_WATERMARK_COLUMNS.put("pending_notes", "TEXT");
        // A full table's triggers made by hand, as its last swap made them again (ShadowTable#swap): its note
        // on them is written when they change, not on every swap.
        ADDED_WATERMARK_COLUMNS.put("swap_triggers", "TEXT");
        // When a run first found the cursor ahead of the clock (CursorAhead), NULL once a run that read the table
        // finds it not: what status and the metrics show, kept by a failed run and by the log's retention.
        ADDED_WATERMARK_COLUMNS.put("cursor_ahead_since", "TEXT");
    }

    /**
     * Columns added to the first version's log, the same way: the rows a run deleted (soft deletes),
     * with a default of 0, so that rows the release before writes, which never deletes, say so; and the
     * rows a run changed (inserted, or updated because a value differed), NULL where not counted (a row
     * that a release before it wrote: it counted no such thing, and 0 would claim that nothing changed).
     */
    private static final Map<String, String> ADDED_LOG_COLUMNS = new LinkedHashMap<>();

    static {
        ADDED_LOG_COLUMNS.put("rows_deleted", "INTEGER NOT NULL DEFAULT 0");
        ADDED_LOG_COLUMNS.put("rows_changed", "INTEGER");
        // NULL for a run (every row an earlier release wrote is one); RunLog.REPAIR for a verify --repair.
        ADDED_LOG_COLUMNS.put("kind", "TEXT");
    }

    static final String LOG = """
            CREATE TABLE IF NOT EXISTS _replicate_log (
              id INTEGER PRIMARY KEY AUTOINCREMENT,
              ts TEXT NOT NULL,
              started_ts TEXT NOT NULL,
              source TEXT NOT NULL,
              "table" TEXT NOT NULL,
              target TEXT NOT NULL,
              rows_pulled INTEGER NOT NULL,
              ok INTEGER NOT NULL,
              error TEXT,
              notes TEXT,
              duration_ms INTEGER NOT NULL,
              rows_deleted INTEGER NOT NULL DEFAULT 0,
              rows_changed INTEGER,
              kind TEXT
            )""";

    /** The state tables, by name. */
    static final String WATERMARKS_TABLE = "_replicate_watermarks";
    static final String LOG_TABLE = "_replicate_log";

    /** The columns every state version has (the added ones are added in place when missing), by table. */
    private static final Map<String, List<String>> REQUIRED_COLUMNS = Map.of(
            WATERMARKS_TABLE, List.of("source", "table", "target", "watermark_column", "watermark_type", "last_value",
                    "last_run_ts", "last_success_ts", "last_ok", "last_error", "last_rows_pulled",
                    "consecutive_failures", "source_newest_value"),
            LOG_TABLE, List.of("id", "ts", "started_ts", "source", "table", "target", "rows_pulled", "ok", "error",
                    "notes", "duration_ms"));

    /**
     * The primary key each state table is written by: the state row's upsert, the log's order. The state
     * is keyed by the target since state version 2 (one source table may feed several targets); a file of
     * version 1 is keyed by source and table until {@link StateMigration} migrates it.
     */
    private static final Map<String, List<String>> REQUIRED_KEY = Map.of(
            WATERMARKS_TABLE, List.of("target"),
            LOG_TABLE, List.of("id"));

    /** The key of {@code _replicate_watermarks} in a file of state version 1. */
    static final List<String> VERSION_1_KEY = List.of("source", "table");

    /**
     * Stops at a state table that is not the one replicate makes (hostile test: a hand-made
     * {@code _replicate_watermarks(x)} made {@code status} exit 70 and every run 74 with no way out; a view
     * of that name failed on "Cannot add a column to a view"; a {@code _replicate_log(x)} failed the run
     * after its state row was written). Called before anything is written to the file, by readers too, so
     * that both say the same: what is wrong, and the {@code sqlite3} command that mends it. A file a newer
     * release wrote is left to {@link #ensure}, which says to upgrade: its tables may rightly differ.
     */
    static void checkShape(Connection connection, java.nio.file.Path file) throws SQLException, ReplicaException {
        try (Statement statement = connection.createStatement()) {
            int version = userVersion(statement);
            if (version > Replica.STATE_VERSION) {
                return;
            }
            for (String table : List.of(WATERMARKS_TABLE, LOG_TABLE)) {
                checkShape(connection, statement, table, table.equals(WATERMARKS_TABLE)
                        && version < StateMigration.TARGET_KEYED ? VERSION_1_KEY : REQUIRED_KEY.get(table));
            }
        } catch (ShapeProblem e) {
            String what = "the state table " + e.table + " in " + file + (e.kind.equals("table")
                    ? " is not the one replicate makes: " + e.getMessage()
                    : " is " + (e.kind.equals("index") ? "an " : "a ") + e.kind + ", not the table replicate makes");
            throw new ReplicaException(what + ". To recover, drop it: "
                    + ByHand.sqlite3(file, "DROP " + e.kind.toUpperCase(Locale.ROOT) + " " + e.table)
                    + "; the next run makes it again, " + (e.table.equalsIgnoreCase(WATERMARKS_TABLE)
                            ? "and the tables sync again from the start (rows read again replace themselves)"
                            : "without the history of earlier runs"));
        }
    }

    /** A state table's shape that replicate cannot use: the kind of schema object, its name, and what is wrong. */
    private static final class ShapeProblem extends Exception {
        final String kind;
        final String table;

        ShapeProblem(String kind, String table, String problem) {
            super(problem);
            this.kind = kind;
            this.table = table;
        }
    }

    private static void checkShape(Connection connection, Statement statement, String table, List<String> required)
            throws SQLException, ShapeProblem {
        String kind = null;
        String name = table;
        // Names are compared without case in SQLite: a view _REPLICATE_LOG blocks the table as well.
        try (PreparedStatement query = connection.prepareStatement(
                "SELECT type, name FROM sqlite_master WHERE name = ? COLLATE NOCASE AND type IN ('table', 'view', 'index')")) {
            query.setString(1, table);
            try (ResultSet rs = query.executeQuery()) {
                if (rs.next()) {
                    kind = rs.getString(1);
                    name = rs.getString(2);
                }
            }
        }
        if (kind == null) {
            return;
        }
        if (!kind.equals("table")) {
            throw new ShapeProblem(kind, name, "");
        }
        Set<String> present = new HashSet<>();
        java.util.SortedMap<Integer, String> key = new java.util.TreeMap<>();
        try (ResultSet rs = statement.executeQuery("PRAGMA table_info(" + SqliteSql.quote(name) + ")")) {
            while (rs.next()) {
                String column = SqliteSql.foldCase(rs.getString("name"));
                present.add(column);
                if (rs.getInt("pk") > 0) {
                    key.put(rs.getInt("pk"), column);
                }
            }
        }
        List<String> lacking = REQUIRED_COLUMNS.get(table).stream().filter(c -> !present.contains(c)).toList();
        if (!lacking.isEmpty()) {
            throw new ShapeProblem(kind, name, "it lacks the column" + (lacking.size() > 1 ? "s " : " ")
                    + String.join(", ", lacking));
        }
        if (!List.copyOf(key.values()).equals(required)) {
            throw new ShapeProblem(kind, name, "its primary key is not (" + String.join(", ", required) + ")");
        }
    }

    /**
     * Puts the state tables in place, migrating a file of an earlier state version ({@link StateMigration}).
     *
     * @return the state tables that a file already at this state version lacked and that were made
     *         again (dropped by hand, issue #14), and what a migration had to say; empty for a new or intact file
     */
    static Ensured ensure(Connection connection) throws SQLException {
        try (Statement statement = connection.createStatement()) {
            int version = userVersion(statement);
            if (version > Replica.STATE_VERSION) {
                throw new SQLException("this SQLite file was written by a newer replicate (state version "
                        + version + "); upgrade replicate");
            }
            // A file that had a state version (a new one has 0) and lacks a state table had it dropped by hand.
            Set<String> dropped = version > 0 ? missingTables(statement) : Set.of();
            if (version < Replica.STATE_VERSION && !missingTables(statement).contains(WATERMARKS_TABLE)) {
                return new Ensured(dropped, StateMigration.migrate(connection));
            }
            if (version == Replica.STATE_VERSION) {
                // user_version stays when a state table is dropped by hand, so its presence is checked
                // here too: without this every later run failed on "no such table", forever.
                Set<String> missing = missingTables(statement);
                if (!missing.isEmpty()) {
                    statement.execute("BEGIN IMMEDIATE");
                    create(statement);
                    statement.execute("COMMIT");
                } else if (!missingColumns(statement, WATERMARKS_TABLE, ADDED_WATERMARK_COLUMNS).isEmpty()
                        || !missingColumns(statement, LOG_TABLE, ADDED_LOG_COLUMNS).isEmpty()) {
                    statement.execute("BEGIN IMMEDIATE");
                    addMissingColumns(statement, WATERMARKS_TABLE, ADDED_WATERMARK_COLUMNS);
                    addMissingColumns(statement, LOG_TABLE, ADDED_LOG_COLUMNS);
                    statement.execute("COMMIT");
                }
                return new Ensured(missing, Map.of());
            }
            statement.execute("BEGIN IMMEDIATE");
            create(statement);
            statement.execute("PRAGMA user_version = " + Replica.STATE_VERSION);
            statement.execute("COMMIT");
            return new Ensured(dropped, Map.of());
        }
    }

    /**
     * What {@link #ensure} found.
     *
     * @param remade         the state tables made again (see {@link Replica#remadeStateTables})
     * @param migrationNotes by target, what the migration to this state version did to its state (see
     *                       {@link StateMigration})
     */
    record Ensured(Set<String> remade, Map<String, String> migrationNotes) {
    }

    /** Creates what is missing of the state tables, inside the caller's transaction. */
    static void create(Statement statement) throws SQLException {
        statement.execute(WATERMARKS);
        addMissingColumns(statement, WATERMARKS_TABLE, ADDED_WATERMARK_COLUMNS);
        statement.execute(LOG);
        addMissingColumns(statement, LOG_TABLE, ADDED_LOG_COLUMNS);
        statement.execute("CREATE INDEX IF NOT EXISTS _replicate_log_ts ON _replicate_log (ts)");
    }

    /** The state tables the file lacks. */
    static Set<String> missingTables(Statement statement) throws SQLException {
        Set<String> missing = new java.util.TreeSet<>(Set.of(WATERMARKS_TABLE, LOG_TABLE));
        try (ResultSet rs = statement.executeQuery("SELECT name FROM sqlite_master WHERE type = 'table' AND name IN ('"
                + WATERMARKS_TABLE + "', '" + LOG_TABLE + "')")) {
            while (rs.next()) {
                missing.remove(rs.getString(1));
            }
        }
        return missing;
    }

    /** Adds the columns the state table lacks of those added to it in place; inside the caller's transaction. */
    static void addMissingWatermarkColumns(Statement statement, String table) throws SQLException {
        addMissingColumns(statement, table, ADDED_WATERMARK_COLUMNS);
    }

    /** Adds the columns the table lacks; inside the caller's transaction (a second run may race to it). */
    private static void addMissingColumns(Statement statement, String table, Map<String, String> columns)
            throws SQLException {
        for (String column : missingColumns(statement, table, columns)) {
            statement.execute("ALTER TABLE " + table + " ADD COLUMN " + column + " " + columns.get(column));
        }
    }

    private static List<String> missingColumns(Statement statement, String table, Map<String, String> columns)
            throws SQLException {
        Set<String> present = new HashSet<>();
        try (ResultSet rs = statement.executeQuery("PRAGMA table_info(" + table + ")")) {
            while (rs.next()) {
                present.add(rs.getString("name"));
            }
        }
        return columns.keySet().stream().filter(column -> !present.contains(column)).toList();
    }

    /** The state tables a file lacks, for a reader (which must not create them). */
    /**
     * Refuses, before anything reads or writes its state, a file whose user_version replicate cannot
     * take as its own:
     * <ul>
     * <li>past this release's state version: a newer release's file (upgrade), or, when it holds no
     * state table at all, another application's database with a user_version of its own (hostile test:
     * it was said to be a newer replicate's). Readers ask too: after a rollback, `status` showed the
     * newer release's last results as current and exited 0 while every run was refused.</li>
     * <li>set, below this release's state version, in a file without a state table: every state version
     * replicate ever wrote came with its state tables, so this is another application's database, whose
     * own migrations read that user_version (hostile test: `run` set it to replicate's and added its
     * tables). At this release's version both tables dropped by hand are made again
     * ({@link #ensure}), as that is the likelier story; at 0 the file is new, or a database the user
     * means to replicate into.</li>
     * </ul>
     */
    static void refuseForeignOrNewer(Connection connection, java.nio.file.Path file, String doing)
            throws SQLException, ReplicaException {
        try (Statement statement = connection.createStatement()) {
            int version = userVersion(statement);
            if (version == 0 || version == Replica.STATE_VERSION) {
                return;
            }
            boolean noStateTable = missingTables(statement).size() == 2;
            if (noStateTable) {
                throw new ReplicaException(file + " holds no replicate state tables; is it the right file? Its"
                        + " user_version, " + version + ", is not one replicate leaves without them: another application"
                        + " set it, or replicate's state tables were dropped by hand (then `sqlite3 " + file
                        + " 'PRAGMA user_version = 0'` lets the next run make them again, and sync every table from"
                        + " the start)");
            }
            if (version > Replica.STATE_VERSION) {
                throw new ReplicaException("cannot " + doing + " the SQLite file " + file + ": this SQLite file was"
                        + " written by a newer replicate (state version " + version + "); upgrade replicate");
            }
        }
    }

    static Set<String> missingTables(Connection connection) throws SQLException {
        try (Statement statement = connection.createStatement()) {
            return missingTables(statement);
        }
    }

    static int userVersion(Statement statement) throws SQLException {
        try (ResultSet rs = statement.executeQuery("PRAGMA user_version")) {
            return rs.next() ? rs.getInt(1) : 0;
        }
    }
}
