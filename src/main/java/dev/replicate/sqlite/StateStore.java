package dev.replicate.sqlite;

import dev.replicate.source.IsoInstants;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Reads and writes {@code _replicate_watermarks}, one row per target ({@link TableId#stateKey}). Writes
 * join the caller's open transaction, so a page's rows and its advanced watermark commit together.
 */
public final class StateStore {
    /**
     * {@code own_columns_run_ts} as a run's upsert sets it: following {@code last_run_ts} while they agree,
     * kept where they differ (bare names in DO UPDATE are the stored row's). Only a write of the whole record
     * ({@link #recordOwnColumns}) makes them agree again: a run that fails before it (an unreachable source,
     * a refusal, a stop) must not clear the sign that another release ran, or the next run refuses the
     * column that release added as one added by hand.
     */
    private static final String RUN_TS_BESIDE_RECORD = "CASE WHEN own_columns_run_ts IS last_run_ts"
            + " THEN excluded.last_run_ts ELSE own_columns_run_ts END";

    /** A table's position: a cursor or a snapshot's progress (see {@link #writePosition}). */
    private static final String WRITE_POSITION = """
            INSERT INTO _replicate_watermarks (source, "table", target, watermark_column, watermark_type,
              last_value, last_run_ts, own_columns_run_ts, snapshot_key_column, snapshot_key_type, snapshot_after,
              snapshot_below)
            VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?7, ?8, ?9, ?10, ?11)
            ON CONFLICT (target) DO UPDATE SET
              source = excluded.source, "table" = excluded."table", watermark_column = excluded.watermark_column,
              watermark_type = excluded.watermark_type, last_value = excluded.last_value,
              last_run_ts = excluded.last_run_ts, own_columns_run_ts = %s,
              snapshot_key_column = excluded.snapshot_key_column,
              snapshot_key_type = excluded.snapshot_key_type, snapshot_after = excluded.snapshot_after,
              snapshot_below = excluded.snapshot_below""".formatted(RUN_TS_BESIDE_RECORD);

    private final Replica replica;
    private final Connection connection;
    /** The last run start formatted, and its text: every page of a run writes the same one. */
    private Instant formattedRunStart;
    private String formattedRunStartText;

    public StateStore(Replica replica) {
        this.replica = replica;
        this.connection = replica.connection();
    }

    public List<TableState> all() throws SQLException {
        List<TableState> states = new ArrayList<>();
        try (PreparedStatement statement = connection.prepareStatement(
                "SELECT * FROM _replicate_watermarks ORDER BY target");
             ResultSet rs = statement.executeQuery()) {
            // A file not yet given the added columns (read-only, by `status`) has no snapshot and no re-read count.
            boolean snapshots = hasColumn(rs, "snapshot_after");
            // The releases that began the key-order first sync kept its progress without the key's type.
            boolean keyTypes = hasColumn(rs, "snapshot_key_type");
            boolean rereads = hasColumn(rs, "last_rows_reread");
            boolean deletes = hasColumn(rs, "last_rows_deleted");
            boolean types = hasColumn(rs, "row_value_types");
            boolean filters = hasColumn(rs, "row_filter");
            boolean softDeletes = hasColumn(rs, "row_soft_delete");
            boolean ahead = hasColumn(rs, "cursor_ahead_since");
            while (rs.next()) {
                states.add(read(rs, snapshots, keyTypes, rereads, deletes, types, filters, softDeletes, ahead));
            }
        }
        return states;
    }

    /**
     * Every table's state, by {@link TableId#stateKey} (the target). A file of state version 1, read
     * without being migrated (by {@code status}), may hold two rows for one target: the one run most
     * recently is taken, as the migration keeps it (see {@link StateMigration}).
     */
    public java.util.Map<String, TableState> byTable() throws SQLException {
        return byTable(all());
    }

    /** As {@link #byTable()}, of states already read ({@link #all()}). */
    public static java.util.Map<String, TableState> byTable(java.util.Collection<TableState> all) {
        java.util.Map<String, TableState> states = new java.util.HashMap<>();
        for (TableState state : all) {
            states.merge(state.id().stateKey(), state, (one, other) ->
                    other.lastRunTs().orElse(Instant.MIN).isAfter(one.lastRunTs().orElse(Instant.MIN)) ? other : one);
        }
        return states;
    }

    /** Moves the cursor (and ends a first sync's snapshot, if one was under way); called inside a page's transaction. */
    public void advance(TableId id, String watermarkColumn, String watermarkType, String lastValue,
                        Instant runStarted) throws SQLException {
        writePosition(id, watermarkColumn, watermarkType, lastValue, null, runStarted);
    }

    /**
     * Records how far a first sync in key order got; called inside a page's transaction. The cursor
     * stays empty until the snapshot completes with {@link #advance}.
     */
    public void snapshotProgress(TableId id, String watermarkColumn, String watermarkType, SnapshotProgress progress,
                                 Instant runStarted) throws SQLException {
        writePosition(id, watermarkColumn, watermarkType, null, progress, runStarted);
    }

    /** Where a table's rows stand: a cursor, or a snapshot's progress (the other one is cleared). */
    private void writePosition(TableId id, String watermarkColumn, String watermarkType, String lastValue,
                               SnapshotProgress snapshot, Instant runStarted) throws SQLException {
        // Prepared once per file (Replica#executeUpdate): a first sync writes this on every page.
        replica.executeUpdate(WRITE_POSITION, statement -> {
            statement.setString(1, id.source());
            statement.setString(2, id.table());
            statement.setString(3, id.target());
            statement.setString(4, watermarkColumn);
            statement.setString(5, watermarkType);
            statement.setString(6, lastValue);
            statement.setString(7, runStartText(runStarted));
            statement.setString(8, snapshot == null ? null : snapshot.keyColumn());
            statement.setString(9, snapshot == null ? null : snapshot.keyType());
            statement.setString(10, snapshot == null ? null : snapshot.after());
            statement.setString(11, snapshot == null ? null : snapshot.below());
        });
    }

    private String runStartText(Instant runStarted) {
        if (!runStarted.equals(formattedRunStart)) {
            formattedRunStartText = Timestamps.format(runStarted);
            formattedRunStart = runStarted;
        }
        return formattedRunStartText;
    }

    /** A target's state row, where it has none; see {@link #open}. */
    private static final String OPEN = """
            INSERT INTO _replicate_watermarks (source, "table", target, watermark_column) VALUES (?, ?, ?, ?)
            ON CONFLICT (target) DO NOTHING""";

    /**
     * Makes the target's state row where it has none yet (its first run), holding no position and no
     * outcome, so that what is recorded of the table when it is made ({@link #recordOwnColumns}) commits
     * with it; inside the caller's transaction. Such a row is what a run that failed before its first page
     * leaves, not one that shows a sync wrote the table ({@link TargetRecord#made}).
     */
    public void open(TableId id, String watermarkColumn) throws SQLException {
        replica.executeUpdate(OPEN, statement -> {
            statement.setString(1, id.source());
            statement.setString(2, id.table());
            statement.setString(3, id.target());
            statement.setString(4, watermarkColumn);
        });
    }

    /** A table's outcome; see {@link #recordOutcome}. */
    private static final String RECORD_OUTCOME = """
            INSERT INTO _replicate_watermarks (source, "table", target, watermark_column, last_run_ts,
              own_columns_run_ts, last_success_ts, last_ok, last_error, last_rows_pulled, consecutive_failures,
              source_newest_value, last_rows_reread, last_rows_deleted)
            VALUES (?1, ?2, ?3, ?4, ?5, ?5, CASE WHEN ?6 THEN ?5 END, ?6, ?7, ?8, CASE WHEN ?6 THEN 0 ELSE 1 END, ?9,
              ?10, ?11)
            ON CONFLICT (target) DO UPDATE SET
              last_run_ts = excluded.last_run_ts,
              own_columns_run_ts = %s,
              last_success_ts = coalesce(excluded.last_success_ts, last_success_ts),
              last_ok = excluded.last_ok,
              last_error = excluded.last_error,
              last_rows_pulled = excluded.last_rows_pulled,
              last_rows_reread = excluded.last_rows_reread,
              last_rows_deleted = excluded.last_rows_deleted,
              consecutive_failures = CASE WHEN excluded.last_ok THEN 0 ELSE consecutive_failures + 1 END,
              source_newest_value = coalesce(excluded.source_newest_value, source_newest_value)"""
            .formatted(RUN_TS_BESIDE_RECORD);

    /**
     * Records how a run ended, leaving the cursor where the last committed page put it. Through a
     * statement kept while the file is open (Replica#executeUpdate): a run of 500 tables prepared it 500
     * times (issue #17).
     */
    public void recordOutcome(TableId id, String watermarkColumn, Instant runStarted, boolean ok, String error, long rowsPulled, long rowsReread,
                              long rowsDeleted, Optional<String> sourceNewestValue) throws SQLException {
        replica.executeUpdate(RECORD_OUTCOME, statement -> {
            statement.setString(1, id.source());
            statement.setString(2, id.table());
            statement.setString(3, id.target());
            statement.setString(4, watermarkColumn);
            statement.setString(5, Timestamps.format(runStarted));
            statement.setBoolean(6, ok);
            statement.setString(7, error);
            statement.setLong(8, rowsPulled);
            if (sourceNewestValue.isPresent()) {
                statement.setString(9, sourceNewestValue.get());
            } else {
                statement.setNull(9, Types.VARCHAR);
            }
            statement.setLong(10, rowsReread);
            statement.setLong(11, rowsDeleted);
        });
    }

    /**
     * Records a reconcile that completed (every row found gone deleted, or none to delete), started at
     * {@code started}; inside the caller's transaction. Only a complete one is recorded: the next
     * reconcile is due from it, and a reconcile cut short is simply made again by the next run.
     */
    public void recordReconcile(TableId id, Instant started, long deleted) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement("""
                UPDATE _replicate_watermarks SET last_reconcile_ts = ?, last_reconcile_deleted = ?
                WHERE target = ?""")) {
            statement.setString(1, Timestamps.format(started));
            statement.setLong(2, deleted);
            statement.setString(3, id.target());
            statement.executeUpdate();
        }
    }

    /**
     * The last complete reconcile of every table that had one, by {@link TableId#stateKey}; empty for a
     * file written before reconciles existed and not yet run by this release (read by {@code status}).
     */
    public java.util.Map<String, LastReconcile> reconciles() throws SQLException {
        java.util.Map<String, LastReconcile> reconciles = new java.util.HashMap<>();
        try (PreparedStatement statement = connection.prepareStatement("SELECT * FROM _replicate_watermarks");
             ResultSet rs = statement.executeQuery()) {
            if (!hasColumn(rs, "last_reconcile_ts")) {
                return reconciles;
            }
            while (rs.next()) {
                String ts = rs.getString("last_reconcile_ts");
                if (ts != null) {
                    reconciles.put(rs.getString("target"),
                            new LastReconcile(IsoInstants.parse(ts), rs.getLong("last_reconcile_deleted")));
                }
            }
        }
        return reconciles;
    }

    /**
     * A table's last complete reconcile, if it had one; for a run, which has put the added columns in
     * place. One row by its key: {@link #reconciles} reads every table's, which a run of many
     * reconciling tables would otherwise do once per table.
     */
    public Optional<LastReconcile> lastReconcile(TableId id) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(
                "SELECT last_reconcile_ts, last_reconcile_deleted FROM _replicate_watermarks WHERE target = ?")) {
            statement.setString(1, id.stateKey());
            try (ResultSet rs = statement.executeQuery()) {
                if (!rs.next() || rs.getString(1) == null) {
                    return Optional.empty();
                }
                return Optional.of(new LastReconcile(IsoInstants.parse(rs.getString(1)), rs.getLong(2)));
            }
        }
    }

    /**
     * Forgets where a table's rows stand (its cursor and any first sync's progress), and its last
     * reconcile (the rows are copied again from the start, and the next reconcile is due once that
     * copy ends), keeping its run history; inside the caller's transaction.
     */
    public void forgetPosition(TableId id) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement("""
                UPDATE _replicate_watermarks SET last_value = NULL, snapshot_key_column = NULL,
                  snapshot_key_type = NULL, snapshot_after = NULL, snapshot_below = NULL,
                  last_reconcile_ts = NULL, last_reconcile_deleted = NULL, row_value_types = NULL,
                  row_filter = NULL, row_soft_delete = NULL, cursor_ahead_since = NULL
                WHERE target = ?""")) {
            statement.setString(1, id.target());
            statement.executeUpdate();
        }
    }

    /**
     * Gives the target's state to the table that now writes it ({@code id}'s source and table), forgetting
     * the position the one before left ({@link #forgetPosition}); inside the caller's transaction. The run
     * history stays: it is the target's.
     */
    public void rebind(TableId id) throws SQLException {
        forgetPosition(id);
        retitle(id);
    }

    /**
     * Writes {@code id}'s source and table as the target's, keeping its position: the same table under
     * another spelling of its name; inside the caller's transaction.
     */
    public void retitle(TableId id) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(
                "UPDATE _replicate_watermarks SET source = ?, \"table\" = ? WHERE target = ?")) {
            statement.setString(1, id.source());
            statement.setString(2, id.table());
            statement.setString(3, id.target());
            statement.executeUpdate();
        }
    }

    /**
     * The source types that decide how a table's stored rows tell themselves apart, as they were when its
     * rows were read: a table without a key's stored columns, a keyed table's key columns ({@code type name}
     * each, one a line); empty where no run of this release recorded them.
     */
    public Optional<String> rowValueTypes(String target) throws SQLException {
        return readText("row_value_types", target);
    }

    /**
     * Records {@link #rowValueTypes}; inside the caller's transaction, and only where the target has a state.
     *
     * @return whether it had one (and they are recorded)
     */
    public boolean recordRowValueTypes(String target, String types) throws SQLException {
        return recordText("row_value_types", target, types);
    }

    /**
     * Records the filter the rows are read under ({@code row_filter}: a where, a query's SELECT), which a
     * run compares with the configuration's to find one changed; inside the caller's transaction (a page's,
     * with the position read under it), and only where the target has a state.
     *
     * @return whether it had one (and the filter is recorded)
     */
    public boolean recordRowFilter(String target, String filter) throws SQLException {
        return recordText("row_filter", target, filter);
    }

    /**
     * Records the soft-delete column the rows are read under ({@code row_soft_delete}, the empty text for
     * none), as {@link #recordRowFilter} records the filter.
     *
     * @return whether the target had a state (and the column is recorded)
     */
    public boolean recordRowSoftDelete(String target, String column) throws SQLException {
        return recordText("row_soft_delete", target, column);
    }

    /**
     * The columns replicate made in the target table ({@link OwnColumns}), as recorded; {@code text} empty
     * where the target has no state, or none was recorded (an earlier release wrote it).
     *
     * @param otherReleaseRanSince whether a release that keeps no such record ran the table since this
     *                             release's last run: the last run is not the one this release wrote beside
     *                             the record ({@code own_columns_run_ts})
     * @param whole    whether it is kept as {@link #recordOwnColumns} writes it: not so where own_columns holds
     *                 the {@code *name} lines (as files of the first builds with them do), to be moved
     */
    record RecordedColumns(Optional<String> text, boolean otherReleaseRanSince, boolean whole) {
    }

    /**
     * {@link RecordedColumns} of the target, in one read: own_columns, and the table's other columns (its
     * {@code *name} lines) from other_columns, which the builds that write own_columns without them leave alone.
     */
    RecordedColumns ownColumns(String target) throws SQLException {
        return replica.query("SELECT own_columns, other_columns,"
                + " last_run_ts IS NOT NULL AND last_run_ts IS NOT own_columns_run_ts FROM _replicate_watermarks"
                + " WHERE target = ?", statement -> statement.setString(1, target), rs -> {
                    if (!rs.next() || rs.getString(1) == null) {
                        return new RecordedColumns(Optional.empty(), false, true);
                    }
                    String own = rs.getString(1);
                    String others = rs.getString(2);
                    boolean whole = !own.startsWith("*") && !own.contains("\n*");
                    return new RecordedColumns(Optional.of(others == null || others.isEmpty() ? own
                            : own.isEmpty() ? others : own + "\n" + others), rs.getBoolean(3), whole);
                });
    }

    /**
     * Records {@link #ownColumns}, whole: any release that ran the table before is in it now, so the sign
     * that another one ran is cleared with it ({@code own_columns_run_ts} set to {@code last_run_ts}); inside
     * the caller's transaction, and only where the target has a state.
     *
     * @return whether it had one (and they are recorded)
     */
    public boolean recordOwnColumns(String target, String columns) throws SQLException {
        List<String> own = new ArrayList<>();
        List<String> others = new ArrayList<>();
        // The ~* lines stay in own_columns with the other ~ lines (OwnColumns): a build that writes own_columns
        // again without them drops them all, and its record is read whole as it wrote it.
        columns.lines().forEach(line -> (line.startsWith("*") ? others : own).add(line));
        try (PreparedStatement statement = connection.prepareStatement("UPDATE _replicate_watermarks SET"
                + " own_columns = ?, other_columns = ?, own_columns_run_ts = last_run_ts WHERE target = ?")) {
            statement.setString(1, String.join("\n", own));
            statement.setString(2, others.isEmpty() ? null : String.join("\n", others));
            statement.setString(3, target);
            return statement.executeUpdate() > 0;
        }
    }

    /**
     * Records that the target's table holds exactly {@code columns}, all of them replicate's: a table just
     * made from the source's (a run's first, a full refresh's copy swapped in); inside the caller's
     * transaction, and only where the target has a state.
     *
     * @return whether it had one (and they are recorded)
     */
    public boolean recordColumnsMade(String target, List<String> columns) throws SQLException {
        return recordOwnColumns(target, OwnColumns.made(columns).text());
    }

    /** One text column of a target's state (a column name of this class's, never a user's); empty without one. */
    private Optional<String> readText(String column, String target) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(
                "SELECT " + column + " FROM _replicate_watermarks WHERE target = ?")) {
            statement.setString(1, target);
            try (ResultSet rs = statement.executeQuery()) {
                return rs.next() ? Optional.ofNullable(rs.getString(1)) : Optional.empty();
            }
        }
    }

    /** Sets one text column of a target's state (a column name of this class's, never a user's). */
    /**
     * Keeps a note for the target's next log row, which may be written by a later process: the run that
     * changed the state may not run the table (not due, not selected, its source unreachable).
     */
    public void notePending(String target, String note) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement("UPDATE _replicate_watermarks SET"
                + " pending_notes = CASE WHEN pending_notes IS NULL THEN ?1 ELSE pending_notes || '; ' || ?1 END"
                + " WHERE target = ?2")) {
            statement.setString(1, note);
            statement.setString(2, target);
            statement.executeUpdate();
        }
    }

    /**
     * The user's triggers a full table's last swap made again, one a line ("" for none), or empty when
     * no swap recorded them (an earlier release's, or none yet).
     */
    Optional<String> swapTriggers(String target) throws SQLException {
        return replica.query("SELECT swap_triggers FROM _replicate_watermarks WHERE target = ?",
                statement -> statement.setString(1, target),
                rs -> rs.next() ? Optional.ofNullable(rs.getString(1)) : Optional.empty());
    }

    /**
     * Records what a run that read the table found of its cursor ({@link TableState#cursorAheadSince}): ahead
     * of the clock since {@code at} (kept from the run that first found it), or not (cleared). A run that fails
     * before its read ends, or one that did not read the table, records nothing: what the last read found
     * stands, as status shows it. In the caller's transaction, which commits it at once.
     *
     * @return whether the state said the cursor was ahead before
     */
    public boolean recordCursorAhead(String target, boolean ahead, Instant at) throws SQLException {
        boolean before = replica.query("SELECT cursor_ahead_since IS NOT NULL FROM _replicate_watermarks WHERE target = ?",
                statement -> statement.setString(1, target), rs -> rs.next() && rs.getBoolean(1));
        if (ahead != before) {
            recordText("cursor_ahead_since", target, ahead ? Timestamps.format(at) : null);
        }
        return before;
    }

    /** Records the triggers a swap made again ({@link #swapTriggers}); the target's state row exists. */
    void recordSwapTriggers(String target, String triggers) throws SQLException {
        recordText("swap_triggers", target, triggers);
    }

    /** The notes kept for the target's log row ({@link #notePending}), cleared: that row is being written. */
    public Optional<String> takePendingNotes(String target) throws SQLException {
        Optional<String> notes = replica.query("SELECT pending_notes FROM _replicate_watermarks WHERE target = ?",
                statement -> statement.setString(1, target),
                rs -> rs.next() ? Optional.ofNullable(rs.getString(1)) : Optional.empty());
        if (notes.isPresent()) {
            recordText("pending_notes", target, null);
        }
        return notes;
    }

    private boolean recordText(String column, String target, String value) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(
                "UPDATE _replicate_watermarks SET " + column + " = ? WHERE target = ?")) {
            statement.setString(1, value);
            statement.setString(2, target);
            return statement.executeUpdate() > 0;
        }
    }

    /**
     * Forgets a target's state, so the next run syncs it from the start: under any spelling of its name,
     * since they all name the one SQLite table (a file a release before {@link #respell} wrote may hold two).
     */
    public void forget(String target) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(
                "DELETE FROM _replicate_watermarks WHERE target = ? COLLATE NOCASE")) {
            statement.setString(1, target);
            statement.executeUpdate();
        }
    }

    /**
     * Gives the state of a target spelt otherwise in case to the configured spelling; inside the caller's
     * transaction. SQLite's names ignore case, so "Orders" and "orders" are one table: kept apart here, a
     * target spelt anew synced its table again from the start under a second state row, and given to another
     * source table at once, that table's rows went into the old ones without the note a move makes. A target
     * whose spelling already has a row, or that two other spellings share, is left as it is.
     *
     * @param states every target's state, as the run read it (one row per target)
     * @return the spellings changed, old to new
     */
    public java.util.Map<String, String> respell(java.util.Collection<TableState> states, java.util.Collection<String> targets)
            throws SQLException {
        // Every run does this for every configured target: matched against the states the run has read
        // already, folded as SQLite's NOCASE folds (A-Z), rather than a COLLATE NOCASE query per target
        // (which scans the table each time: it cannot use the key's index).
        java.util.Map<String, List<String>> spellings = new java.util.HashMap<>();
        for (TableState state : states) {
            spellings.computeIfAbsent(SqliteSql.foldCase(state.target()), k -> new ArrayList<>()).add(state.target());
        }
        java.util.Map<String, String> changed = new java.util.LinkedHashMap<>();
        for (String target : targets) {
            List<String> rows = spellings.getOrDefault(SqliteSql.foldCase(target), List.of());
            if (rows.size() != 1 || rows.get(0).equals(target)) {
                continue;
            }
            try (PreparedStatement statement = connection.prepareStatement(
                    "UPDATE _replicate_watermarks SET target = ? WHERE target = ?")) {
                statement.setString(1, target);
                statement.setString(2, rows.get(0));
                statement.executeUpdate();
            }
            changed.put(rows.get(0), target);
            rows.set(0, target);
        }
        return changed;
    }

    private static TableState read(ResultSet rs, boolean snapshots, boolean keyTypes, boolean rereads, boolean deletes,
                                   boolean types, boolean filters, boolean softDeletes, boolean ahead) throws SQLException {
        Object ok = rs.getObject("last_ok");
        return new TableState(
                rs.getString("source"),
                rs.getString("table"),
                rs.getString("target"),
                rs.getString("watermark_column"),
                Optional.ofNullable(rs.getString("watermark_type")),
                Optional.ofNullable(rs.getString("last_value")),
                instant(rs.getString("last_run_ts")),
                instant(rs.getString("last_success_ts")),
                ok == null ? Optional.empty() : Optional.of(((Number) ok).intValue() != 0),
                Optional.ofNullable(rs.getString("last_error")),
                rs.getLong("last_rows_pulled"),
                rs.getInt("consecutive_failures"),
                Optional.ofNullable(rs.getString("source_newest_value")),
                snapshots ? snapshot(rs, keyTypes) : Optional.empty(),
                rereads ? rs.getLong("last_rows_reread") : 0,
                deletes ? rs.getLong("last_rows_deleted") : 0,
                types ? Optional.ofNullable(rs.getString("row_value_types")) : Optional.empty(),
                filters ? Optional.ofNullable(rs.getString("row_filter")) : Optional.empty(),
                softDeletes ? Optional.ofNullable(rs.getString("row_soft_delete")) : Optional.empty(),
                ahead ? instant(rs.getString("cursor_ahead_since")) : Optional.empty());
    }

    private static Optional<SnapshotProgress> snapshot(ResultSet rs, boolean keyTypes) throws SQLException {
        String after = rs.getString("snapshot_after");
        return after == null ? Optional.empty() : Optional.of(new SnapshotProgress(
                rs.getString("snapshot_key_column"), keyTypes ? rs.getString("snapshot_key_type") : null, after,
                rs.getString("snapshot_below")));
    }

    private static boolean hasColumn(ResultSet rs, String column) throws SQLException {
        java.sql.ResultSetMetaData meta = rs.getMetaData();
        for (int i = 1; i <= meta.getColumnCount(); i++) {
            if (meta.getColumnName(i).equals(column)) {
                return true;
            }
        }
        return false;
    }

    private static Optional<Instant> instant(String text) {
        return text == null ? Optional.empty() : Optional.of(IsoInstants.parse(text));
    }
}
