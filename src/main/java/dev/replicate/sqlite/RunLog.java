package dev.replicate.sqlite;

import dev.replicate.source.IsoInstants;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * {@code _replicate_log}: one row per table per run, successful or not; and one per table a
 * {@code verify --repair} repaired, told apart by its {@code kind} ({@link #REPAIR}; NULL for a run, as
 * in every row an earlier release wrote, which also leaves the column NULL when it runs the file). What
 * reads the log for the last run ({@link #latestPerTable}: the metrics) reads runs only.
 */
public final class RunLog {
    /** The {@code kind} of a row {@code verify --repair} wrote. */
    public static final String REPAIR = "repair";

    private final Replica replica;
    private final Connection connection;

    /**
     * A row of the log.
     *
     * @param rowsPulled  the rows read from the source
     * @param rowsChanged of those, the rows the replica took in (inserted, or updated because a value
     *                    differed); empty when not counted: a run stopped by a signal, a repair, or a row an
     *                    earlier release wrote
     * @param kind        empty for a run; {@link #REPAIR} for a repair
     */
    public record Entry(long id, Instant ts, Instant started, String source, String table, String target,
                        long rowsPulled, boolean ok, String error, String notes, long durationMillis,
                        long rowsDeleted, OptionalLong rowsChanged, Optional<String> kind) {

        /** A run's row. */
        public Entry(long id, Instant ts, Instant started, String source, String table, String target,
                     long rowsPulled, boolean ok, String error, String notes, long durationMillis,
                     long rowsDeleted, OptionalLong rowsChanged) {
            this(id, ts, started, source, table, target, rowsPulled, ok, error, notes, durationMillis, rowsDeleted,
                    rowsChanged, Optional.empty());
        }
    }

    public RunLog(Replica replica) {
        this.replica = replica;
        this.connection = replica.connection();
    }

    /**
     * Adds a row within the caller's transaction. The error must already be free of secrets.
     *
     * @param rowsChanged see {@link Entry#rowsChanged}
     */
    public void append(TableId id, Instant started, Instant finished, long rowsPulled, OptionalLong rowsChanged,
                       long rowsDeleted, boolean ok, String error, String notes) throws SQLException {
        insert(id, started, finished, rowsPulled, rowsChanged, rowsDeleted, ok, error, notes, null);
    }

    /**
     * Adds a {@code verify --repair}'s row for one table, within the caller's transaction: the rows it wrote
     * (read again from the source) and deleted; its rows changed are not counted.
     *
     * @param ok whether every difference found was repaired
     */
    public void appendRepair(TableId id, Instant started, Instant finished, long rowsWritten, long rowsDeleted,
                             boolean ok, String error, String notes) throws SQLException {
        insert(id, started, finished, rowsWritten, OptionalLong.empty(), rowsDeleted, ok, error, notes, REPAIR);
    }

    private void insert(TableId id, Instant started, Instant finished, long rowsPulled, OptionalLong rowsChanged,
                        long rowsDeleted, boolean ok, String error, String notes, String kind) throws SQLException {
        // Kept while the file is open (Replica#executeUpdate): a run writes one row per table.
        replica.executeUpdate("""
                INSERT INTO _replicate_log (ts, started_ts, source, "table", target, rows_pulled, ok, error,
                  notes, duration_ms, rows_deleted, rows_changed, kind)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""", statement -> {
            statement.setString(1, Timestamps.format(finished));
            statement.setString(2, Timestamps.format(started));
            statement.setString(3, id.source());
            statement.setString(4, id.table());
            statement.setString(5, id.target());
            statement.setLong(6, rowsPulled);
            statement.setBoolean(7, ok);
            statement.setString(8, error);
            statement.setString(9, notes);
            statement.setLong(10, Duration.between(started, finished).toMillis());
            statement.setLong(11, rowsDeleted);
            if (rowsChanged.isPresent()) {
                statement.setLong(12, rowsChanged.getAsLong());
            } else {
                statement.setNull(12, java.sql.Types.INTEGER);
            }
            statement.setString(13, kind);
        });
    }

    /** Deletes rows older than the retention; returns how many. */
    public int prune(Instant now, int retentionDays) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement("DELETE FROM _replicate_log WHERE ts < ?")) {
            statement.setString(1, Timestamps.format(now.minus(Duration.ofDays(retentionDays))));
            return statement.executeUpdate();
        }
    }

    public List<Entry> recent(int limit) throws SQLException {
        List<Entry> entries = new ArrayList<>();
        try (PreparedStatement statement = connection.prepareStatement(
                "SELECT * FROM _replicate_log ORDER BY id DESC LIMIT ?")) {
            statement.setInt(1, limit);
            try (ResultSet rs = statement.executeQuery()) {
                while (rs.next()) {
                    entries.add(entry(rs));
                }
            }
        }
        return entries;
    }

    /**
     * Each target's most recent run's row (a repair is no run); read-only, for the metrics file's last-run
     * durations. A file not yet given the {@code kind} column holds runs only.
     */
    public List<Entry> latestPerTable() throws SQLException {
        List<Entry> entries = new ArrayList<>();
        try (PreparedStatement statement = connection.prepareStatement("SELECT * FROM _replicate_log WHERE id IN"
                + " (SELECT max(id) FROM _replicate_log" + (hasKind() ? " WHERE kind IS NULL" : "") + " GROUP BY target)");
             ResultSet rs = statement.executeQuery()) {
            while (rs.next()) {
                entries.add(entry(rs));
            }
        }
        return entries;
    }

    /** One row of {@code _replicate_log}, as selected with {@code SELECT *}. */
    private static Entry entry(ResultSet rs) throws SQLException {
        return new Entry(rs.getLong("id"), IsoInstants.parse(rs.getString("ts")),
                IsoInstants.parse(rs.getString("started_ts")), rs.getString("source"), rs.getString("table"),
                rs.getString("target"), rs.getLong("rows_pulled"), rs.getInt("ok") != 0,
                rs.getString("error"), rs.getString("notes"), rs.getLong("duration_ms"), rowsDeleted(rs),
                rowsChanged(rs), kind(rs));
    }

    private boolean hasKind() throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(
                "SELECT 1 FROM pragma_table_info('_replicate_log') WHERE name = 'kind'");
             ResultSet rs = statement.executeQuery()) {
            return rs.next();
        }
    }

    /** A file not yet given the column (read-only, by {@code status}) deleted nothing: its release never did. */
    private static long rowsDeleted(ResultSet rs) throws SQLException {
        int column = column(rs, "rows_deleted");
        return column == 0 ? 0 : rs.getLong(column);
    }

    /** Not counted in a file not yet given the column, nor in a row that a release before it wrote (NULL). */
    private static OptionalLong rowsChanged(ResultSet rs) throws SQLException {
        int column = column(rs, "rows_changed");
        if (column == 0) {
            return OptionalLong.empty();
        }
        long changed = rs.getLong(column);
        return rs.wasNull() ? OptionalLong.empty() : OptionalLong.of(changed);
    }

    /** A run's row (NULL), in a file not yet given the column too. */
    private static Optional<String> kind(ResultSet rs) throws SQLException {
        int column = column(rs, "kind");
        return column == 0 ? Optional.empty() : Optional.ofNullable(rs.getString(column));
    }

    /** The column's index in the result, or 0 when the file lacks it. */
    private static int column(ResultSet rs, String name) throws SQLException {
        java.sql.ResultSetMetaData meta = rs.getMetaData();
        for (int i = 1; i <= meta.getColumnCount(); i++) {
            if (SqliteSql.sameName(meta.getColumnName(i), name)) {
                return i;
            }
        }
        return 0;
    }
}
