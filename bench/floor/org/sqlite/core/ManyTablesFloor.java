package org.sqlite.core;

import java.io.FileInputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;

/**
 * A design floor for a run over many tables (issue #17's "500 tables, nothing changed"): the least a
 * fresh JVM with the design's drivers does to bring every table of a replica up to date, each table on
 * its own, so that one failing table never blocks the others. Once per run: the configuration parsed
 * (gson), the session's settings that keep values exact, and the catalog queries that catch a changed
 * table, replicate's own statements (from {@link DesignSql}) asked for all the tables at once (replicate
 * asks 250 at a time); on PostgreSQL with {@code counts}, the count of each table's rows that no read
 * streams (a NULL or infinite watermark), replicate's statements sent together in one round trip as
 * replicate sends them. Per table: the rows at or past the stored watermark in watermark order (a read
 * must take the stored watermark's rows again, or a late row with that value and a smaller key is
 * lost), each upserted through sqlite-jdbc's native binds, and the table's state (watermark, run time,
 * rows) written in the same transaction, committed per table. Then the write-ahead log emptied, as
 * every run must for it to stay bounded. No cursor over equal watermarks, no reader thread, no
 * conversions, no run log, no notes: anything replicate does on top of this is its own cost. It lives
 * in sqlite-jdbc's package for the package-private binds replicate's DirectUpsert uses.
 *
 * <p>The replica is one replicate synced (its {@code _replicate_watermarks} names the tables and their
 * stored watermarks; each target is named as its table, as bench/many.sh configures them).
 *
 * <p>Prints one line: tables, rows upserted.
 *
 * <p>Usage: {@code java org.sqlite.core.ManyTablesFloor postgres|mysql HOST PORT USER DATABASE REPLICA.db SQL.properties CONFIG.json counts|no-counts}
 */
public final class ManyTablesFloor {
    public static void main(String[] args) throws Exception {
        String kind = args[0];
        boolean postgres = kind.equals("postgres");
        Properties design = new Properties();
        try (InputStream in = new FileInputStream(args[6])) {
            design.load(in);
        }
        if (!com.google.gson.JsonParser.parseString(Files.readString(Path.of(args[7]))).isJsonObject()) {
            throw new IllegalArgumentException(args[7] + " is not a configuration");
        }
        boolean counts = args[8].equals("counts");
        try (Connection replica = ReplicaFile.open(args[5])) {
            Map<String, String> since = new LinkedHashMap<>();
            try (Statement statement = replica.createStatement();
                 ResultSet rs = statement.executeQuery("SELECT target, last_value FROM _replicate_watermarks ORDER BY target")) {
                while (rs.next()) {
                    since.put(rs.getString(1), rs.getString(2));
                }
            }
            try (Statement statement = replica.createStatement()) {
                statement.execute("PRAGMA synchronous = NORMAL");
                statement.execute("PRAGMA cache_size = -65536");
            }
            List<String> tables = new ArrayList<>(since.keySet());
            int rows = 0;
            try (Connection source = SourceLogin.connect(kind, args)) {
                DesignGuarantees.ask(kind, source, design, args[4], tables);
                if (postgres && counts) {
                    unreadable(source, tables);
                }
                replica.setAutoCommit(false);
                try (PreparedStatement state = replica.prepareStatement("UPDATE _replicate_watermarks SET last_value = ?,"
                        + " last_run_ts = ?, last_rows_pulled = ? WHERE target = ?")) {
                    for (String table : tables) {
                        rows += table(source, replica, state, postgres, table, since.get(table));
                    }
                }
                replica.setAutoCommit(true);
            }
            try (Statement statement = replica.createStatement()) {
                statement.execute("PRAGMA wal_checkpoint(TRUNCATE)");
            }
            System.out.println(tables.size() + " " + rows);
        }
    }

    /** One table's pass in its own transaction: the rows at or past its watermark, upserted, and its state. */
    private static int table(Connection source, Connection replica, PreparedStatement state, boolean postgres,
                             String table, String since) throws SQLException {
        int rows = 0;
        byte[] watermark = null;
        try (PreparedStatement read = source.prepareStatement("SELECT * FROM " + table + " WHERE updated_at >= "
                + (postgres ? "?::timestamptz" : "?") + " ORDER BY updated_at, id")) {
            read.setString(1, postgres ? since : since.replace('T', ' ').replace("Z", "").replace("+00:00", ""));
            try (ResultSet rs = read.executeQuery()) {
                NativeUpsert.Written written = NativeUpsert.all(replica, table, rs);
                rows = written.rows();
                watermark = written.watermark();
            }
        }
        state.setString(1, watermark == null ? since : new String(watermark, StandardCharsets.UTF_8));
        state.setString(2, Instant.now().toString());
        state.setInt(3, rows);
        state.setString(4, table);
        state.executeUpdate();
        replica.commit();
        return rows;
    }

    /**
     * The rows no read streams, counted as replicate counts them on PostgreSQL (JdbcSource.unreadableQuery with
     * PostgresSource's finite range of a timestamptz), every table's statement in one string, one round trip.
     */
    private static void unreadable(Connection source, List<String> tables) throws SQLException {
        StringBuilder sql = new StringBuilder("SELECT set_config('lock_timeout', '200ms', true)");
        for (String table : tables) {
            sql.append(";\nSELECT COUNT(*) - COUNT(\"updated_at\"), COUNT(\"updated_at\") FROM \"public\".\"").append(table)
                    .append("\" WHERE (\"updated_at\" IS NULL OR (\"updated_at\" <= '-infinity' OR \"updated_at\" >= 'infinity'))");
        }
        try (Statement statement = source.createStatement()) {
            boolean result = statement.execute(sql.toString());
            result = statement.getMoreResults();
            for (int i = 0; i < tables.size(); i++) {
                if (!result) {
                    throw new SQLException("count " + (i + 1) + " answered nothing");
                }
                try (ResultSet rs = statement.getResultSet()) {
                    rs.next();
                    if (rs.getLong(1) + rs.getLong(2) != 0) {
                        throw new SQLException(tables.get(i) + " has unreadable watermarks: not the bench's fixture");
                    }
                }
                result = statement.getMoreResults();
            }
        }
    }

}
