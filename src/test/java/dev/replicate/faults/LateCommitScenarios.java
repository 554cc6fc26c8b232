package dev.replicate.faults;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.replicate.testing.CliRun;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/**
 * Rows that commit out of watermark order: writers whose transactions stay open stamp rows with the
 * transaction's start time, or take sequence ids early, and commit after rows with later values were
 * already pulled. Runs follow each other every fraction of a second; with a lookback longer than the
 * longest transaction, nothing is lost and nothing is duplicated, with and without a primary key.
 */
public abstract class LateCommitScenarios extends FaultScenarioBase {
    private static final int WRITERS = 4;
    /** The longest a writer keeps its transaction open on purpose; the lookback is well above it. */
    private static final int MAX_OPEN_MILLIS = 900;
    private static final long LOOKBACK_SECONDS = 4;
    /** Ids the sequence hands out while the longest transaction is open stay far below this. */
    private static final int LOOKBACK_IDS = 2_000;

    @Test
    void lateCommitsWithinTheLookbackAreNeitherLostNorDuplicated() throws Exception {
        Seeded.run("late-commits", random -> {
            String keyed = "late_keyed";
            String appendOnly = "late_append";
            db.execute("CREATE TABLE " + q(keyed) + " (" + faults.sequenceColumn("id") + " PRIMARY KEY, updated_at "
                    + faults.transactionTimestampType() + " NOT NULL, v BIGINT NOT NULL, payload VARCHAR(200))");
            db.execute("CREATE TABLE " + q(appendOnly) + " (" + faults.sequenceColumn("id")
                    + ", v BIGINT NOT NULL, payload VARCHAR(200))");
            Path config = config(sourceJson(
                    tableJson(keyed, "\"pageSize\": 20, \"lookback\": \"PT" + LOOKBACK_SECONDS + "S\""),
                    "{\"name\": \"" + appendOnly + "\", \"watermark\": \"id\", \"primaryKey\": [], \"pageSize\": 20,"
                            + " \"lookback\": " + LOOKBACK_IDS + "}"));

            AtomicBoolean stop = new AtomicBoolean();
            AtomicReference<Exception> failure = new AtomicReference<>();
            AtomicInteger lateCommits = new AtomicInteger();
            AtomicLong longestMillis = new AtomicLong();
            AtomicLong maxIdsDuringTx = new AtomicLong();
            List<Thread> writers = new ArrayList<>();
            for (int w = 0; w < WRITERS; w++) {
                int writer = w;
                Random own = new Random(random.nextLong());
                Thread thread = new Thread(() -> {
                    try {
                        write(writer, own, keyed, appendOnly, stop, lateCommits, longestMillis, maxIdsDuringTx);
                    } catch (Exception e) {
                        failure.compareAndSet(null, e);
                    }
                }, "late-writer-" + w);
                writers.add(thread);
                thread.start();
            }
            int runs = 0;
            long end = System.currentTimeMillis() + 6_000L * Seeded.soak();
            try {
                while (System.currentTimeMillis() < end && failure.get() == null) {
                    CliRun result = run(config, replica());
                    assertEquals(0, result.status, result::toString);
                    runs++;
                    sleep(50 + random.nextInt(250));
                }
            } finally {
                stop.set(true);
                for (Thread thread : writers) {
                    thread.join();
                }
            }
            if (failure.get() != null) {
                throw failure.get();
            }
            runOk(config, replica());
            System.out.println("[faults] late-commits: " + runs + " runs, " + lateCommits + " late commits, longest"
                    + " transaction " + longestMillis + " ms, at most " + maxIdsDuringTx + " ids taken meanwhile");
            assertTrue(lateCommits.get() > 0, "no transaction committed behind a newer watermark; the scenario proves"
                    + " nothing");
            assertTrue(longestMillis.get() < LOOKBACK_SECONDS * 1000, "a transaction stayed open " + longestMillis
                    + " ms, longer than the lookback: the machine stalled; the guarantee does not cover this");
            assertTrue(maxIdsDuringTx.get() < LOOKBACK_IDS, "more ids than the lookback were taken meanwhile");
            assertReplicaEqualsSource(replica(), keyed);
            assertReplicaEqualsSource(replica(), appendOnly);
            assertIntegrityOk(replica());
        });
    }

    /** One writer: transactions that insert early, stay open, update their own rows, and commit late. */
    private void write(int writer, Random random, String keyed, String appendOnly, AtomicBoolean stop,
                       AtomicInteger lateCommits, AtomicLong longestMillis, AtomicLong maxIdsDuringTx)
            throws SQLException, InterruptedException {
        List<Long> mine = new ArrayList<>();
        try (Connection connection = db.connect(); Statement statement = connection.createStatement()) {
            connection.setAutoCommit(false);
            while (!stop.get()) {
                long started = System.nanoTime();
                for (String sql : faults.atTransactionStart()) {
                    statement.execute(sql);
                }
                long firstId = Long.MAX_VALUE;
                List<Long> inserted = new ArrayList<>();
                for (int i = random.nextInt(3); i >= 0; i--) {
                    statement.execute("INSERT INTO " + q(keyed) + " (updated_at, v, payload) VALUES ("
                            + faults.transactionTimestamp() + ", 0, 'writer " + writer + "')", Statement.RETURN_GENERATED_KEYS);
                    try (ResultSet keys = statement.getGeneratedKeys()) {
                        keys.next();
                        inserted.add(keys.getLong(1));
                    }
                }
                for (int i = random.nextInt(3); i >= 0; i--) {
                    statement.execute("INSERT INTO " + q(appendOnly) + " (v, payload) VALUES (" + writer
                            + ", 'appended by " + writer + "')", Statement.RETURN_GENERATED_KEYS);
                    try (ResultSet keys = statement.getGeneratedKeys()) {
                        keys.next();
                        firstId = Math.min(firstId, keys.getLong(1));
                    }
                }
                Thread.sleep(random.nextInt(MAX_OPEN_MILLIS * 2 / 3));
                if (!mine.isEmpty()) {
                    // Only this writer's rows: no lock waits, so a transaction lasts what it means to.
                    StringBuilder ids = new StringBuilder();
                    for (int i = random.nextInt(4); i >= 0; i--) {
                        ids.append(ids.length() == 0 ? "" : ", ").append(mine.get(random.nextInt(mine.size())));
                    }
                    statement.executeUpdate("UPDATE " + q(keyed) + " SET v = v + 1, updated_at = "
                            + faults.transactionTimestamp() + " WHERE id IN (" + ids + ")");
                }
                Thread.sleep(random.nextInt(MAX_OPEN_MILLIS / 3));
                try (ResultSet rs = statement.executeQuery("SELECT count(*) FROM " + q(keyed) + " WHERE updated_at > "
                        + faults.transactionTimestamp())) {
                    rs.next();
                    if (rs.getLong(1) > 0) {
                        lateCommits.incrementAndGet();
                    }
                }
                long maxId;
                try (ResultSet rs = statement.executeQuery("SELECT max(id) FROM " + q(appendOnly))) {
                    rs.next();
                    maxId = rs.getLong(1);
                }
                connection.commit();
                mine.addAll(inserted);
                longestMillis.accumulateAndGet((System.nanoTime() - started) / 1_000_000, Math::max);
                if (firstId != Long.MAX_VALUE) {
                    maxIdsDuringTx.accumulateAndGet(maxId - firstId, Math::max);
                }
            }
        }
    }
}
