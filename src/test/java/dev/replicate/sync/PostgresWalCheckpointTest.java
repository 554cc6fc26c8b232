package dev.replicate.sync;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.replicate.testing.CliRun;
import dev.replicate.testing.PostgresTestDatabase;
import dev.replicate.testing.TestDatabase;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Properties;
import org.junit.jupiter.api.Test;

/**
 * The write-ahead log after runs while an application keeps the replica open, so that no run is the
 * file's last connection and SQLite's own checkpoint at close never happens: each run empties the log
 * at its end (WalCheckpoint), and a reader inside a read transaction keeps its snapshot, the run ends
 * all the same, and the next run empties the log. (The engine's, not the source's: one source shows it.)
 */
class PostgresWalCheckpointTest extends SourceScenarios {
    PostgresWalCheckpointTest() {
        super("wal_");
    }

    @Override
    protected TestDatabase createDatabase() {
        return new PostgresTestDatabase();
    }

    @Test
    void withAReaderHoldingTheFileOpenEveryRunLeavesTheLogEmpty() throws Exception {
        createItems(true);
        for (int i = 1; i <= 300; i++) {
            insert(i, "2024-01-01 00:00:00", "row " + i);
        }
        Path config = config(tableBlock("\"pageSize\": 40"));
        runOk(config);
        try (Connection reader = open()) {
            for (int round = 1; round <= 25; round++) {
                db.execute("UPDATE " + q(table) + " SET name = 'round " + round + "', updated_at = "
                        + db.timestampLiteral("2024-01-02 00:00:" + String.format("%02d", round)) + " WHERE id % 25 = "
                        + (round % 25));
                runOk(config);
                assertEquals(0, walBytes(), "round " + round + ": the log is emptied");
                assertEquals(12L, count(reader, "name = 'round " + round + "'"), "the reader sees the run's rows");
            }
        }
    }

    @Test
    void aReaderInsideAReadTransactionKeepsItsSnapshotAndTheNextRunEmptiesTheLog() throws Exception {
        createItems(true);
        for (int i = 1; i <= 100; i++) {
            insert(i, "2024-01-01 00:00:00", "old");
        }
        Path config = config(tableBlock("\"pageSize\": 10"));
        runOk(config);
        try (Connection reader = open()) {
            reader.setAutoCommit(false);
            assertEquals(100L, count(reader, "name = 'old'"), "the reader's snapshot begins");
            db.execute("UPDATE " + q(table) + " SET name = 'new', updated_at = "
                    + db.timestampLiteral("2024-01-02 00:00:00") + " WHERE id <= 50");
            runOk(config);
            assertTrue(walBytes() > 0, "the log keeps what the reader's snapshot may still need");
            assertEquals(100L, count(reader, "name = 'old'"), "the reader's snapshot is whole and unchanged");
            reader.commit();
            assertEquals(50L, count(reader, "name = 'new'"), "a new transaction sees the run");
            reader.commit();
            runOk(config);
            assertEquals(0, walBytes(), "the next run emptied the log");
            assertEquals(50L, count(reader, "name = 'new'"));
        }
    }

    /**
     * A reader that never ends its read transaction (an application connection with autocommit off that
     * only reads, a {@code sqlite3} shell left inside BEGIN) keeps every run's checkpoint from emptying
     * the log, which then grows with every run until the disk is full, while that reader sees none of the
     * runs' rows. Every run ended with exit 0 and nothing said (a debug line only). A log that neither the
     * last run nor this one could empty is now said on stderr, once per run; a reader that ends its
     * transaction before the next run costs no warning.
     */
    @Test
    void aReaderInsideOneReadTransactionAcrossRunsIsSaid() throws Exception {
        createItems(true);
        for (int i = 1; i <= 100; i++) {
            insert(i, "2024-01-01 00:00:00", "old");
        }
        Path config = config(tableBlock("\"pageSize\": 10"));
        runOk(config);
        try (Connection reader = open()) {
            reader.setAutoCommit(false);
            assertEquals(100L, count(reader, "name = 'old'"), "the reader's snapshot begins");
            for (int round = 1; round <= 3; round++) {
                db.execute("UPDATE " + q(table) + " SET name = 'round " + round + "', updated_at = "
                        + db.timestampLiteral("2024-01-02 00:00:0" + round) + " WHERE id <= 50");
                CliRun run = runOk(config);
                if (round == 1) {
                    assertEquals("", run.err, "one run the reader outlasts is no trouble yet");
                } else {
                    assertTrue(run.err.contains("could not be emptied at the end of this run nor of the last")
                            && run.err.contains(replicaPath() + "-wal")
                            && run.err.contains("a reader has stayed inside one read transaction"), run.err);
                }
            }
            reader.commit();
            CliRun after = runOk(config);
            assertEquals("", after.err, "once it ends, the next run empties the log without a word");
            assertEquals(0, walBytes());
        }
    }

    /** SQLite keeps the log beside the file a symlink leads to, not beside the symlink: that log is emptied. */
    @Test
    void aReplicaReachedThroughASymlinkHasItsOwnLogEmptied() throws Exception {
        createItems(true);
        for (int i = 1; i <= 50; i++) {
            insert(i, "2024-01-01 00:00:00", "row " + i);
        }
        Path config = config(tableBlock(""));
        runOk(config);
        Path link = replicaPath().resolveSibling("link-to-" + replicaPath().getFileName());
        Files.createSymbolicLink(link, replicaPath().getFileName());
        try (Connection reader = open()) {
            assertEquals(50L, count(reader, "true"));
            db.execute("UPDATE " + q(table) + " SET name = 'via the link', updated_at = "
                    + db.timestampLiteral("2024-01-02 00:00:00") + " WHERE id <= 10");
            CliRun run = CliRun.run(replicaPath().getParent(), "run", "--force", "--config", config.toString(), "--db",
                    link.toString());
            assertEquals(0, run.status, run::toString);
            assertEquals(10L, count(reader, "name = 'via the link'"));
            assertEquals(0, walBytes(), "the log beside the file itself");
        }
    }

    /** An application's connection: no busy timeout, so that one wait would be a refusal. */
    private Connection open() throws SQLException {
        Properties properties = new Properties();
        properties.setProperty("busy_timeout", "0");
        return DriverManager.getConnection("jdbc:sqlite:" + replicaPath(), properties);
    }

    private long count(Connection reader, String where) throws SQLException {
        try (Statement statement = reader.createStatement();
             ResultSet rs = statement.executeQuery("SELECT count(*) FROM \"" + table + "\" WHERE " + where)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    private long walBytes() throws IOException {
        Path wal = replicaPath().resolveSibling(replicaPath().getFileName() + "-wal");
        return Files.exists(wal) ? Files.size(wal) : 0;
    }
}
