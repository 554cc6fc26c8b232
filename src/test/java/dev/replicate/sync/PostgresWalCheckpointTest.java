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
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;
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
        Path config = hundredOldItems();
        runOk(config);
        try (Connection reader = open()) {
            reader.setAutoCommit(false);
            assertEquals(100L, count(reader, "name = 'old'"), "the reader's snapshot begins");
            changeHalf("new", "2024-01-02 00:00:00");
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
     * runs' rows. Every run ended with exit 0 and nothing said (a debug line only). A log that no run has
     * emptied for ten minutes is now said on stderr, once per run; a reader that outlasts a few runs (a
     * report of two minutes with cron every minute) and one that ends its transaction cost no warning,
     * and the count starts anew once a run empties the log.
     */
    @Test
    void aReaderInsideOneReadTransactionForTenMinutesOfRunsIsSaid() throws Exception {
        Path config = hundredOldItems();
        Instant start = Instant.parse("2026-01-05T10:00:00Z");
        runOkAt(config, start);
        try (Connection reader = open()) {
            reader.setAutoCommit(false);
            assertEquals(100L, count(reader, "name = 'old'"), "the reader's snapshot begins");
            int[] minutes = {1, 2, 6, 11, 12};
            for (int round = 1; round <= minutes.length; round++) {
                changeHalf("round " + round, "2024-01-02 00:00:0" + round);
                CliRun run = runOkAt(config, start.plusSeconds(60L * minutes[round - 1]));
                if (minutes[round - 1] < 11) {
                    assertEquals("", run.err, "minute " + minutes[round - 1] + ": a reader outlasting a few runs is"
                            + " no trouble yet");
                } else {
                    assertTrue(run.err.contains("no run has emptied it for " + (minutes[round - 1] - 1)
                            + " minutes (since 2026-01-05T10:01:00Z)")
                            && run.err.contains(replicaPath() + "-wal")
                            && run.err.contains("a reader has stayed inside one read transaction"), run.err);
                }
            }
            reader.commit();
            CliRun after = runOkAt(config, start.plusSeconds(60L * 13));
            assertEquals("", after.err, "once it ends, the next run empties the log without a word");
            assertEquals(0, walBytes());
            assertEquals(50L, count(reader, "name = 'round 5'"));
            // Held again: counted from this run's end, not from the first reader's.
            changeHalf("later", "2024-01-03 00:00:00");
            CliRun later = runOkAt(config, start.plusSeconds(60L * 25));
            assertEquals("", later.err);
            reader.commit();
        }
    }

    /**
     * A cron job of working hours ({@code * 8-18 * * 1-5}): the day's last run meets a report and cannot empty
     * the log, and the line it leaves outlives the night without runs. The next morning's first run that met
     * any read of over half a second warned that no run had emptied the log for 781 minutes. A stretch without
     * busy runs longer than the warning's 10 minutes says nothing of a reader held across runs: the count
     * starts anew, and a reader held from then on is said 10 minutes later.
     */
    @Test
    void aBusyCheckpointAfterANightWithoutRunsIsNoWarning() throws Exception {
        Path config = hundredOldItems();
        Instant evening = Instant.parse("2026-01-05T18:59:00Z");
        runOkAt(config, evening.minusSeconds(60));
        try (Connection reader = open()) {
            reader.setAutoCommit(false);
            assertEquals(100L, count(reader, "name = 'old'"), "the report's snapshot begins");
            changeHalf("evening", "2024-01-02 00:00:00");
            assertEquals("", runOkAt(config, evening).err);
            assertTrue(walBytes() > 0, "the report kept the day's last run from emptying the log");
            reader.commit();

            Instant morning = Instant.parse("2026-01-06T08:00:00Z");
            assertEquals(50L, count(reader, "name = 'evening'"), "a read of the morning begins");
            int[] minutes = {0, 5, 10};
            for (int round = 1; round <= minutes.length; round++) {
                changeHalf("morning " + round, "2024-01-03 00:00:0" + round);
                CliRun run = runOkAt(config, morning.plusSeconds(60L * minutes[round - 1]));
                if (minutes[round - 1] < 10) {
                    assertEquals("", run.err, "minute " + minutes[round - 1] + " of the morning: the evening's"
                            + " report is no reader held across runs");
                } else {
                    assertTrue(run.err.contains("no run has emptied it for 10 minutes (since 2026-01-06T08:00:00Z)"),
                            run.err);
                }
            }
            reader.commit();
        }
    }

    /**
     * A log another command left (reset here; verify --repair, a state migration, a killed run, the
     * application's own writes alike) while an application keeps the file open says nothing of readers:
     * one run's checkpoint a report holds up is no trouble. The size of the log as the run began was taken
     * for the last run's checkpoint having failed, and the run warned of a reader stuck across runs.
     */
    @Test
    void aLogAResetLeftAndOneHeldReadAreNoWarning() throws Exception {
        Path config = hundredOldItems();
        runOk(config);
        try (Connection reader = open()) {
            assertEquals(100L, count(reader, "true"));
            runOk(config);
            assertEquals(0, walBytes(), "the runs empty the log");
            CliRun reset = CliRun.on(dir, "reset", config, replicaPath(), table);
            assertEquals(0, reset.status, reset::toString);
            assertTrue(walBytes() > 0, "the reset's writes stay in the log while the application keeps the file open");
            reader.setAutoCommit(false);
            try (Statement statement = reader.createStatement();
                 ResultSet rs = statement.executeQuery("SELECT count(*) FROM sqlite_master")) {
                assertTrue(rs.next(), "the reader's snapshot begins");
            }
            CliRun run = runOk(config);
            assertEquals("", run.err, "one held read is no trouble");
            reader.commit();
            assertEquals(100L, count(reader, "true"));
            reader.commit();
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

    /** {@link #runOk} at {@code now} by the run's clock. */
    /** 100 rows named old at one watermark, and a configuration of pages of 10: what the reader tests start from. */
    private Path hundredOldItems() throws Exception {
        createItems(true);
        for (int i = 1; i <= 100; i++) {
            insert(i, "2024-01-01 00:00:00", "old");
        }
        return config(tableBlock("\"pageSize\": 10"));
    }

    /** Rows 1-50 get {@code name} and a new watermark at the source: a run writes them. */
    private void changeHalf(String name, String updatedAt) throws Exception {
        db.execute("UPDATE " + q(table) + " SET name = '" + name + "', updated_at = "
                + db.timestampLiteral(updatedAt) + " WHERE id <= 50");
    }

    private CliRun runOkAt(Path config, Instant now) {
        CliRun result = CliRun.run(dir, Map.of(), false, Clock.fixed(now, ZoneOffset.UTC), "run", "--force",
                "--config", config.toString(), "--db", replicaPath().toString());
        assertEquals(0, result.status, result::toString);
        return result;
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
