package dev.replicate.faults;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.replicate.sqlite.ReplicaLock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Cron starts a run every minute whether or not the last one finished. A second run on the same file
 * steps aside at once (exit 75), silently unless asked, and touches nothing; a lock left behind by a
 * killed run never blocks the next. Both sides are real processes, so the OS lock is the real one.
 */
public abstract class OverlapScenarios extends FaultScenarioBase {
    private static final String TABLE = "overlap_items";
    private static final int ROWS = 40_000;
    private Path config;

    private Path prepare(String table) {
        createTable(table, true);
        insertRows(table, 1, ROWS, 2);
        return config(sourceJson(tableJson(table, "\"pageSize\": 100")));
    }

    /** Starts a run and returns once it has committed a first page, so it surely holds the lock. */
    private ChildReplicate startAndWaitForFirstPage(Path config, String table) throws Exception {
        ChildReplicate first = child(config, replica());
        while (first.alive() && countOrZero(replica(), table) == 0) {
            sleep(5);
        }
        assertTrue(first.alive(), () -> "the first run ended before a second could overlap it: " + first.output());
        return first;
    }

    @Test
    void aSecondRunWhileTheFirstWorksStepsAsideAtOnceSaysWhyOnlyWhenVerboseAndChangesNothing() throws Exception {
        String held = TABLE + "_held";
        createTable(TABLE, true);
        insertRows(TABLE, 1, 5_000, 2);
        createTable(held, true);
        insertRows(held, 1, 3_000, 2);
        config = config(sourceJson(tableJson(TABLE, "\"pageSize\": 100"), tableJson(held, "\"pageSize\": 100")));
        ChildReplicate first;
        ChildReplicate quiet;
        ChildReplicate verbose;
        int quietStatus;
        int verboseStatus;
        // The first run copies the first table, then waits at the source for the second one until the
        // lock is released: it is caught mid-run however fast the machine is.
        try (AutoCloseable lock = faults.blockReads(held)) {
            first = child(config, replica());
            while (first.alive() && countOrZero(replica(), TABLE) < 5_000) {
                sleep(5);
            }
            assertTrue(first.alive(), () -> "the first run ended early: " + first.output());
            quiet = child(config, replica());
            verbose = child(config, replica(), "-v");
            quietStatus = quiet.waitFor(30);
            verboseStatus = verbose.waitFor(30);
            assertTrue(first.alive(), () -> "the first run ended early: " + first.output());
        }

        assertEquals(75, quietStatus, quiet::output);
        assertEquals("", quiet.out() + quiet.err(), "a run that steps aside prints nothing without -v (cron mails output)");
        assertEquals(75, verboseStatus, verbose::output);
        assertTrue(verbose.err().contains("another run holds the lock on " + replica()), verbose::output);

        assertEquals(0, first.waitFor(120), first::output);
        assertReplicaEqualsSource(replica(), TABLE);
        assertReplicaEqualsSource(replica(), held);
        assertIntegrityOk(replica());
        assertEquals(List.of(List.of(TABLE, 5_000L, 1L), List.of(held, 3_000L, 1L)),
                sqlite(replica(), "SELECT target, rows_pulled, ok FROM _replicate_log ORDER BY id"),
                "only the first run may leave a trace in the log");
    }

    /**
     * Issue #14: a second run on the same file through a symlink (or a `..` path) used to take a lock
     * file of its own beside the link and then meet the first run inside SQLite ("database is locked",
     * exit 74, or a table failed on SQLITE_BUSY), printing it. It must step aside like any second run.
     */
    @Test
    void aSecondRunThroughASymlinkOrDotDotStepsAsideSilentlyToo() throws Exception {
        String table = TABLE + "_alias";
        String held = table + "_held";
        createTable(table, true);
        insertRows(table, 1, 2_000, 2);
        createTable(held, true);
        insertRows(held, 1, 1_000, 2);
        config = config(sourceJson(tableJson(table, "\"pageSize\": 100"), tableJson(held, "\"pageSize\": 100")));
        Path links = Files.createDirectory(work.resolve("links"));
        Path link = Files.createSymbolicLink(links.resolve("linked.db"), replica());
        Files.createDirectories(replica().resolveSibling("sub"));
        List<Path> aliases = List.of(link, replica().resolveSibling("sub").resolve("..").resolve(replica().getFileName()));
        ChildReplicate first;
        try (AutoCloseable lock = faults.blockReads(held)) {
            first = child(config, replica());
            while (first.alive() && countOrZero(replica(), table) < 2_000) {
                sleep(5);
            }
            assertTrue(first.alive(), () -> "the first run ended early: " + first.output());
            for (Path alias : aliases) {
                ChildReplicate second = child(config, alias);
                int status = second.waitFor(30);
                assertEquals(75, status, () -> alias + ": " + second.output());
                assertEquals("", second.out() + second.err(), alias + ": a run that steps aside prints nothing");
            }
            assertTrue(first.alive(), () -> "the first run ended early: " + first.output());
        }
        assertEquals(0, first.waitFor(120), first::output);
        assertReplicaEqualsSource(replica(), table);
        assertReplicaEqualsSource(replica(), held);
        assertEquals(List.of(List.of(table, 2_000L, 1L), List.of(held, 1_000L, 1L)),
                sqlite(replica(), "SELECT target, rows_pulled, ok FROM _replicate_log ORDER BY id"),
                "only the first run may leave a trace in the log");
    }

    @Test
    void aLockLeftByAKilledRunNeverBlocksTheNextOne() throws Exception {
        String table = TABLE + "_stale";
        config = prepare(table);
        ChildReplicate first = startAndWaitForFirstPage(config, table);
        first.kill();
        assertTrue(Files.exists(ReplicaLock.lockFileFor(replica())), "the lock file stays; only the lock goes");

        ChildReplicate next = child(config, replica());
        assertEquals(0, next.waitFor(120), next::output);
        assertReplicaEqualsSource(replica(), table);
        assertIntegrityOk(replica());
        assertEquals(0, run(config, replica()).status, "and again, in-process");
    }
}
