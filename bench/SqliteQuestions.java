import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.Properties;

/**
 * What one of replicate's SQLite questions about a target costs in a fresh JVM (issue #17, the 500-table
 * figure): the two a run asked of every table before the twenty-first session (does the target exist, in
 * sqlite_master; its columns, by pragma_table_xinfo), asked of every table of a replica through sqlite-jdbc,
 * kept prepared as replicate keeps them, pass after pass; every other pass writes and commits a state row
 * before each table's questions, as a run's pages do. The first pass is what each run is: a cold JVM.
 *
 * <p>Usage (on a replica bench/many.sh synced, its tables mt_0001 ... mt_0500; the file is written to):
 * {@code java -cp target/lib/sqlite-jdbc-*.jar bench/SqliteQuestions.java COPY_OF_REPLICA.db [TABLES]}
 */
public final class SqliteQuestions {
    public static void main(String[] args) throws Exception {
        int tables = args.length > 1 ? Integer.parseInt(args[1]) : 500;
        try (Connection c = new org.sqlite.JDBC().connect("jdbc:sqlite:" + args[0], new Properties())) {
            try (Statement s = c.createStatement()) {
                s.execute("PRAGMA journal_mode = WAL");
            }
            PreparedStatement exists = c.prepareStatement(
                    "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ? COLLATE NOCASE");
            PreparedStatement columns = c.prepareStatement(
                    "SELECT name, hidden, pk, type FROM pragma_table_xinfo(?) WHERE hidden IN (0, 2, 3) ORDER BY cid");
            PreparedStatement state = c.prepareStatement("UPDATE _replicate_watermarks SET last_run_ts = ? WHERE target = ?");
            for (int pass = 0; pass < 6; pass++) {
                boolean write = pass % 2 == 1;
                long existsNanos = 0;
                long columnsNanos = 0;
                for (int i = 1; i <= tables; i++) {
                    String table = String.format("mt_%04d", i);
                    if (write) {
                        c.setAutoCommit(false);
                        state.setString(1, "pass " + pass);
                        state.setString(2, table);
                        state.executeUpdate();
                        c.commit();
                        c.setAutoCommit(true);
                    }
                    long t0 = System.nanoTime();
                    exists.setString(1, table);
                    try (ResultSet rs = exists.executeQuery()) {
                        rs.next();
                    }
                    long t1 = System.nanoTime();
                    columns.setString(1, table);
                    try (ResultSet rs = columns.executeQuery()) {
                        while (rs.next()) {
                            rs.getString(1);
                        }
                    }
                    long t2 = System.nanoTime();
                    existsNanos += t1 - t0;
                    columnsNanos += t2 - t1;
                }
                System.out.printf("pass %d%s: exists %.1f us, columns %.1f us a table%n", pass + 1,
                        write ? " (a commit before each table)" : "", existsNanos / 1e3 / tables, columnsNanos / 1e3 / tables);
            }
        }
    }
}
