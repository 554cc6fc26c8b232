package dev.replicate.faults;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A full table's run killed with SIGKILL while it reads the table into its copy: the SQLite table and
 * its state stay exactly as the last swap left them, and the next run drops the partial copy and ends
 * equal to the source.
 */
public abstract class FullRefreshCrashScenarios extends FaultScenarioBase {

    @Test
    void killedDuringAFullReadTheOldTableStaysAndTheNextRunIsExact() throws Exception {
        Seeded.run("crash/full-read", random -> {
            String table = "full_crash";
            String shadow = "_replicate_shadow_" + table;
            createTable(table, true);
            insertRows(table, 1, 30_000, 4);
            // Full: no watermark. Small pages, so the read takes many commits to kill between.
            Path config = config(sourceJson("{\"name\": \"" + table + "\", \"pageSize\": 97}"));
            runOk(config, replica());
            List<String> before = replicaRows(replica(), table);
            List<List<Object>> stateBefore = sqlite(replica(), "SELECT * FROM _replicate_watermarks");

            db.execute("UPDATE " + q(table) + " SET v = v + 1, payload = 'changed' WHERE id % 7 = 0",
                    "DELETE FROM " + q(table) + " WHERE id % 11 = 0");
            insertRows(table, 40_001, 2_000, 4);
            long copied = 500 + random.nextInt(20_000);
            killOnceCopied(child(config, replica()), replica(), shadow, copied);
            long partial = countOrZero(replica(), shadow);
            System.out.println("[faults] crash/full-read: killed with " + partial + " rows in the copy");
            assertTrue(partial >= copied, "killed mid-read");
            assertIntegrityOk(replica());
            assertEquals(before, replicaRows(replica(), table), "the old rows stay as they were");
            assertEquals(stateBefore, sqlite(replica(), "SELECT * FROM _replicate_watermarks"), "and so does the state");

            runOk(config, replica());
            assertIntegrityOk(replica());
            assertReplicaEqualsSource(replica(), table);
            assertEquals(0L, countOrZero(replica(), shadow), "the partial copy is gone");
            assertEquals(List.of(), sqlite(replica(), "SELECT name FROM sqlite_master WHERE name LIKE '_replicate_shadow%'"));
            assertTrue(String.valueOf(sqlite(replica(), "SELECT notes FROM _replicate_log ORDER BY id DESC LIMIT 1")
                    .get(0).get(0)).contains("the partial copy an interrupted run left behind"));
        });
    }

    /**
     * A full table stopped by SIGTERM is recorded as interrupted, as any table is; but its pages went into
     * a copy the next run drops, so the words must not promise that the next run goes on from the last
     * committed page (as they did): it copies the table again from the start. On a first run there is no
     * SQLite table yet (it appears at the swap), so the words must not promise that it keeps a copy.
     */
    @Test
    void aFullTableStoppedBySigtermOnItsFirstRunIsSaidToBeCopiedAgainAndToHaveNoTableYet() throws Exception {
        String error = stopAFullTableBySigterm(false);
        assertTrue(error.contains("there is no SQLite table yet") && !error.contains("last whole copy"), error);
    }

    /** Stopped on a later run, the SQLite table keeps the last whole copy, and the words say so. */
    @Test
    void aFullTableStoppedBySigtermOnALaterRunIsSaidToKeepItsLastWholeCopy() throws Exception {
        String error = stopAFullTableBySigterm(true);
        assertTrue(error.contains("the SQLite table keeps its last whole copy") && !error.contains("no SQLite table"),
                error);
    }

    /**
     * Stops a run by SIGTERM while it reads a full table (after a first run of it if {@code ranBefore}),
     * checks what every interrupted full table's record says and that the SQLite table is as the last swap left
     * it (none on a first run), and returns the record's error; then a run ends exact.
     */
    private String stopAFullTableBySigterm(boolean ranBefore) throws Exception {
        // Each case its own tables: the scratch database is the class's.
        String full = ranBefore ? "full_signal_again" : "full_signal";
        String done = full + "_done";
        createTable(done, true);
        insertRows(done, 1, 500, 2);
        createTable(full, true);
        insertRows(full, 1, 500, 2);
        Path config = config(sourceJson(tableJson(done, "\"pageSize\": 100"),
                "{\"name\": \"" + full + "\", \"pageSize\": 100}"));
        long doneRows = 500;
        if (ranBefore) {
            runOk(config, replica());
            insertRows(done, 501, 500, 2);
            insertRows(full, 501, 500, 2);
            doneRows = 1000;
        }
        ChildReplicate term;
        // SIGTERM while the full table waits at the source (blocked there, so surely under way).
        try (AutoCloseable lock = faults.blockReads(full)) {
            term = child(config, replica());
            while (term.alive() && countOrZero(replica(), done) < doneRows) {
                sleep(5);
            }
            sleep(300);
            assertTrue(term.alive(), () -> "the run ended early: " + term.output());
            signal(term, "TERM");
            assertEquals(143, term.waitFor(30), term::output);
        }
        List<List<Object>> log = sqlite(replica(), "SELECT ok, error FROM _replicate_log WHERE target = '" + full
                + "' ORDER BY id DESC");
        assertEquals(ranBefore ? 2 : 1, log.size(), term::output);
        assertEquals(0L, log.get(0).get(0));
        String error = String.valueOf(log.get(0).get(1));
        assertTrue(error.startsWith("interrupted") && error.contains("copies it again from the start")
                && !error.contains("last committed page"), error);
        assertTrue(term.output().contains(full + " failed: " + error), term::output);
        // What the words say of the SQLite table: the first run's copy, or none.
        assertEquals(ranBefore ? List.of(List.of(full)) : List.of(),
                sqlite(replica(), "SELECT name FROM sqlite_master WHERE name = '" + full + "'"));
        if (ranBefore) {
            assertEquals(500L, countOrZero(replica(), full), "the last whole copy stays");
        }

        runOk(config, replica());
        assertReplicaEqualsSource(replica(), full);
        return error;
    }

    /**
     * A stop that lands while a first run's swap holds the write lock (making indexes, here held just before
     * its commit by a test seam): the stop's recording waits for the lock, the swap commits the table whole
     * with its success, and the recording must then leave that be. It read "no table" before it had the lock
     * and wrote over the success "failed: interrupted ... there is no SQLite table yet", the table there whole.
     */
    @Test
    void aStopDuringAFirstRunsSwapLeavesTheTableItCommittedRecordedAsDone() throws Exception {
        String full = "full_swap_stop";
        createTable(full, true);
        insertRows(full, 1, 500, 2);
        Path config = config(sourceJson("{\"name\": \"" + full + "\", \"pageSize\": 100}"));
        Path stalled = work.resolve("swap-stalled");
        List<String> args = new java.util.ArrayList<>(List.of(stalled.toString(), full));
        args.addAll(runArgs(config, replica()));
        ChildReplicate term = ChildReplicate.start(work, List.of(), "dev.replicate.sqlite.StalledSwapMain", args);
        while (term.alive() && !java.nio.file.Files.exists(stalled)) {
            sleep(5);
        }
        assertTrue(term.alive(), () -> "the run ended before its swap: " + term.output());
        signal(term, "TERM");
        assertEquals(143, term.waitFor(30), term::output);

        assertReplicaEqualsSource(replica(), full);
        assertEquals(List.of(List.of(1L, "null")), sqlite(replica(), "SELECT last_ok, coalesce(last_error, 'null')"
                + " FROM _replicate_watermarks WHERE target = '" + full + "'"), term::output);
        List<List<Object>> log = sqlite(replica(), "SELECT ok, error FROM _replicate_log WHERE target = '" + full + "'");
        assertEquals(1, log.size(), term::output);
        assertEquals(1L, log.get(0).get(0), term::output);
        assertTrue(!term.output().contains("failed: interrupted"), term::output);
    }

    private static void signal(ChildReplicate child, String signal) throws Exception {
        Process kill = new ProcessBuilder("kill", "-" + signal, String.valueOf(child.pid())).inheritIO().start();
        assertEquals(0, kill.waitFor());
    }
}
