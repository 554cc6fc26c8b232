package org.sqlite.core;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Properties;

/**
 * A floor for an incremental run (issue #17): the least a fresh JVM with the design's drivers does to
 * bring a replica up to date after rows changed at the source. It connects with replicate's driver,
 * reads the rows past the replica's stored watermark in watermark order (every column as the bytes of
 * the server's text, as the driver received them, with no conversion), upserts them into the replica through sqlite-jdbc's native binds in one
 * transaction, and empties the write-ahead log as every run must for the log to stay bounded
 * (issue #17's churn target). No configuration, no reflection of the table, no state written, no
 * cursor, no reader thread: anything replicate does on top of this is its own cost. It lives in
 * sqlite-jdbc's package for the package-private binds replicate's DirectUpsert uses.
 *
 * <p>Prints one line: the rows upserted.
 *
 * <p>Usage: {@code java org.sqlite.core.IncrementalFloor postgres|mysql HOST PORT USER DATABASE TABLE REPLICA.db TARGET}
 */
public final class IncrementalFloor {
    private static final int SQLITE_DONE = 101;

    public static void main(String[] args) throws Exception {
        String kind = args[0];
        String table = args[5];
        String target = args[7];
        try (Connection replica = DriverManager.getConnection("jdbc:sqlite:" + args[6])) {
            String since;
            try (Statement statement = replica.createStatement();
                 // The watermark replicate stored (a max() over the table would read all of it: no index).
                 ResultSet rs = statement.executeQuery("SELECT last_value FROM _replicate_watermarks WHERE target = '" + target + "'")) {
                rs.next();
                since = rs.getString(1);
            }
            try (Statement statement = replica.createStatement()) {
                statement.execute("PRAGMA synchronous = NORMAL");
                statement.execute("PRAGMA cache_size = -65536");
            }
            replica.setAutoCommit(false);
            int rows = 0;
            try (Connection source = connect(kind, args);
                 PreparedStatement read = source.prepareStatement("SELECT * FROM " + table
                         + " WHERE updated_at > " + (kind.equals("postgres") ? "?::timestamptz" : "?")
                         + " ORDER BY updated_at, id", ResultSet.TYPE_FORWARD_ONLY, ResultSet.CONCUR_READ_ONLY)) {
                read.setFetchSize(kind.equals("postgres") ? 1000 : Integer.MIN_VALUE);
                read.setString(1, kind.equals("postgres") ? since : since.replace('T', ' ').replace("Z", "").replace("+00:00", ""));
                try (ResultSet rs = read.executeQuery()) {
                    int columns = rs.getMetaData().getColumnCount();
                    StringBuilder sql = new StringBuilder("INSERT INTO \"" + target + "\" VALUES (?" + ",?".repeat(columns - 1)
                            + ") ON CONFLICT (id) DO UPDATE SET ");
                    for (int i = 2; i <= columns; i++) {
                        String name = rs.getMetaData().getColumnName(i);
                        sql.append(i > 2 ? ", " : "").append('"').append(name).append("\" = excluded.\"").append(name).append('"');
                    }
                    try (PreparedStatement upsert = replica.prepareStatement(sql.toString())) {
                        NativeDB db = (NativeDB) ((CoreStatement) upsert).getDatabase();
                        long pointer = ((CoreStatement) upsert).pointer.safeRunLong((database, handle) -> handle);
                        while (rs.next()) {
                            check(db, db.bind_long(pointer, 1, rs.getLong(1)));
                            for (int i = 2; i <= columns; i++) {
                                byte[] value = rs.getBytes(i);
                                check(db, value == null ? db.bind_null(pointer, i) : db.bind_text_utf8(pointer, i, value));
                            }
                            int rc = db.step(pointer);
                            if (rc != SQLITE_DONE) {
                                db.reset(pointer);
                                db.throwex(rc);
                            }
                            db.reset(pointer);
                            rows++;
                        }
                    }
                }
            }
            replica.commit();
            replica.setAutoCommit(true);
            try (Statement statement = replica.createStatement()) {
                statement.execute("PRAGMA wal_checkpoint(TRUNCATE)");
            }
            System.out.println(rows);
        }
    }

    private static Connection connect(String kind, String[] args) throws SQLException {
        Properties properties = new Properties();
        properties.setProperty("user", args[3]);
        String hostPort = args[1] + ":" + args[2];
        if (kind.equals("postgres")) {
            return new org.postgresql.Driver().connect("jdbc:postgresql://" + hostPort + "/" + args[4], properties);
        }
        // replicate's fixed Connector/J properties that touch the wire (MysqlConnector)
        properties.setProperty("characterEncoding", "UTF-8");
        properties.setProperty("connectionTimeZone", "UTC");
        properties.setProperty("forceConnectionTimeZoneToSession", "false");
        properties.setProperty("useServerPrepStmts", "false");
        return new com.mysql.cj.jdbc.Driver().connect("jdbc:mysql://" + hostPort + "/" + args[4], properties);
    }

    private static void check(NativeDB db, int rc) throws SQLException {
        if (rc != 0) {
            db.throwex(rc);
        }
    }
}
