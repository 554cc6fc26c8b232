package dev.replicate.sqlite;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The page cache a first sync's append narrows, and gives back for the rest of the run. */
class ReplicaCacheTest {
    @TempDir
    Path dir;

    @Test
    void anAppendNarrowsTheCacheUntilItEndsWithoutTouchingThePagesTransaction() throws Exception {
        try (Replica replica = Replica.openForWriting(dir.resolve("replica.db"))) {
            assertEquals(-Replica.CACHE_KIB, cacheSize(replica));
            try (Statement statement = replica.connection().createStatement()) {
                statement.execute("CREATE TABLE t (id INTEGER PRIMARY KEY)");
            }
            replica.commit();
            try (Statement statement = replica.connection().createStatement()) {
                statement.execute("INSERT INTO t VALUES (1)");
            }
            try (AutoCloseable appending = replica.appending()) {
                assertEquals(-Replica.APPEND_CACHE_KIB, cacheSize(replica));
                try (Statement statement = replica.connection().createStatement()) {
                    statement.execute("INSERT INTO t VALUES (2)");
                }
            }
            assertEquals(-Replica.CACHE_KIB, cacheSize(replica));
            // The page's transaction went on through both pragmas: a rollback still takes back both rows.
            replica.rollbackQuietly();
            try (Statement statement = replica.connection().createStatement();
                 ResultSet rs = statement.executeQuery("SELECT count(*) FROM t")) {
                rs.next();
                assertEquals(0, rs.getInt(1));
            }
        }
    }

    private static int cacheSize(Replica replica) throws SQLException {
        try (Statement statement = replica.connection().createStatement();
             ResultSet rs = statement.executeQuery("PRAGMA cache_size")) {
            rs.next();
            return rs.getInt(1);
        }
    }
}
