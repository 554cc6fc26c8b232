package org.sqlite.core;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.io.FileInputStream;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
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
 * <p>The design floor (with {@code SQL.properties} and {@code CONFIG.json}): the same, and what the design
 * requires of every run on top of it, each in its least form: the configuration read (gson parses the
 * file), the session's settings that keep values exact and the catalog queries that catch a changed table
 * (replicate's own statements, from {@link DesignSql}, their rows read as replicate reads them), and the
 * new watermark stored in the rows' transaction, so that a crash loses nothing. Still no cursor over
 * equal watermarks, no reader thread, no conversions, no run log.
 *
 * <p>Prints one line: the rows upserted.
 *
 * <p>Usage: {@code java org.sqlite.core.IncrementalFloor postgres|mysql HOST PORT USER DATABASE TABLE REPLICA.db TARGET [SQL.properties CONFIG.json]}
 */
public final class IncrementalFloor {
    public static void main(String[] args) throws Exception {
        String kind = args[0];
        String table = args[5];
        String target = args[7];
        Properties design = null;
        if (args.length > 9) {
            design = new Properties();
            try (InputStream in = new FileInputStream(args[8])) {
                design.load(in);
            }
            if (!com.google.gson.JsonParser.parseString(Files.readString(Path.of(args[9]))).isJsonObject()) {
                throw new IllegalArgumentException(args[9] + " is not a configuration");
            }
        }
        try (Connection replica = ReplicaFile.open(args[6])) {
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
            byte[] watermark = null;
            try (Connection source = SourceLogin.connect(kind, args)) {
                if (design != null) {
                    DesignGuarantees.ask(kind, source, design, args[4], java.util.List.of(table));
                }
                try (PreparedStatement read = source.prepareStatement("SELECT * FROM " + table
                        + " WHERE updated_at > " + (kind.equals("postgres") ? "?::timestamptz" : "?")
                        + " ORDER BY updated_at, id", ResultSet.TYPE_FORWARD_ONLY, ResultSet.CONCUR_READ_ONLY)) {
                    read.setFetchSize(kind.equals("postgres") ? 1000 : Integer.MIN_VALUE);
                    read.setString(1, kind.equals("postgres") ? since : since.replace('T', ' ').replace("Z", "").replace("+00:00", ""));
                    try (ResultSet rs = read.executeQuery()) {
                        NativeUpsert.Written written = NativeUpsert.all(replica, target, rs);
                        rows = written.rows();
                        watermark = written.watermark();
                    }
                }
            }
            if (design != null && watermark != null) {
                try (PreparedStatement state = replica.prepareStatement(
                        "UPDATE _replicate_watermarks SET last_value = ? WHERE target = ?")) {
                    state.setString(1, new String(watermark, java.nio.charset.StandardCharsets.UTF_8));
                    state.setString(2, target);
                    state.executeUpdate();
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

}
