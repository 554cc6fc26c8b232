package dev.replicate.faults;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Collections;
import java.util.List;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * Applications read the replica while runs write it. They are never refused (no SQLITE_BUSY, even
 * with no busy timeout at all) and never see half a page. The table's rows have distinct watermarks
 * equal to their ids, so what a reader may see is exactly: the first k pages (most of them pageSize
 * rows: a page the source keeps waiting 100 ms in all commits short), rows 1..count without gaps, and a stored position that is the
 * newest row's: its watermark, or, while a first sync reads in key order, its key. A half-applied
 * page, rows committed without their position or a position without its rows all break one of
 * these. Both first syncs are watched: in key order (a key at the source) and in watermark order (a
 * key given in the configuration only).
 */
public abstract class ReaderScenarios extends FaultScenarioBase {
    private String table;
    /**
     * Larger than a chunk of the reader's rows (RowPipeline.CHUNK_ROWS, 512), so that a page is written
     * from more than one chunk and a run that committed after every chunk would show here.
     */
    private static final int PAGE = 1000;
    /** Not a multiple of the page size: the last page is a short one. */
    private static final int ROWS = 30_100;
    /** Row counts seen after a page shorter than PAGE, committed while the source kept the next rows waiting. */
    private final Set<Long> shortPages = Collections.synchronizedSet(new TreeSet<>());

    private String snapshotQuery() {
        return "SELECT (SELECT count(*) FROM \"" + table + "\"), (SELECT max(id) FROM \"" + table + "\"),"
                + " (SELECT coalesce(last_value, 'snapshot after ' || snapshot_after) FROM _replicate_watermarks"
                + " WHERE target = '" + table + "')";
    }

    @Test
    void readersAreNeverRefusedAndNeverSeeAHalfAppliedPageOfAFirstSyncInKeyOrder() throws Exception {
        table = "read_items";
        createTable(table, true);
        insertRows(table, 1, ROWS, 1);
        readWhileTheFirstSyncRuns(config(sourceJson(tableJson(table, "\"pageSize\": " + PAGE))));
    }

    @Test
    void readersAreNeverRefusedAndNeverSeeAHalfAppliedPageOfAFirstSyncInWatermarkOrder() throws Exception {
        table = "read_items_by_watermark";
        createTable(table, false);
        insertRows(table, 1, ROWS, 1);
        readWhileTheFirstSyncRuns(config(sourceJson(tableJson(table, "\"pageSize\": " + PAGE
                + ", \"primaryKey\": [\"id\"]"))));
    }

    private void readWhileTheFirstSyncRuns(Path config) throws Exception {

        // The replica exists before the readers start (an application opens an existing file).
        ChildReplicate run = child(config, replica());
        while (run.alive() && countOrZero(replica(), table) == 0) {
            sleep(2);
        }
        AtomicBoolean stop = new AtomicBoolean();
        // The long-lived reader stops last: whichever connection closes last checkpoints and removes the
        // WAL under an exclusive lock (SQLite's rule), which would refuse a reader opening at that instant.
        // That is the readers' own goodbye, not the run's, so the test keeps it out of the measured window.
        AtomicBoolean stopLongLived = new AtomicBoolean();
        ConcurrentLinkedQueue<String> problems = new ConcurrentLinkedQueue<>();
        Set<Long> seen = Collections.synchronizedSet(new TreeSet<>());
        AtomicInteger reads = new AtomicInteger();
        List<Thread> readers = List.of(
                new Thread(() -> readWithFreshConnections(stop, problems, seen, reads), "reader-fresh"),
                new Thread(() -> readWithOneConnection(stopLongLived, problems, seen, reads), "reader-long-lived"),
                new Thread(() -> readWithSqliteCli(stop, problems, seen, reads), "reader-sqlite3"));
        readers.forEach(Thread::start);
        int status = run.waitFor(180);
        // Keep reading a little after the end: the run's closing checkpoint is a moment of its own.
        sleep(300);
        stop.set(true);
        for (Thread reader : readers) {
            if (!reader.getName().equals("reader-long-lived")) {
                reader.join();
            }
        }
        stopLongLived.set(true);
        for (Thread reader : readers) {
            reader.join();
        }
        assertEquals(0, status, run::output);
        assertEquals(List.of(), List.copyOf(problems), "what readers met");
        System.out.println("[faults] readers: " + reads + " reads, " + seen.size() + " distinct row counts seen, "
                + shortPages.size() + " of them after a short page");
        // A short page is the exception (the source kept the page waiting 100 ms in all): a run that
        // committed after every chunk, or after every wait however short, would make most states short.
        assertTrue(shortPages.size() * 4 <= seen.size(), () -> "too many states after a short page: "
                + shortPages + " of " + seen);
        assertTrue(seen.size() >= 5, "the readers saw too few states of the run to prove anything: " + seen);
        assertTrue(seen.contains((long) ROWS), "the readers never saw the finished table: " + seen);
        assertReplicaEqualsSource(replica(), table);
    }

    private void check(String reader, long count, long maxId, String watermark, ConcurrentLinkedQueue<String> problems,
                       Set<Long> seen) {
        if (problems.size() > 20) {
            return; // enough to tell what went wrong
        }
        seen.add(count);
        // The first sync reads in key order every row below its boundary (the newest watermark, that of
        // the last row), so its last page holds the rest but one; the cursor read then adds that one.
        boolean snapshotEnd = count == ROWS - 1;
        // A page may be shorter than PAGE: the run commits the rows it has when the source keeps the next
        // ones waiting (PageCopy), which a busy test machine can make happen. The stored position below
        // must still be exactly that of the newest row the reader sees, which a half-applied page breaks.
        if (count % PAGE != 0 && count != ROWS && !snapshotEnd) {
            shortPages.add(count);
        }
        if (count != maxId) {
            problems.add(reader + " saw " + count + " rows but max(id) " + maxId + ": rows missing or out of order");
        }
        // Committed with each page: the watermark it reached, or, while a first sync reads in key order,
        // its last key; once the snapshot is done, the cursor stands at the boundary, its watermark excluded.
        boolean snapshotting = watermark != null && watermark.startsWith("snapshot after ");
        String expected = count == 0 ? null : snapshotting ? "snapshot after " + maxId : tick(maxId).toString();
        if (snapshotEnd && !snapshotting && tick(ROWS).toString().equals(watermark)) {
            expected = watermark;
        }
        if (count > 0 && !String.valueOf(expected).equals(String.valueOf(watermark))) {
            problems.add(reader + " saw " + count + " rows with the stored watermark " + watermark + ", not " + expected);
        }
    }

    /** No busy timeout: a reader that had to wait would be refused at once, and reported. */
    private static Properties noWaiting() {
        Properties properties = new Properties();
        properties.setProperty("busy_timeout", "0");
        return properties;
    }

    private void readWithFreshConnections(AtomicBoolean stop, ConcurrentLinkedQueue<String> problems, Set<Long> seen,
                                          AtomicInteger reads) {
        while (!stop.get()) {
            try (Connection connection = DriverManager.getConnection("jdbc:sqlite:" + replica(), noWaiting());
                 Statement statement = connection.createStatement(); ResultSet rs = statement.executeQuery(snapshotQuery())) {
                rs.next();
                check("a fresh connection", rs.getLong(1), rs.getLong(2), rs.getString(3), problems, seen);
                reads.incrementAndGet();
            } catch (SQLException e) {
                problems.add("a fresh connection was refused: " + e.getMessage());
            }
        }
    }

    private void readWithOneConnection(AtomicBoolean stop, ConcurrentLinkedQueue<String> problems, Set<Long> seen,
                                       AtomicInteger reads) {
        try (Connection connection = DriverManager.getConnection("jdbc:sqlite:" + replica(), noWaiting());
             Statement statement = connection.createStatement()) {
            while (!stop.get()) {
                try (ResultSet rs = statement.executeQuery(snapshotQuery())) {
                    rs.next();
                    check("a long-lived connection", rs.getLong(1), rs.getLong(2), rs.getString(3), problems, seen);
                    reads.incrementAndGet();
                } catch (SQLException e) {
                    problems.add("a long-lived connection was refused: " + e.getMessage());
                }
            }
        } catch (SQLException e) {
            problems.add("a long-lived connection could not open: " + e.getMessage());
        }
    }

    /** The sqlite3 shell, where installed: another process, another SQLite build, no busy timeout. */
    private void readWithSqliteCli(AtomicBoolean stop, ConcurrentLinkedQueue<String> problems, Set<Long> seen,
                                   AtomicInteger reads) {
        if (!Files.isExecutable(Path.of("/usr/bin/sqlite3"))) {
            return;
        }
        while (!stop.get()) {
            try {
                Process process = new ProcessBuilder("/usr/bin/sqlite3", "-separator", "|", replica().toString(),
                        snapshotQuery()).redirectErrorStream(true).start();
                String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
                if (!process.waitFor(10, TimeUnit.SECONDS) || process.exitValue() != 0 || !output.matches("\\d+\\|\\d*\\|.*")) {
                    problems.add("sqlite3 was refused: " + output);
                    continue;
                }
                String[] parts = output.split("\\|", -1);
                check("sqlite3", Long.parseLong(parts[0]), parts[1].isEmpty() ? 0 : Long.parseLong(parts[1]),
                        parts[2].isEmpty() ? null : parts[2], problems, seen);
                reads.incrementAndGet();
            } catch (IOException | InterruptedException e) {
                problems.add("sqlite3 could not run: " + e);
                return;
            }
        }
    }
}
