package dev.replicate.faults;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.replicate.sync.RepairHooks;
import dev.replicate.testing.CliRun;
import dev.replicate.testing.ReplicaReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Trouble at the source: its connection cut mid-run or gone silent, a table dropped, a column renamed,
 * a wrong password. The table in trouble fails with a clear error in {@code _replicate_log} and exit 1, its
 * watermark stays at its last committed page, the other tables complete, and once the trouble is
 * fixed the next run catches up exactly.
 */
public abstract class SourceTroubleScenarios extends FaultScenarioBase {

    /** The last log entry of a target: ok (1/0) and error. */
    private List<Object> lastLog(Path replica, String target) {
        List<List<Object>> rows = sqlite(replica, "SELECT ok, error FROM _replicate_log WHERE target = '" + target
                + "' ORDER BY id DESC LIMIT 1");
        assertEquals(1, rows.size(), "no log entry for " + target);
        return rows.get(0);
    }

    private void assertFailedWith(Path replica, CliRun result, String target, String... fragments) {
        assertEquals(1, result.status, result::toString);
        List<Object> log = lastLog(replica, target);
        assertEquals(0L, log.get(0), target + " should be logged as failed");
        String error = String.valueOf(log.get(1));
        assertTrue(log.get(1) != null && !error.isBlank(), target + " failed without saying why");
        for (String fragment : fragments) {
            assertTrue(error.contains(fragment), "the logged error of " + target + " should say \"" + fragment
                    + "\" but is: " + error);
        }
        assertTrue(result.err.contains(target + " failed: "), result::toString);
    }

    private void assertOk(Path replica, String... targets) {
        for (String target : targets) {
            assertEquals(1L, lastLog(replica, target).get(0), target + " should have run: " + lastLog(replica, target));
            assertReplicaEqualsSource(replica, target);
        }
    }

    private static final int BIG_ROWS = 100_000;

    @Test
    void theSourceCutMidRunFailsThatTableAndTheOthersStillComplete() throws Exception {
        String before = "cut_before";
        String big = "cut_big";
        String after = "cut_after";
        createTable(before, true);
        createTable(big, true);
        createTable(after, true);
        insertRows(before, 1, 500, 1);
        insertRows(big, 1, BIG_ROWS, 3);
        // Wide rows, more than the socket buffers hold: PostgreSQL's COPY sends as fast as the client
        // reads, so with narrow rows the whole table could already be on its way when the cut comes.
        db.execute("UPDATE " + q(big) + " SET payload = '" + "x".repeat(200) + "'");
        insertRows(after, 1, 500, 1);
        // 70 rows a page while the driver fetches 100 at a time: the cut surfaces inside a page, with
        // part of it read (a page size equal to the fetch size would only ever fail between pages).
        Path config = config(sourceJson(tableJson(before, ""), tableJson(big, "\"pageSize\": 70"),
                tableJson(after, "")));

        CompletableFuture<CliRun> running = CompletableFuture.supplyAsync(() -> run(config, replica()));
        while (!running.isDone() && countOrZero(replica(), big) == 0) {
            sleep(2);
        }
        assertFalse(running.isDone(), "the run finished before its connection could be cut");
        int cut = faults.cutReplicateConnections();
        CliRun result = running.get(120, TimeUnit.SECONDS);
        assertTrue(cut >= 1, "no replicate connection found to cut");
        System.out.println("[faults] source cut: " + lastLog(replica(), big).get(1));

        // The drivers' words ("Database connection failed when reading from copy", "Error retrieving record:
        // Unexpected Exception: java.io.EOFException ...") did not say that the connection was lost, nor what
        // comes of it.
        assertFailedWith(replica(), result, big, "lost the connection to the source main while reading",
                "the next run tries this one again");
        long copied = countOrZero(replica(), big);
        System.out.println("[faults] source cut: " + copied + " of " + BIG_ROWS + " rows copied");
        if (faults.cutSurfacesMidTable()) {
            assertTrue(copied < BIG_ROWS, "the cut came too late to interrupt the table");
        }
        assertConsistentWithWatermark(replica(), big);
        assertIntegrityOk(replica());
        assertOk(replica(), before, after);

        insertRows(big, BIG_ROWS + 1, 100, 3);
        runOk(config, replica());
        assertOk(replica(), before, big, after);
    }

    /**
     * A table locked at the source (a migration's ALTER TABLE, a LOCK TABLE, a VACUUM FULL) fails once a
     * read has waited lockTimeoutSeconds for it, and the tables after it complete. Waiting as long as
     * the lock was held kept every other table of the run waiting too, and every run after it stepped
     * aside (the replica's lock) until the lock was gone.
     */
    @Test
    void aTableLockedAtTheSourceFailsAfterTheLockTimeoutAndTheOthersComplete() throws Exception {
        assertLockedTableFailsAlone("lock", "");
    }

    /**
     * The same with a "where": a failed read of a filtered table runs the filter alone to tell whether it
     * is to blame (FilterFailure), which waits for the same lock; that is the lock's doing, not the filter's.
     */
    @Test
    void aFilteredTableLockedAtTheSourceIsNotBlamedOnItsFilter() throws Exception {
        assertLockedTableFailsAlone("lockw", "\"where\": \"v >= 0\"");
    }

    /**
     * The same with a full table ("mode": "full", read whole on every run) and a "where": its failed read ran
     * the filter alone too, and blamed the where for the lock ("$...where does not run on ...: canceling
     * statement due to lock timeout").
     */
    @Test
    void aFilteredFullTableLockedAtTheSourceIsNotBlamedOnItsFilter() throws Exception {
        String locked = "lockf_held";
        assertLockedTableFailsAloneAs("lockf", "{\"name\": \"" + locked + "\", \"mode\": \"full\","
                + " \"where\": \"v >= 0\"}");
    }

    /**
     * The same with a query entry over the locked table: the question of its result's columns waits for the
     * lock, which is not the query's fault. It failed as "$...query does not run at the source: canceling
     * statement due to lock timeout", blaming the user's query.
     */
    @Test
    void aQueryOverALockedTableIsNotBlamedOnItsQuery() throws Exception {
        String locked = "lockq_held";
        assertLockedTableFailsAloneAs("lockq", "{\"query\": \"SELECT * FROM " + locked + "\", \"target\": \"" + locked
                + "\", \"primaryKey\": \"id\", \"watermark\": \"updated_at\"}");
    }

    /**
     * A table whose primary key the login may not read, locked at the source while the run asks whether it
     * has a key. MySQL and MariaDB hide such a key's columns from the login, and the question of whether
     * the table has one at all (an index hint naming it) waited for the lock: its timeout was taken for
     * "no primary key", and the first run made the table append-only (with _replicate_row_key) and
     * succeeded. Only the server's "no such key" means none; a lock wait fails the table, as any read's
     * does, and makes nothing.
     */
    @Test
    void aTableWhoseHiddenKeyCannotBeAskedAboutForALockFailsAndIsNotMadeWithoutItsKey() throws Exception {
        String locked = "hidkey_held";
        Path config = hiddenKeyConfig(locked, tableJson(locked, "\"excludeColumns\": [\"payload\"]"), 1);
        try (AutoCloseable lock = faults.blockReads(locked)) {
            CliRun result = CompletableFuture.supplyAsync(() -> run(config, replica())).get(60, TimeUnit.SECONDS);
            assertEquals(1, result.status, result::toString);
            assertTrue(result.err.contains(locked + " failed: "), result::toString);
        }
        assertEquals(List.of(), ReplicaReader.query(replica(),
                "SELECT name FROM sqlite_master WHERE type = 'table' AND name = '" + locked + "'"),
                "the table was made without its key");
    }

    /**
     * The table {@code locked} made with five rows, and the configuration of the source "main" reading it through a
     * login that may not read its key (MySQL and MariaDB then hide the key's columns, and whether the table has one
     * is asked by an index hint naming PRIMARY), with the source's lockTimeoutSeconds {@code lockTimeoutSeconds}.
     *
     * @param entry the table's entry ({@link #tableJson} or one spelt out), which excludes the payload column
     */
    protected Path hiddenKeyConfig(String locked, String entry, int lockTimeoutSeconds) {
        createRows(locked, 5, 1);
        String conn = db.connReadingOnly(locked, List.of("updated_at", "v"), "payload");
        return config(withLockTimeout(namedSourceJson("main", db.sourceType(), conn, entry), lockTimeoutSeconds));
    }

    private void assertLockedTableFailsAlone(String prefix, String extra) throws Exception {
        assertLockedTableFailsAloneAs(prefix, tableJson(prefix + "_held", extra));
    }

    /** @param lockedJson the configuration of the table {@code prefix + "_held"} */
    private void assertLockedTableFailsAloneAs(String prefix, String lockedJson) throws Exception {
        String locked = prefix + "_held";
        String free = prefix + "_free";
        createTable(locked, true);
        createTable(free, true);
        insertRows(locked, 1, 20, 1);
        insertRows(free, 1, 20, 1);
        Path config = config(withLockTimeout(namedSourceJson("main", db.sourceType(), db.conn(), lockedJson,
                tableJson(free, "")), 1));
        try (AutoCloseable lock = faults.blockReads(locked)) {
            CompletableFuture<CliRun> running = CompletableFuture.supplyAsync(() -> run(config, replica()));
            CliRun result = running.get(60, TimeUnit.SECONDS);
            assertFailedWith(replica(), result, locked, "gave up waiting for a lock that another session holds",
                    "after 1 s (the source's lockTimeoutSeconds)");
            assertFalse(String.valueOf(lastLog(replica(), locked).get(1)).matches("(?s).*\\.(where|query)\\b.*"),
                    "the lock was blamed on the where or the query: " + lastLog(replica(), locked));
            assertOk(replica(), free);
        }
        runOk(config, replica());
        assertOk(replica(), locked, free);
        // verify waits no longer, and says why as a run does.
        try (AutoCloseable lock = faults.blockReads(locked)) {
            CliRun verified = CompletableFuture.supplyAsync(() -> CliRun.run(work, "verify", "--config",
                    config.toString(), "--db", replica().toString())).get(60, TimeUnit.SECONDS);
            assertEquals(1, verified.status, verified::toString);
            assertTrue(verified.out.contains(locked + ": cannot verify: gave up waiting for a lock"), verified::toString);
            assertFalse(verified.out.matches("(?s).*\\.(where|query)\\b.*"),
                    "the lock was blamed on the where or the query: " + verified);
            assertFalse(verified.out.contains(free + ":"), "the free table is equal: " + verified);
        }
    }

    /**
     * A bound on each statement's time that the DBA set for replicate's login (PostgreSQL's statement_timeout
     * of the role, MariaDB's MAX_STATEMENT_TIME of the user; here given in the URL, which counts as the
     * login's) is kept, unlike one the server sets for every application: a read it cancels fails its table,
     * and the others complete. The server's words alone ("canceling statement due to statement timeout",
     * "Query execution was interrupted (max_statement_time exceeded)"), repeated by every cron run of a table
     * whose first rows take longer than the bound, said neither that the bound was the login's own, which
     * replicate keeps, nor how to lift it. Here the read waits for a lock, with no lock timeout of ours.
     */
    @Test
    @Timeout(value = 120, unit = TimeUnit.SECONDS)
    void aReadCancelledByTheLoginsTimeBoundSaysWhichSettingAndTheOthersComplete() throws Exception {
        String bounded = "bound_held";
        String free = "bound_free";
        createTable(bounded, true);
        createTable(free, true);
        insertRows(bounded, 1, 20, 1);
        insertRows(free, 1, 20, 1);
        Path config = config(withLockTimeout(namedSourceJson("main", db.sourceType(),
                faults.withTimeBound(db.conn(), 1), tableJson(bounded, ""), tableJson(free, "")), 0));
        runOk(config, replica());
        insertRows(bounded, 21, 20, 1);
        insertRows(free, 21, 20, 1);
        try (AutoCloseable lock = faults.blockReads(bounded)) {
            CliRun result = CompletableFuture.supplyAsync(() -> run(config, replica())).get(60, TimeUnit.SECONDS);
            System.out.println("[faults] time bound: " + lastLog(replica(), bounded).get(1));
            assertFailedWith(replica(), result, bounded, "the source cancelled the statement at the "
                    + faults.timeBoundName(), "lift it (");
            assertFailedWith(replica(), result, bounded, faults.timeBoundWords().toArray(String[]::new));
            assertOk(replica(), free);
            CliRun verified = CompletableFuture.supplyAsync(() -> CliRun.run(work, "verify", "--config",
                    config.toString(), "--db", replica().toString(), bounded)).get(60, TimeUnit.SECONDS);
            assertTrue(verified.status == 1 && verified.out.contains(bounded + ": cannot verify: the source cancelled"
                    + " the statement at the " + faults.timeBoundName()), verified::toString);
        }
        runOk(config, replica());
        assertOk(replica(), bounded, free);
    }

    /**
     * A connection that goes silent in the middle of a table (a dropped network, a frozen server: nothing
     * is closed, nothing arrives) fails that table once nothing came for the source's readTimeoutSeconds;
     * the next table of the same block gets a fresh connection, the other block runs, and once the
     * network is back the next run catches up exactly. Without the timeout the read waited forever, the
     * run held the replica's lock, and every later run stepped aside (exit 75): no table synced again.
     * verify does the same. The silent table has a "where", which is not to blame.
     */
    @Test
    @Timeout(value = 240, unit = TimeUnit.SECONDS)
    void aSourceThatStopsAnsweringMidTableFailsAfterTheReadTimeoutAndTheOthersComplete() throws Exception {
        String silent = "net_silent";
        String after = "net_after";
        String other = "net_other";
        createTable(silent, true);
        createTable(after, true);
        createTable(other, true);
        insertRows(silent, 1, 20_000, 3);
        // Wide rows: megabytes on the wire, so the silence comes while the table is being read.
        db.execute("UPDATE " + q(silent) + " SET payload = '" + "x".repeat(200) + "'");
        insertRows(after, 1, 300, 1);
        insertRows(other, 1, 300, 1);
        try (SilentProxy proxy = new SilentProxy(db.hostPort())) {
            String quiet = quietSourceJson(proxy, tableJson(silent, "\"pageSize\": 500, \"where\": \"v >= 0\""),
                    tableJson(after, ""));
            Path config = config(quiet, sourceJson(tableJson(other, "")));
            proxy.silenceAfter(silent, 300_000);
            long started = System.nanoTime();
            CliRun result = CompletableFuture.supplyAsync(() -> run(config, replica())).get(180, TimeUnit.SECONDS);
            long seconds = TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - started);
            assertEquals(1, result.status, result::toString);
            System.out.println("[faults] silent source: " + seconds + " s; " + lastLog(replica(), silent).get(1));
            assertEquals(1, proxy.silenced(), "the connection did not go silent");
            assertFailedWith(replica(), result, silent, "quiet", "stopped answering", "readTimeoutSeconds");
            assertFalse(String.valueOf(lastLog(replica(), silent).get(1)).contains(".where"),
                    "the silence was blamed on the where: " + lastLog(replica(), silent));
            assertConsistentWithWatermark(replica(), silent);
            assertIntegrityOk(replica());
            assertOk(replica(), after, other);

            insertRows(silent, 20_001, 100, 3);
            runOk(config, replica());
            assertOk(replica(), silent, after, other);

            // verify: the silent table cannot be verified, and says why; the others are.
            proxy.silenceAfter(silent, 0);
            CliRun verified = CompletableFuture.supplyAsync(() -> CliRun.run(work, "verify", "--config",
                    config.toString(), "--db", replica().toString())).get(120, TimeUnit.SECONDS);
            assertEquals(2, proxy.silenced(), "the connection did not go silent during verify");
            assertEquals(1, verified.status, verified::toString);
            assertTrue(verified.out.contains(silent + ": cannot verify: the source quiet stopped answering"),
                    verified::toString);
            assertFalse(verified.out.contains(after + ":") || verified.out.contains(other + ":"),
                    "the other tables are equal: " + verified);
        }
    }

    /**
     * A read that stopped on a silent server (its read timeout) leaves its connection either usable for the
     * next statement or said to be unusable ({@link dev.replicate.source.Source#usable}): the engine runs a
     * table's pass again over a connection it takes for usable (after SQLite refused the write lock). Hostile
     * test: Connector/J keeps a streaming result set registered when its read timed out, and its close fails
     * too (the socket is gone), yet the connection does not count as closed: the pass run again failed at
     * once with "Streaming result set ... is still active" (MysqlSourceTroubleTest, once in four runs on a
     * loaded machine, where the application's write and the run's page met), the silence never told.
     */
    @Test
    @Timeout(value = 120, unit = TimeUnit.SECONDS)
    void aReadThatTheSourceStoppedAnsweringLeavesItsConnectionUsableOrSaidToBeGone() throws Exception {
        try (SilentSource quiet = silentSource("net_readgone", 20_000)) {
            List<dev.replicate.source.SourceColumn> key = quiet.schema.columns().stream()
                    .filter(column -> column.name().equals("id")).toList();
            quiet.proxy.silenceAfter(quiet.table, 30_000);
            dev.replicate.source.RowStream keys = quiet.source.readKeys(quiet.schema, key, java.util.Optional.empty(),
                    1000);
            Exception failure = failureOf(() -> readToTheEnd(keys::next));
            endIgnoringItsFailure(keys);
            quiet.assertSilenced("during the read");
            quiet.assertToldAsSilence(failure, "the read");
            quiet.assertGoneOrStillAnswers("the silence");
        }
    }

    /**
     * A stream whose opening gets no answer (the server went quiet once the query was sent, before its first rows)
     * fails within about one read timeout, told as the silence, and leaves its connection either usable or said to
     * be gone, as a stream that met the silence while read does: verify's expected rows (the streaming statement of
     * every JDBC source) and a reconcile's key scan (PostgreSQL's COPY). Hostile test: the opening's failure
     * ended its statement and transaction over the silent connection without aborting it: pgjdbc's "This connection
     * has been closed" (from the cleanup, once it had given up the socket) went with the silence, and the connection
     * passed for usable while its next statement failed ("An I/O error occurred while sending to the backend"). The
     * time is a guard only: both drivers ended the opening within one read timeout before that fix as after it.
     */
    @Test
    @Timeout(value = 120, unit = TimeUnit.SECONDS)
    void aStreamWhoseOpeningGetsNoAnswerEndsWithinTheReadTimeoutAndSaysSo() throws Exception {
        String table = "net_opengone";
        createRows(table, 100, 1);
        assertOpeningSilenceEnds(table, "verify's expected rows", quiet -> quiet.source.readExpected(
                quiet.digestRequest(), dev.replicate.source.KeyRange.ALL, 1000));
        assertOpeningSilenceEnds(table, "a key scan", quiet -> quiet.source.readKeys(quiet.schema,
                List.of(quiet.schema.column("id").orElseThrow()), java.util.Optional.empty(), 1000));
    }

    /** Opens a stream of the table through the proxy. */
    @FunctionalInterface
    private interface StreamOpening {
        dev.replicate.source.RowStream open(SilentSource quiet) throws Exception;
    }

    private void assertOpeningSilenceEnds(String table, String what, StreamOpening opening) throws Exception {
        try (SilentSource quiet = new SilentSource(table)) {
            dev.replicate.source.Source source = quiet.source;
            quiet.proxy.silenceAfter(table, 0);
            long started = System.nanoTime();
            Exception failure = failureOf(() -> {
                try (dev.replicate.source.RowStream rows = opening.open(quiet)) {
                    rows.next();
                }
            });
            long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started);
            Exception read = failure;
            System.out.println("[faults] silence at the opening of " + what + ": " + millis + " ms; "
                    + (read == null ? "nothing thrown" : dev.replicate.sync.ErrorText.of(read) + "; with it: "
                    + java.util.Arrays.toString(read.getSuppressed())) + "; usable after: " + source.usable());
            quiet.assertSilenced("at the opening of " + what);
            assertNotNull(read, what + " opened and ended without the silence");
            assertTrue(source.stoppedAnswering(read),
                    () -> what + ": not told as a silence: " + dev.replicate.sync.ErrorText.of(read));
            // The silence alone: the abort goes through here, and nothing else done over the silent connection may
            // go with the silence (pgjdbc's "This connection has been closed" did).
            assertEquals(0, read.getSuppressed().length,
                    () -> what + ": a cleanup over the silent connection went with the silence: "
                            + java.util.Arrays.toString(read.getSuppressed()));
            // A guard, not what the fix changed (2.0-2.1 s on both drivers before it and after): no cleanup may wait
            // the read timeout again over the silent connection.
            assertTrue(millis < OPEN_THROUGH_READ_TIMEOUT_MILLIS * 3 / 2, "the silence at the opening of " + what
                    + " took " + millis + " ms to end, more than one read timeout of "
                    + OPEN_THROUGH_READ_TIMEOUT_MILLIS + " ms");
            quiet.assertGoneOrStillAnswers("the silence at the opening of " + what);
        }
    }

    /**
     * A stream whose making fails once its query ran (here the caller's list of columns, read again after the
     * server answered, fails: as any failure between the query's run and the stream's making would) keeps that
     * failure as the one told, and leaves its connection either usable or said to be gone. Connector/J's end of the
     * result reads the rest of the answer, and meets a silence there; pgjdbc's cursor has the rest still unasked.
     * Hostile test: the opening's cleanup closed the statement without the result set the query gave, and
     * Connector/J's close of a statement swallows the failure to read the rest of its streaming result (the
     * silence), leaving the stream registered on a connection that passed for usable, its next statement refused.
     */
    @Test
    @Timeout(value = 120, unit = TimeUnit.SECONDS)
    void aStreamWhoseMakingFailsOnceItsQueryRanLeavesItsConnectionUsableOrSaidToBeGone() throws Exception {
        try (SilentSource quiet = silentWideSource("net_makefails")) {
            // Megabytes in the answer, far more than this lets through; more than pgjdbc's first fetch of 100 rows.
            quiet.proxy.silenceAfter(quiet.table, 100_000);
            IllegalStateException failing = new IllegalStateException("the list of columns failed, by the test");
            List<dev.replicate.source.SourceColumn> all = quiet.schema.columns();
            List<dev.replicate.source.SourceColumn> columns = new java.util.AbstractList<>() {
                @Override
                public dev.replicate.source.SourceColumn get(int index) {
                    return all.get(index);
                }

                @Override
                public int size() {
                    return all.size();
                }

                @Override
                public java.util.stream.Stream<dev.replicate.source.SourceColumn> stream() {
                    // Once the query ran, not while it is written: the proxy saw its text before the server
                    // could answer it, so this holds as soon as the query returns, whatever the threads' timing.
                    // Not the count of the server's bytes: the proxy adds them after passing them on, and the
                    // count of the answer before the query's could come in while the query was being written.
                    if (quiet.proxy.markerSent()) {
                        throw failing;
                    }
                    return super.stream();
                }
            };
            dev.replicate.source.DigestRequest request = new dev.replicate.source.DigestRequest(quiet.schema, columns,
                    List.of(quiet.schema.column("id").orElseThrow()), null, null, java.util.Optional.empty(),
                    java.util.Optional.empty(), false);
            Exception failure = failureOf(() -> quiet.source.readExpected(request, dev.replicate.source.KeyRange.ALL,
                    100).close());
            System.out.println("[faults] a stream whose making failed once its query ran: "
                    + (failure == null ? "nothing thrown" : dev.replicate.sync.ErrorText.of(failure) + "; with it: "
                    + java.util.Arrays.toString(failure.getSuppressed())) + "; usable after: " + quiet.source.usable());
            assertSame(failing, failure, () -> "not the making's failure: "
                    + (failure == null ? "nothing thrown" : dev.replicate.sync.ErrorText.of(failure)));
            if (!db.sourceType().equals("postgres")) {
                quiet.assertSilenced("while the stream's end read the rest of the answer");
            }
            quiet.assertGoneOrStillAnswers("the stream's failed making");
        }
    }

    /**
     * A reconcile's listing of keys in blocks (Source#readKeyBlocks) that stopped on a silent server leaves its
     * connection either usable or said to be gone, as a read's does: the engine runs the pass again over a
     * connection it takes for usable (after SQLite refused the write lock). Hostile test: the listing neither
     * aborted its connection after the silence nor closed its result before ending its transaction, unlike the
     * reads, and the connection passed for usable while its next statement failed.
     */
    @Test
    @Timeout(value = 120, unit = TimeUnit.SECONDS)
    void aKeyBlockListingThatTheSourceStoppedAnsweringLeavesItsConnectionUsableOrSaidToBeGone() throws Exception {
        String table = "net_blocksgone";
        createRows(table, 60_000, 3);
        // A key missing from every block of 64: a row of the listing per block, tens of kilobytes in all (full
        // blocks in a run would come as one row). The estimate of the table's rows decides whether it is listed so.
        db.execute("DELETE FROM " + q(table) + " WHERE id % 64 = 0");
        db.execute((db.sourceType().equals("postgres") ? "ANALYZE " : "ANALYZE TABLE ") + q(table));
        try (SilentSource quiet = new SilentSource(table)) {
            dev.replicate.source.SourceColumn key = quiet.schema.columns().stream()
                    .filter(column -> column.name().equals("id")).findFirst().orElseThrow();
            // The listing's own statement, not the questions before it (whether the keys fill their blocks).
            quiet.proxy.silenceAfter("replicate_bits", 10_000);
            List<dev.replicate.source.KeyBlocks> opened = new ArrayList<>();
            Exception failure = failureOf(() -> {
                dev.replicate.source.KeyBlocks blocks = quiet.source.readKeyBlocks(quiet.schema, key,
                        java.util.Optional.empty(), 1000)
                        .orElseThrow(() -> new AssertionError("the source lists no key blocks"));
                opened.add(blocks);
                readToTheEnd(blocks::next);
            });
            for (dev.replicate.source.KeyBlocks blocks : opened) {
                endIgnoringItsFailure(blocks);
            }
            quiet.assertSilenced("during the listing");
            quiet.assertToldAsSilence(failure, "the listing");
            quiet.assertGoneOrStillAnswers("the silence");
        }
    }

    /**
     * A read the source stopped answering whose connection cannot be aborted (the driver refused: here a
     * security manager that denies the JDBC abort permission, as a locked-down JVM does) keeps the silence as
     * the failure told: the abort's own failure goes with it, and the close throws nothing in its place; the
     * connection counts as gone all the same, so that the next table gets a fresh one. Hostile tests: the close of a
     * silent read threw the abort's failure; the connection, not aborted, passed for usable.
     */
    @Test
    @Timeout(value = 120, unit = TimeUnit.SECONDS)
    @SuppressWarnings("removal")
    void aSilentReadWhoseAbortFailsKeepsTheSilenceAsItsFailure() throws Exception {
        try (SilentSource quiet = silentSource("net_abortfails", 20_000)) {
            dev.replicate.source.Source source = quiet.source;
            quiet.proxy.silenceAfter(quiet.table, 30_000);
            dev.replicate.source.RowStream keys = source.readKeys(quiet.schema,
                    List.of(quiet.schema.column("id").orElseThrow()), java.util.Optional.empty(), 1000);
            Exception read = quiet.assertToldAsSilence(failureOf(() -> readToTheEnd(keys::next)), "the read");
            boolean closedBefore = !source.usable();
            refuseAborts();
            Exception closing = null;
            try {
                keys.close();
            } catch (Exception e) {
                closing = e;
            } finally {
                System.setSecurityManager(null);
            }
            Exception thrown = closing;
            assertNull(thrown, () -> "the close threw in place of the silence: " + dev.replicate.sync.ErrorText.of(thrown));
            if (!closedBefore) {
                assertTrue(java.util.Arrays.stream(read.getSuppressed())
                        .anyMatch(s -> String.valueOf(s.getMessage()).contains("abort refused by the test")),
                        () -> "the abort's failure is not with the silence: " + java.util.Arrays.toString(read.getSuppressed()));
            }
            // What the next table of the source sees: a connection that could not be aborted counts as gone all the
            // same (the engine opens a fresh one), or its next statement runs.
            quiet.assertGoneOrStillAnswers("the silence and the abort's refusal");
        }
    }

    /**
     * A source whose connection could not be aborted closes without waiting on it: an Error in the rows' consumer (an
     * OutOfMemoryError) left verify's stream mid-answer, its connection given up, and the abort refused (a security
     * manager, as in a locked-down JVM). Hostile test: the source's close closed the connection in place, and
     * Connector/J's close of a connection reads the rest of its streaming result first, over a silent connection: for a
     * read timeout here, for good without one (readTimeoutSeconds 0).
     */
    @Test
    @Timeout(value = 120, unit = TimeUnit.SECONDS)
    @SuppressWarnings("removal")
    void aSourceWhoseConnectionCouldNotBeAbortedClosesWithoutWaitingOnIt() throws Exception {
        try (SilentSource quiet = silentSource("net_closegivenup", 20_000)) {
            dev.replicate.source.Source source = quiet.source;
            dev.replicate.source.DigestRequest request = quiet.digestRequest();
            // A megabyte of digests: the silence comes before the rest of them, which no one read.
            quiet.proxy.silenceAfter(quiet.table, 50_000);
            OutOfMemoryError error = new OutOfMemoryError("thrown by the test");
            Throwable failure = null;
            refuseAborts();
            try {
                source.rowDigests(request, dev.replicate.source.KeyRange.ALL, row -> {
                    throw error;
                });
            } catch (Exception | Error e) {
                failure = e;
            } finally {
                System.setSecurityManager(null);
            }
            Throwable thrown = failure;
            // pgjdbc reads a fetch of 2000 rows before the first reaches the caller: there the silence may come first.
            assertTrue(thrown == error || thrown instanceof Exception e && source.stoppedAnswering(e),
                    () -> "not the consumer's Error: " + thrown);
            assertFalse(source.usable(), "the connection whose abort was refused passed for usable");
            if (!db.sourceType().equals("postgres")) {
                // What Connector/J's close would wait on (pgjdbc's reads no more of the answer): the silence, once the
                // server's first bytes went through.
                long waited = System.nanoTime();
                while (quiet.proxy.silenced() == 0 && System.nanoTime() - waited < TimeUnit.SECONDS.toNanos(10)) {
                    sleep(10);
                }
                quiet.assertSilenced("in the stream");
            }
            long closing = System.nanoTime();
            source.close();
            long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - closing);
            System.out.println("[faults] the close of a source whose abort was refused: " + millis + " ms");
            assertTrue(millis < OPEN_THROUGH_READ_TIMEOUT_MILLIS / 2, () -> "the source's close took " + millis
                    + " ms, waiting on the connection it gave up");
        }
    }

    /**
     * Installs a security manager that refuses every JDBC connection's abort; the caller removes it. Aborts the test
     * where the JVM cannot install one.
     */
    @SuppressWarnings("removal")
    private static void refuseAborts() {
        SecurityManager refusing = new SecurityManager() {
            @Override
            public void checkPermission(java.security.Permission permission) {
                // The JDBC name, pgjdbc's; Connector/J asks for "abort".
                if (permission instanceof java.sql.SQLPermission
                        && List.of("callAbort", "abort").contains(permission.getName())) {
                    throw new SecurityException("abort refused by the test");
                }
            }

            @Override
            public void checkPermission(java.security.Permission permission, Object context) {
                checkPermission(permission);
            }
        };
        try {
            System.setSecurityManager(refusing);
        } catch (UnsupportedOperationException e) {
            // JDK 18 to 23 without -Djava.security.manager=allow (the build's surefire gives it), and every
            // JDK from 24 on: nothing else makes a driver's abort fail on demand.
            Assumptions.abort("this JVM (Java " + Runtime.version() + ") cannot install a security manager,"
                    + " which the test needs to refuse the connection's abort (" + e.getMessage() + "); JDK 17"
                    + " runs it, and JDK 18 to 23 with -Djava.security.manager=allow");
        }
    }

    /**
     * verify's stream of a range's row digests (Source#rowDigests) that stopped on a silent server leaves its
     * connection either usable or said to be gone, as a read's does. Hostile test: the stream ended its statement
     * over the silent connection and never aborted it, which then passed for usable while its next statement
     * failed.
     */
    @Test
    @Timeout(value = 120, unit = TimeUnit.SECONDS)
    void aVerifyStreamThatTheSourceStoppedAnsweringLeavesItsConnectionUsableOrSaidToBeGone() throws Exception {
        try (SilentSource quiet = silentSource("net_digestgone", 20_000)) {
            dev.replicate.source.DigestRequest request = quiet.digestRequest();
            // A megabyte of digests: the silence comes in the middle of them.
            quiet.proxy.silenceAfter(quiet.table, 100_000);
            Exception failure = failureOf(() -> quiet.source.rowDigests(request, dev.replicate.source.KeyRange.ALL,
                    row -> {
                    }));
            quiet.assertSilenced("during the stream");
            quiet.assertToldAsSilence(failure, "the stream");
            quiet.assertGoneOrStillAnswers("the silence");
        }
    }

    /**
     * A read the caller stopped before its end (SQLite refused the page the write lock; a first sync that went
     * back to watermark order), whose end then meets a silent server, leaves its connection either usable or
     * said to be gone, and its close says why: the engine runs the pass again over a connection it takes for
     * usable. Hostile test: PostgreSQL's COPY, cancelled at the close, read the rest of the answer to end it,
     * met the silence, and only logged it, its connection passing for usable: the pass run again failed with
     * an I/O error, which replaced "stopped answering".
     */
    @Test
    @Timeout(value = 120, unit = TimeUnit.SECONDS)
    void aReadCutShortWhoseEndMeetsASilenceLeavesItsConnectionUsableOrSaysItIsGone() throws Exception {
        String table = "net_cutshort";
        // Megabytes on the wire: far more than the silence lets through, so the end of the read meets it.
        try (SilentSource quiet = silentWideSource(table)) {
            dev.replicate.source.Source source = quiet.source;
            // Less than the socket buffers hold: the silence comes while the caller does not read, before the
            // close's cancel could stop the server.
            quiet.proxy.silenceAfter(table, 50_000);
            dev.replicate.source.RowStream rows = quiet.tenRowsRead();
            long waited = System.nanoTime();
            while (quiet.proxy.silenced() == 0 && System.nanoTime() - waited < TimeUnit.SECONDS.toNanos(10)) {
                sleep(10);
            }
            Exception closed = failureOf(rows::close);
            quiet.assertSilenced("before the read's end");
            if (!quiet.assertGoneOrStillAnswers("the silence")) {
                assertNotNull(closed, "the connection is gone, and the read's close did not say why");
                assertTrue(source.stoppedAnswering(closed),
                        () -> "the close is not told as a silence: " + dev.replicate.sync.ErrorText.of(closed));
            }
        }
    }

    /**
     * The same with a connection cut (reset) while the end of the read cut short reads the rest of the answer: the
     * connection is gone, and the close says why. Hostile test: PostgreSQL's COPY took any failure of that read
     * but a silence for the server's answer to its cancel, and only logged it, its connection passing for usable,
     * and the pass run again over it failed in its place.
     */
    @Test
    @Timeout(value = 120, unit = TimeUnit.SECONDS)
    void aReadCutShortWhoseEndMeetsAResetLeavesItsConnectionUsableOrSaysItIsGone() throws Exception {
        String table = "net_cutreset";
        // Megabytes on the wire: far more than the socket buffers hold, so the cut comes before the end of the answer.
        try (SilentSource quiet = silentWideSource(table)) {
            quiet.proxy.mark(table);
            dev.replicate.source.RowStream rows = quiet.tenRowsRead();
            // Cut once the first rows were read (a reset may drop what the client has not read yet).
            assertEquals(1, quiet.proxy.cutMarked(), "the read's connection was not found to cut");
            Exception closed = failureOf(rows::close);
            System.out.println("[faults] reset at the end of a read: "
                    + (closed == null ? "nothing thrown" : dev.replicate.sync.ErrorText.of(closed)));
            if (!quiet.assertGoneOrStillAnswers("the reset")) {
                assertNotNull(closed, "the connection is gone, and the read's close did not say why");
            }
        }
    }

    /**
     * verify's stream of row digests whose caller failed (the digests' consumer threw), whose end then meets a
     * silent server while it reads the rest of the rows (Connector/J's close of a streaming result does), leaves its
     * connection either usable or said to be gone, and the caller's failure is the one thrown. Hostile test: the
     * stream's end closed the statement alone, whose close (Connector/J's) swallowed the failure to read the rest,
     * and never aborted the connection, which passed for usable while its next statement failed ("Streaming result
     * set ... is still active").
     */
    @Test
    @Timeout(value = 120, unit = TimeUnit.SECONDS)
    void aVerifyStreamWhoseCallerFailedAndWhoseEndMeetsASilenceLeavesItsConnectionUsableOrSaidToBeGone()
            throws Exception {
        try (SilentSource quiet = silentSource("net_digestend", 20_000)) {
            dev.replicate.source.Source source = quiet.source;
            dev.replicate.source.DigestRequest request = quiet.digestRequest();
            // A megabyte of digests: the silence comes after the caller's failure, while the end reads the rest.
            quiet.proxy.silenceAfter(quiet.table, 50_000);
            IllegalStateException callers = new IllegalStateException("the caller failed");
            Exception thrown = failureOf(() -> source.rowDigests(request, dev.replicate.source.KeyRange.ALL, row -> {
                throw callers;
            }));
            assertNotNull(thrown, "the stream ended without the caller's failure");
            // Without the silence the test would pass without reaching the stream's end it is about.
            quiet.assertSilenced("during the stream's end");
            System.out.println("[faults] silence at the end of a failed verify stream: "
                    + dev.replicate.sync.ErrorText.of(thrown) + "; with it: "
                    + java.util.Arrays.toString(thrown.getSuppressed()));
            // pgjdbc reads a fetch of 2000 rows before the first reaches the caller: there the silence may come first.
            assertTrue(thrown == callers || source.stoppedAnswering(thrown),
                    () -> "the caller's failure was replaced: " + dev.replicate.sync.ErrorText.of(thrown));
            quiet.assertGoneOrStillAnswers("the silence");
        }
    }

    /**
     * What the tests of a stream through the proxy share: a table of the source, the proxy before the server, a source
     * opened through it ({@link #openThrough}) and the table's schema as that source reflects it. Closed, the source
     * goes first, then the proxy.
     */
    private final class SilentSource implements AutoCloseable {
        final String table;
        final SilentProxy proxy;
        final dev.replicate.source.Source source;
        final dev.replicate.source.TableSchema schema;

        /** Through a new proxy to the table, which exists. */
        SilentSource(String table) throws Exception {
            this.table = table;
            this.proxy = new SilentProxy(db.hostPort());
            try {
                this.source = openThrough(proxy);
                try {
                    this.schema = source.reflect(dev.replicate.source.TableName.parse(table));
                } catch (Exception | Error e) {
                    closeKeeping(source, e);
                    throw e;
                }
            } catch (Exception | Error e) {
                closeKeeping(proxy, e);
                throw e;
            }
        }

        /** verify's request for the whole table, by its key. */
        dev.replicate.source.DigestRequest digestRequest() {
            return new dev.replicate.source.DigestRequest(schema, schema.columns(),
                    List.of(schema.column("id").orElseThrow()), null, null, java.util.Optional.empty(),
                    java.util.Optional.empty(), false);
        }

        /** A read of the table in watermark order, its first ten rows read, the rest left to come. */
        dev.replicate.source.RowStream tenRowsRead() throws Exception {
            dev.replicate.source.RowStream rows = source.read(dev.replicate.source.ReadRequest.byWatermark(schema,
                    schema.columns(), schema.column("updated_at").orElseThrow(), java.util.Optional.empty(),
                    List.of("id"), 1000));
            for (int i = 0; i < 10; i++) {
                assertTrue(rows.next(), "the read ended before its tenth row");
            }
            return rows;
        }

        /** The one connection went silent {@code when}. */
        void assertSilenced(String when) {
            assertEquals(1, proxy.silenced(), "the source did not go quiet " + when);
        }

        /** {@code what} failed, told as the silence ({@link dev.replicate.source.Source#stoppedAnswering}); returns it. */
        Exception assertToldAsSilence(Exception failure, String what) {
            assertNotNull(failure, what + " ended without the silence");
            assertTrue(source.stoppedAnswering(failure),
                    () -> "not told as a silence: " + dev.replicate.sync.ErrorText.of(failure));
            return failure;
        }

        /** {@link SourceTroubleScenarios#assertGoneOrStillAnswers} of this source and table. */
        boolean assertGoneOrStillAnswers(String trouble) {
            return SourceTroubleScenarios.assertGoneOrStillAnswers(source, schema, trouble);
        }

        @Override
        public void close() throws Exception {
            try (proxy) {
                source.close();
            }
        }
    }

    private static void closeKeeping(AutoCloseable closeable, Throwable failure) {
        try {
            closeable.close();
        } catch (Exception closing) {
            failure.addSuppressed(closing);
        }
    }

    /** The table made with {@code rows} rows, through a new proxy. */
    private SilentSource silentSource(String table, int rows) throws Exception {
        createRows(table, rows, 3);
        return new SilentSource(table);
    }

    /** The same with 20,000 wide rows: megabytes on the wire. */
    private SilentSource silentWideSource(String table) throws Exception {
        createRows(table, 20_000, 3);
        db.execute("UPDATE " + q(table) + " SET payload = '" + "x".repeat(200) + "'");
        return new SilentSource(table);
    }

    /** The table made with its first {@code rows} rows, {@code group} as {@link #insertRows} takes it. */
    private void createRows(String table, int rows, int group) {
        createTable(table, true);
        insertRows(table, 1, rows, group);
    }

    /**
     * Ends a stream whose read failed: one that cannot be ended cleanly may say so; what counts is the connection
     * after it.
     */
    private static void endIgnoringItsFailure(AutoCloseable stream) {
        failureOf(stream::close);
    }

    /**
     * The source "quiet" through the proxy, reading {@code tables} (each as {@link #tableJson} makes it), with
     * short timeouts, so that the test does not wait long: a lock timeout of 1 s, a read timeout of 3 s (more than
     * the lock timeout).
     */
    private String quietSourceJson(SilentProxy proxy, String... tables) {
        return withLockTimeout(namedSourceJson("quiet", db.sourceType(), proxy.through(db.conn(), db.hostPort()),
                tables), 1, 3);
    }

    /** {@code sourceJson}, one source's object, with its reads giving up waiting for a lock after {@code seconds}. */
    private static String withLockTimeout(String sourceJson, int seconds) {
        return withSettings(sourceJson, "\"lockTimeoutSeconds\": " + seconds);
    }

    /** As {@link #withLockTimeout(String, int)}, and giving up on a source that is silent for {@code readSeconds}. */
    private static String withLockTimeout(String sourceJson, int seconds, int readSeconds) {
        return withSettings(sourceJson, "\"lockTimeoutSeconds\": " + seconds + ", \"readTimeoutSeconds\": "
                + readSeconds);
    }

    private static String withSettings(String sourceJson, String settings) {
        return sourceJson.replaceFirst("\\{", "{" + settings + ", ");
    }

    /** A step of a test that may fail. */
    @FunctionalInterface
    private interface Step {
        void run() throws Exception;
    }

    /** What {@code step} threw, or null. */
    private static Exception failureOf(Step step) {
        try {
            step.run();
            return null;
        } catch (Exception e) {
            return e;
        }
    }

    /** A stream's next(). */
    @FunctionalInterface
    private interface Next {
        boolean next() throws Exception;
    }

    /** Reads a stream until it ends or fails (the server goes quiet). */
    private static void readToTheEnd(Next next) throws Exception {
        while (next.next()) {
            // read until the server goes quiet
        }
    }

    /** The read timeout of {@link #openThrough}'s sources, in milliseconds. */
    private static final long OPEN_THROUGH_READ_TIMEOUT_MILLIS = 2_000;

    /** A source opened through the proxy: a lock timeout of 1 s, a read timeout of 2 s (a silence is told soon). */
    private dev.replicate.source.Source openThrough(SilentProxy proxy) throws Exception {
        return dev.replicate.source.SourceRegistry.discover().find(db.sourceType()).orElseThrow()
                .open(new dev.replicate.source.SourceSettings(proxy.through(db.conn(), db.hostPort()),
                        java.util.Optional.empty(), java.util.Optional.empty(), java.util.Map.of(), 1,
                        (int) (OPEN_THROUGH_READ_TIMEOUT_MILLIS / 1000)));
    }

    /**
     * The connection after {@code trouble} met a stream: either said to be gone ({@link
     * dev.replicate.source.Source#usable}), or its next statement runs, since the engine runs a table's pass again
     * over a connection it takes for usable (after SQLite refused the write lock). Returns whether it still answers.
     */
    private static boolean assertGoneOrStillAnswers(dev.replicate.source.Source source,
                                                    dev.replicate.source.TableSchema schema, String trouble) {
        if (!source.usable()) {
            return false;
        }
        Exception next = null;
        try {
            source.newestWatermark(schema, schema.column("updated_at").orElseThrow());
        } catch (Exception e) {
            next = e;
        }
        Exception seen = next;
        assertNull(seen, () -> "the connection passed for usable after " + trouble + ", and its next statement"
                + " failed: " + dev.replicate.sync.ErrorText.of(seen));
        return true;
    }

    /**
     * README, "An application writes to the replica during a run": the run holds SQLite's write lock
     * "only while it writes (a page, a table's outcome), and while a page waits on the source for its
     * next rows for a tenth of a second at most, in all". Hostile test:
     * a source that goes quiet in the middle of a page (a slow network, a stalled server) kept the page's
     * transaction open, its first rows written, for as long as the source took: an application's short
     * write, with a busy timeout of a few seconds, was refused "database is locked" meanwhile.
     */
    @Test
    @Timeout(value = 180, unit = TimeUnit.SECONDS)
    void anApplicationWritesToTheReplicaWhileTheSourceIsQuietInTheMiddleOfAPage() throws Exception {
        String slow = "net_midpage";
        createTable(slow, true);
        insertRows(slow, 1, 20_000, 3);
        db.execute("UPDATE " + q(slow) + " SET payload = '" + "x".repeat(200) + "'");
        try (java.sql.Connection app = java.sql.DriverManager.getConnection("jdbc:sqlite:" + replica());
             java.sql.Statement statement = app.createStatement()) {
            statement.execute("PRAGMA journal_mode = WAL");
            statement.execute("CREATE TABLE app_notes (note TEXT)");
        }
        try (SilentProxy proxy = new SilentProxy(db.hostPort())) {
            String quiet = withLockTimeout(namedSourceJson("quiet", db.sourceType(),
                    proxy.through(db.conn(), db.hostPort()), tableJson(slow, "\"pageSize\": 20000")), 1, 6);
            Path config = config(quiet);
            proxy.silenceAfter(slow, 300_000);
            CompletableFuture<CliRun> running = CompletableFuture.supplyAsync(() -> run(config, replica()));
            while (proxy.silenced() == 0 && !running.isDone()) {
                sleep(20);
            }
            assertEquals(1, proxy.silenced(), () -> "the source did not go quiet mid-table: " + running.join());
            sleep(500);
            // The write's outcome is kept, not asserted at once: the run is waited for first either way
            // (so that nothing is left running), and a failure of the write is the one reported.
            long started = System.nanoTime();
            String refused = null;
            try (java.sql.Connection app = java.sql.DriverManager.getConnection("jdbc:sqlite:" + replica());
                 java.sql.Statement statement = app.createStatement()) {
                statement.execute("PRAGMA busy_timeout = 3000");
                statement.execute("BEGIN IMMEDIATE");
                statement.execute("INSERT INTO app_notes VALUES ('written while the run reads the source')");
                statement.execute("COMMIT");
            } catch (java.sql.SQLException e) {
                refused = "after " + TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started) + " ms: " + e.getMessage();
            }
            CliRun result;
            try {
                result = running.get(120, TimeUnit.SECONDS);
            } catch (Exception e) {
                if (refused != null) {
                    e.addSuppressed(new AssertionError("and an application's write was refused " + refused));
                }
                throw e;
            }
            assertNull(refused, "an application could not write to the replica while the run waited on the source, "
                    + refused + "; the run: " + result);
            assertFailedWith(replica(), result, slow, "quiet", "stopped answering");
            assertEquals(List.of(List.of(1L)), sqlite(replica(), "SELECT count(*) FROM app_notes"));
            assertConsistentWithWatermark(replica(), slow);
            assertIntegrityOk(replica());
        }
    }

    /**
     * README, "An application writes to the replica during a run": a page waits on the source for at most
     * 100 ms in all before its rows commit, so an application waits for the page's writing and that tenth of
     * a second, not for the source. Hostile test: a source slow but steady (a throttled link, every chunk of
     * rows arriving within 100 ms of the last) kept a large page's transaction open, and SQLite's write lock,
     * until the page was full, seconds later. And once pages were cut short, the next page took the lock
     * again as soon as the source's next rows came, a few ms after the commit, while an application's busy
     * handler sleeps up to 100 ms between its tries: they missed those gaps page after page, and a write
     * with a 1 s busy timeout was refused "database is locked" now and then (once in a full run, after
     * 1,005 ms). What is asserted is counted, not timed, so a slow machine neither fails it nor hides the
     * fault: each write gets the lock at the run's next commit at the latest, having waited through at most
     * the page under way when it asked ({@link PageCommits} counts the run's pages meanwhile).
     */
    @Test
    @Timeout(value = 120, unit = TimeUnit.SECONDS)
    void anApplicationWritesToTheReplicaWhileASteadilySlowSourceFillsALargePage() throws Exception {
        String slow = "net_steady";
        createTable(slow, true);
        insertRows(slow, 1, 40_000, 3);
        db.execute("UPDATE " + q(slow) + " SET payload = '" + "x".repeat(200) + "'");
        try (java.sql.Connection app = java.sql.DriverManager.getConnection("jdbc:sqlite:" + replica());
             java.sql.Statement statement = app.createStatement()) {
            statement.execute("PRAGMA journal_mode = WAL");
            statement.execute("CREATE TABLE app_notes (note TEXT)");
        }
        try (SilentProxy proxy = new SilentProxy(db.hostPort()); PageCommits commits = new PageCommits(replica(), "\"" + slow + "\"")) {
            String steady = namedSourceJson("steady", db.sourceType(), proxy.through(db.conn(), db.hostPort()),
                    tableJson(slow, "\"pageSize\": 40000"));
            Path config = config(steady);
            // About 2 MB/s: a chunk of 512 rows (~130 kB) every ~65 ms, the page's 40,000 rows in ~5 s.
            proxy.throttle(2_000_000);
            CompletableFuture<CliRun> running = CompletableFuture.supplyAsync(() -> run(config, replica()));
            // Well into the page (about a tenth of its rows sent), yet far from its end.
            while (proxy.fromServer() < 1_500_000 && !running.isDone()) {
                sleep(10);
            }
            assertFalse(running.isDone(), () -> "the run ended before the page was under way: " + running.join());
            List<String> refused = new ArrayList<>();
            List<Integer> waitedThrough = new ArrayList<>();
            for (int i = 0; i < 20 && !running.isDone(); i++) {
                long asked = System.nanoTime();
                try (java.sql.Connection app = java.sql.DriverManager.getConnection("jdbc:sqlite:" + replica());
                     java.sql.Statement statement = app.createStatement()) {
                    statement.execute("PRAGMA busy_timeout = 1000");
                    statement.execute("BEGIN IMMEDIATE");
                    waitedThrough.add(commits.between(asked, System.nanoTime()));
                    statement.execute("INSERT INTO app_notes VALUES ('written while the source is slow')");
                    statement.execute("COMMIT");
                } catch (java.sql.SQLException e) {
                    long now = System.nanoTime();
                    refused.add("after " + TimeUnit.NANOSECONDS.toMillis(now - asked) + " ms and "
                            + commits.between(asked, now) + " of the run's pages: " + e.getMessage());
                }
                sleep(150);
            }
            CliRun result = running.get(90, TimeUnit.SECONDS);
            assertEquals(List.of(), refused, () -> "an application could not write to the replica while the run"
                    + " read a steadily slow source; the run: " + result);
            assertFalse(waitedThrough.isEmpty(), () -> "the run ended before the application wrote: " + result);
            assertTrue(waitedThrough.stream().allMatch(pages -> pages <= 1), () -> "an application's write waited"
                    + " for more than the run's page under way, for the source: the run's pages committed during each"
                    + " write's wait for the lock were " + waitedThrough + "; the run: " + result);
            assertEquals(0, result.status, result::toString);
            assertEquals(List.of(List.of((long) waitedThrough.size())), sqlite(replica(), "SELECT count(*) FROM app_notes"));
            assertOk(replica(), slow);
            assertIntegrityOk(replica());
        }
    }

    /**
     * A repair whose read gets no answer (verify's own statements were answered) fails that table's repair
     * with the silence explained, and the next table of the same block is verified and repaired on a fresh
     * connection. Its repair's failure was kept in the verdict, which did not count as a failed table, so
     * the next table got the connection the driver had closed: "cannot verify, so not repaired: This
     * connection has been closed."
     */
    @Test
    @Timeout(value = 240, unit = TimeUnit.SECONDS)
    void aRepairThatGetsNoAnswerFailsThatTableAndTheNextIsStillRepaired() throws Exception {
        String first = "net_rep1";
        String second = "net_rep2";
        createTable(first, true);
        createTable(second, true);
        insertRows(first, 1, 200, 1);
        insertRows(second, 1, 200, 1);
        try (SilentProxy proxy = new SilentProxy(db.hostPort())) {
            Path config = config(quietSourceJson(proxy, tableJson(first, "\"where\": \"v >= 0\""), tableJson(second, "")));
            runOk(config, replica());
            ReplicaReader.edit(replica(), "DELETE FROM \"" + first + "\" WHERE id = 7",
                    "DELETE FROM \"" + second + "\" WHERE id = 7");
            CliRun repaired;
            // The next statement naming the first table once it is verified is its repair's read.
            try (AutoCloseable hook = RepairHooks.beforeRepair(target -> {
                if (target.equals(first)) {
                    proxy.silenceAfter(first, 0);
                }
            })) {
                repaired = CompletableFuture.supplyAsync(() -> CliRun.run(work, "verify", "--repair", "--config",
                        config.toString(), "--db", replica().toString())).get(120, TimeUnit.SECONDS);
            }
            System.out.println("[faults] silent repair: " + repaired);
            assertEquals(1, proxy.silenced(), "the repair's connection did not go silent");
            assertEquals(1, repaired.status, repaired::toString);
            assertTrue(repaired.out.contains("repair failed: the source quiet stopped answering"), repaired::toString);
            assertTrue(repaired.out.contains("readTimeoutSeconds"), repaired::toString);
            assertFalse(repaired.out.contains("cannot verify") || repaired.out.contains("has been closed"),
                    repaired::toString);
            assertReplicaEqualsSource(replica(), second);

            CliRun again = CompletableFuture.supplyAsync(() -> CliRun.run(work, "verify", "--repair", "--config",
                    config.toString(), "--db", replica().toString())).get(120, TimeUnit.SECONDS);
            assertEquals(0, again.status, again::toString);
            assertReplicaEqualsSource(replica(), first);
            assertReplicaEqualsSource(replica(), second);
        }
    }

    /**
     * The questions a run asks about several tables in one statement (TableBatch: their schemas, then
     * the counts of their unreadable watermarks) get no answer: the first table fails with the silence
     * explained, not blamed on its "where", the tables after it complete on a fresh connection, and the
     * next run catches up. The batch's failure was swallowed (each table is then asked alone), but the
     * driver had closed the connection: the table's own question failed with "This connection has been
     * closed", which the filter check then blamed on the where.
     */
    @Test
    @Timeout(value = 240, unit = TimeUnit.SECONDS)
    void batchedQuestionsThatGetNoAnswerFailTheFirstTableWithTheSilenceNotItsWhere() throws Exception {
        String first = "net_b1";
        String second = "net_b2";
        String third = "net_b3";
        createTable(first, true);
        createTable(second, true);
        createTable(third, true);
        insertRows(first, 1, 100, 1);
        insertRows(second, 1, 100, 1);
        insertRows(third, 1, 100, 1);
        try (SilentProxy proxy = new SilentProxy(db.hostPort())) {
            Path config = config(quietSourceJson(proxy, tableJson(first, "\"where\": \"v >= 0\""), tableJson(second, ""),
                    tableJson(third, "")));
            runOk(config, replica());
            int next = 101;
            // The first statement naming the first table is the batch of schemas; the first count is the
            // batch of counts where the source counts together (else the first table's own).
            for (String marker : List.of(first, "COUNT(*)")) {
                for (String table : List.of(first, second, third)) {
                    insertRows(table, next, 20, 1);
                }
                next += 20;
                proxy.silenceAfter(marker, 0);
                int silencedBefore = proxy.silenced();
                CliRun result = CompletableFuture.supplyAsync(() -> run(config, replica())).get(120, TimeUnit.SECONDS);
                System.out.println("[faults] silent batch (" + marker + "): " + lastLog(replica(), first).get(1));
                if (proxy.silenced() == silencedBefore) {
                    // A source that counts nothing here (MariaDB: a NOT NULL watermark has no NULLs to count).
                    proxy.disarm();
                    assertEquals(0, result.status, result::toString);
                    assertOk(replica(), first, second, third);
                    continue;
                }
                assertEquals(silencedBefore + 1, proxy.silenced(), "the connection went silent more than once");
                assertFailedWith(replica(), result, first, "quiet", "stopped answering", "readTimeoutSeconds");
                assertFalse(String.valueOf(lastLog(replica(), first).get(1)).contains(".where"),
                        "the silence was blamed on the where: " + lastLog(replica(), first));
                assertConsistentWithWatermark(replica(), first);
                assertOk(replica(), second, third);
                runOk(config, replica());
                assertOk(replica(), first, second, third);
            }
        }
    }

    /**
     * A server that accepts the connection and then says nothing (frozen before it greets) fails that
     * source's tables within the driver's connect timeout (10 s), whatever readTimeoutSeconds says (0 too:
     * the connect has its own bound), saying so, and the other source's tables complete.
     */
    @Test
    @Timeout(value = 180, unit = TimeUnit.SECONDS)
    void aServerSilentFromTheStartFailsTheConnectWithinTheConnectTimeout() throws Exception {
        String silent = "net_mute";
        String other = "net_speaks";
        createTable(silent, true);
        createTable(other, true);
        insertRows(silent, 1, 50, 1);
        insertRows(other, 1, 50, 1);
        try (SilentProxy proxy = new SilentProxy(db.hostPort())) {
            proxy.silenceNewConnections();
            for (String readTimeout : List.of("", "\"readTimeoutSeconds\": 0, ")) {
                String quiet = namedSourceJson("quiet", db.sourceType(), proxy.through(db.conn(), db.hostPort()),
                        tableJson(silent, "")).replaceFirst("\\{", "{" + readTimeout);
                Path config = config(quiet, sourceJson(tableJson(other, "")));
                long started = System.nanoTime();
                CliRun result = CompletableFuture.supplyAsync(() -> run(config, replica())).get(60, TimeUnit.SECONDS);
                long seconds = TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - started);
                System.out.println("[faults] mute server (" + readTimeout + "): " + seconds + " s; "
                        + lastLog(replica(), silent).get(1));
                // The driver's words alone ("The connection attempt failed.", "Communications link
                // failure") did not say that the server was reached and then said nothing.
                // Nor that the port may be another service's which waits for more from its client, in
                // the driver's own terms: PostgreSQL's 5432 given to a MySQL source is such a silence, and
                // that example read to a PostgreSQL source as if it were one.
                assertFailedWith(replica(), result, silent, "cannot connect to quiet: the server accepted the"
                        + " connection but did not answer the login within 10 s", "or the port is another service's",
                        db.sourceType().equals("postgres") ? "given to a PostgreSQL source" : "given to a MySQL source");
                assertTrue(seconds < 30, "the connect took " + seconds + " s");
                assertOk(replica(), other);
            }
            // validate-config --connect (and reflect) connect as run does, and say the same.
            Path config = config(namedSourceJson("quiet", db.sourceType(), proxy.through(db.conn(), db.hostPort()),
                    tableJson(silent, "")));
            CliRun checked = CompletableFuture.supplyAsync(() -> CliRun.run(work, "validate-config", "--connect",
                    "--config", config.toString())).get(60, TimeUnit.SECONDS);
            assertTrue(checked.status != 0 && (checked.out + checked.err).contains("cannot connect to quiet: the server"
                    + " accepted the connection but did not answer the login within 10 s"), checked::toString);
        }
    }

    /**
     * A source that cannot be reached at all, its host name not resolving (a typo, DNS down) or nothing
     * listening on its port (a wrong port, the server down), fails its tables at once saying which, and the
     * other source's tables complete. The drivers' own words said neither: PostgreSQL's "The connection
     * attempt failed." for a host that does not resolve, and MySQL's "Communications link failure ... The
     * driver has not received any packets from the server." for both; the reason was only in -vv's causes.
     */
    @Test
    @Timeout(value = 180, unit = TimeUnit.SECONDS)
    void aSourceThatCannotBeReachedSaysWhyAndTheOthersComplete() throws Exception {
        String far = "net_far";
        String near = "net_near";
        createTable(far, true);
        createTable(near, true);
        insertRows(far, 1, 20, 1);
        insertRows(near, 1, 20, 1);
        int closedPort;
        try (java.net.ServerSocket socket = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            closedPort = socket.getLocalPort();
        }
        String port = db.hostPort().substring(db.hostPort().lastIndexOf(':') + 1);
        String unknownHost = db.conn().replace("@" + db.hostPort() + "/", "@no-such-host.invalid:" + port + "/");
        String closed = db.conn().replace("@" + db.hostPort() + "/", "@127.0.0.1:" + closedPort + "/");
        assertFalse(unknownHost.equals(db.conn()) || closed.equals(db.conn()), db.conn());
        for (List<String> trouble : List.of(
                List.of(unknownHost, "cannot connect to far: the host name no-such-host.invalid does not resolve"),
                List.of(closed, "cannot connect to far: the connection was refused: nothing listens on that host and"
                        + " port"))) {
            Path config = config(namedSourceJson("far", db.sourceType(), trouble.get(0), tableJson(far, "")),
                    sourceJson(tableJson(near, "")));
            CliRun result = run(config, replica());
            System.out.println("[faults] unreachable: " + lastLog(replica(), far).get(1));
            assertFailedWith(replica(), result, far, trouble.get(1));
            assertOk(replica(), near);
            CliRun checked = CliRun.run(work, "validate-config", "--connect", "--config", config.toString());
            assertTrue(checked.status == 1 && (checked.out + checked.err).contains(trouble.get(1)), checked::toString);
        }
    }

    /**
     * validate-config --connect whose look at a table gets no answer says the source stopped answering
     * (not the driver's bare words), and the next table of the source is looked at on a fresh connection
     * rather than failing on the one the driver closed.
     */
    @Test
    @Timeout(value = 120, unit = TimeUnit.SECONDS)
    void anInspectionThatGetsNoAnswerSaysSoAndTheNextTableIsStillInspected() throws Exception {
        String first = "net_look1";
        String second = "net_look2";
        createTable(first, true);
        createTable(second, true);
        try (SilentProxy proxy = new SilentProxy(db.hostPort())) {
            Path config = config(quietSourceJson(proxy, tableJson(first, ""), tableJson(second, "")));
            proxy.silenceAfter(first, 0);
            CliRun checked = CompletableFuture.supplyAsync(() -> CliRun.run(work, "validate-config", "--connect",
                    "--config", config.toString())).get(60, TimeUnit.SECONDS);
            assertEquals(1, proxy.silenced(), "the connection did not go silent: " + checked);
            assertEquals(1, checked.status, checked::toString);
            assertTrue(checked.err.contains(first + " <- quiet " + first + ": the source quiet stopped answering"),
                    checked::toString);
            assertTrue(checked.err.contains("readTimeoutSeconds"), checked::toString);
            assertTrue(checked.out.contains(second + " <- quiet " + second), "the next table: " + checked);
        }
    }

    /**
     * validate-config --connect (and reflect) whose look at a filtered table waits for another session's lock
     * (a migration's ALTER TABLE held in an open transaction, a LOCK TABLE) says so, with how long it waited and
     * the setting, and does not blame the table's "where"; the next table is still looked at. The where's check
     * failed with the lock timeout, which the inspection reported as ".where does not run on ...".
     */
    @Test
    @Timeout(value = 120, unit = TimeUnit.SECONDS)
    void anInspectionThatWaitsForALockSaysSoAndDoesNotBlameTheWhere() throws Exception {
        String locked = "lock_look1";
        String free = "lock_look2";
        createTable(locked, true);
        createTable(free, true);
        Path config = config(withLockTimeout(namedSourceJson("main", db.sourceType(), db.conn(),
                tableJson(locked, "\"where\": \"v >= 0\""), tableJson(free, "\"where\": \"v >= 0\"")), 1));
        try (AutoCloseable lock = faults.blockReads(locked)) {
            CliRun checked = CompletableFuture.supplyAsync(() -> CliRun.run(work, "validate-config", "--connect",
                    "--config", config.toString())).get(60, TimeUnit.SECONDS);
            System.out.println("[faults] locked inspection: " + checked);
            assertEquals(1, checked.status, checked::toString);
            assertTrue(checked.err.contains(locked + " <- main " + locked + ": gave up waiting for a lock that another"
                    + " session holds on the table"), checked::toString);
            assertTrue(checked.err.contains("after 1 s (the source's lockTimeoutSeconds)"), checked::toString);
            assertFalse(checked.err.contains(".where"), "the lock was blamed on the where: " + checked);
            assertTrue(checked.out.contains(free + " <- main " + free), "the next table: " + checked);

            CliRun reflected = CompletableFuture.supplyAsync(() -> CliRun.run(work, "reflect",
                    "--config", config.toString())).get(60, TimeUnit.SECONDS);
            assertEquals(1, reflected.status, reflected::toString);
            assertTrue(reflected.err.contains(locked + ": gave up waiting for a lock that another session holds"),
                    reflected::toString);
            assertFalse(reflected.err.contains(".where"), "the lock was blamed on the where: " + reflected);
            assertFalse(reflected.err.contains(free + ":"), "the next table: " + reflected);
        }
        CliRun checked = CliRun.run(work, "validate-config", "--connect", "--config", config.toString());
        assertEquals(0, checked.status, checked::toString);
    }

    /**
     * A repair whose read waits for another session's lock on its table (taken once the table was verified)
     * fails that table's repair saying so, with how long it waited and the setting, and the next table of the
     * source is still repaired; once the lock is gone a repair completes. The repair's failure read as the
     * driver's bare words ("canceling statement due to lock timeout", "Lock wait timeout exceeded").
     */
    @Test
    @Timeout(value = 180, unit = TimeUnit.SECONDS)
    void aRepairThatWaitsForALockSaysSoAndTheNextTableIsStillRepaired() throws Exception {
        String locked = "lock_rep1";
        String free = "lock_rep2";
        createTable(locked, true);
        createTable(free, true);
        insertRows(locked, 1, 200, 1);
        insertRows(free, 1, 200, 1);
        Path config = config(withLockTimeout(namedSourceJson("main", db.sourceType(), db.conn(),
                tableJson(locked, "\"where\": \"v >= 0\""), tableJson(free, "")), 1));
        runOk(config, replica());
        ReplicaReader.edit(replica(), "DELETE FROM \"" + locked + "\" WHERE id = 7",
                "DELETE FROM \"" + free + "\" WHERE id = 7");
        List<AutoCloseable> locks = Collections.synchronizedList(new ArrayList<>());
        CliRun repaired;
        try {
            try (AutoCloseable hook = RepairHooks.beforeRepair(target -> {
                if (target.equals(locked)) {
                    locks.add(faults.blockReads(locked));
                }
            })) {
                repaired = CompletableFuture.supplyAsync(() -> CliRun.run(work, "verify", "--repair", "--config",
                        config.toString(), "--db", replica().toString())).get(120, TimeUnit.SECONDS);
            }
        } finally {
            for (AutoCloseable lock : locks) {
                lock.close();
            }
        }
        System.out.println("[faults] locked repair: " + repaired);
        assertEquals(1, locks.size(), "the repair of the locked table did not start: " + repaired);
        assertEquals(1, repaired.status, repaired::toString);
        assertTrue(repaired.out.contains("repair failed: gave up waiting for a lock that another session holds"),
                repaired::toString);
        assertTrue(repaired.out.contains("after 1 s (the source's lockTimeoutSeconds)"), repaired::toString);
        assertFalse(repaired.out.contains(".where") || repaired.out.contains("cannot verify"), repaired::toString);
        assertReplicaEqualsSource(replica(), free);

        CliRun again = CliRun.run(work, "verify", "--repair", "--config", config.toString(), "--db",
                replica().toString());
        assertEquals(0, again.status, again::toString);
        assertReplicaEqualsSource(replica(), locked);
        assertReplicaEqualsSource(replica(), free);
    }

    @Test
    void aTableDroppedBetweenRunsFailsClearlyAndCatchesUpOnceBack() {
        String kept = "drop_kept";
        String dropped = "drop_gone";
        createTable(kept, true);
        createTable(dropped, true);
        insertRows(kept, 1, 300, 1);
        insertRows(dropped, 1, 300, 1);
        Path config = config(sourceJson(tableJson(dropped, "\"pageSize\": 50"), tableJson(kept, "")));
        runOk(config, replica());
        String watermark = storedWatermark(replica(), dropped);

        db.execute("CREATE TABLE " + q(dropped + "_saved") + " AS SELECT * FROM " + q(dropped),
                "DROP TABLE " + q(dropped));
        insertRows(kept, 301, 50, 1);
        CliRun failed = run(config, replica());
        assertFailedWith(replica(), failed, dropped, dropped, "does not exist");
        assertEquals(watermark, storedWatermark(replica(), dropped), "a failed table keeps its watermark");
        assertOk(replica(), kept);

        createTable(dropped, true);
        db.execute("INSERT INTO " + q(dropped) + " SELECT * FROM " + q(dropped + "_saved"));
        insertRows(dropped, 301, 70, 1);
        db.execute("UPDATE " + q(dropped) + " SET v = v + 1, updated_at = updated_at + INTERVAL '1' DAY WHERE id % 7 = 0");
        runOk(config, replica());
        assertOk(replica(), dropped, kept);
    }

    @Test
    void aRenamedWatermarkColumnFailsClearlyAndCatchesUpOnceBack() {
        String kept = "rename_kept";
        String renamed = "rename_wm";
        createTable(kept, true);
        createTable(renamed, true);
        insertRows(kept, 1, 300, 1);
        insertRows(renamed, 1, 300, 1);
        Path config = config(sourceJson(tableJson(renamed, ""), tableJson(kept, "")));
        runOk(config, replica());
        String watermark = storedWatermark(replica(), renamed);

        db.execute("ALTER TABLE " + q(renamed) + " RENAME COLUMN updated_at TO modified_at");
        db.execute("UPDATE " + q(renamed) + " SET v = v + 1, modified_at = modified_at + INTERVAL '1' DAY WHERE id % 5 = 0");
        insertRows(kept, 301, 50, 1);
        CliRun failed = run(config, replica());
        assertFailedWith(replica(), failed, renamed, "updated_at does not exist", "modified_at");
        assertEquals(watermark, storedWatermark(replica(), renamed), "a failed table keeps its watermark");
        assertOk(replica(), kept);

        db.execute("ALTER TABLE " + q(renamed) + " RENAME COLUMN modified_at TO updated_at");
        runOk(config, replica());
        assertOk(replica(), renamed, kept);
    }

    @Test
    void aWrongPasswordFailsThatSourceOnlyAndNeverLeaks() throws Exception {
        try (FaultDatabase.PasswordDatabase secure = faults.passwordDatabase()) {
            String guarded = "pw_items";
            String open = "pw_open";
            secure.execute("CREATE TABLE " + guarded + " (id BIGINT PRIMARY KEY, updated_at " + db.timestampType()
                    + " NOT NULL, v BIGINT NOT NULL, payload VARCHAR(200))", insertValues(guarded, 1, 200));
            createTable(open, true);
            insertRows(open, 1, 200, 1);
            String wrong = "Wr0ng-" + Long.toHexString(System.nanoTime());
            Path good = config(namedSourceJson("secure", secure.sourceType(), secure.conn(secure.correctPassword()),
                    tableJson(guarded, "")), sourceJson(tableJson(open, "")));
            Path bad = config(namedSourceJson("secure", secure.sourceType(), secure.conn(wrong), tableJson(guarded, "")),
                    sourceJson(tableJson(open, "")));
            runOk(good, replica());
            String watermark = storedWatermark(replica(), guarded);

            secure.execute(insertValues(guarded, 201, 260));
            insertRows(open, 201, 40, 1);
            Path logFile = work.resolve("replicate.log");
            for (String verbosity : List.of("-q", "-v", "-vv")) {
                CliRun failed = run(bad, replica(), verbosity, "--log-file", logFile.toString());
                assertEquals(1, failed.status, failed::toString);
                assertFalse(failed.out.contains(wrong) || failed.err.contains(wrong),
                        "the wrong password leaked to the terminal with " + verbosity + ": " + failed);
                if (!verbosity.equals("-q")) {
                    assertTrue(failed.err.contains(guarded + " failed: cannot connect to secure"), failed::toString);
                }
            }
            List<Object> log = lastLog(replica(), guarded);
            assertEquals(0L, log.get(0));
            assertTrue(String.valueOf(log.get(1)).contains(secure.rejectionText()), log.toString());
            assertEquals(watermark, storedWatermark(replica(), guarded), "a failed table keeps its watermark");
            assertOk(replica(), open);
            assertFalse(Files.readString(logFile).contains(wrong), "the wrong password leaked to the log file");
            assertNoFileContains(work, wrong);
            assertNoFileContains(work, secure.correctPassword());

            CliRun fixed = runOk(good, replica(), "-vv", "--log-file", logFile.toString());
            String right = secure.correctPassword();
            assertFalse(fixed.out.contains(right) || fixed.err.contains(right) || Files.readString(logFile).contains(right),
                    "the right password leaked: " + fixed);
            assertNoFileContains(work, right);
            assertEquals(sorted(secure.query("SELECT id, v, payload FROM " + guarded)), replicaRows(replica(), guarded));
            assertOk(replica(), open);
        }
    }

    /** One INSERT of rows first..last, in SQL any source understands. */
    private String insertValues(String table, int first, int last) {
        StringBuilder sql = new StringBuilder("INSERT INTO " + table + " (id, updated_at, v, payload) VALUES ");
        for (int id = first; id <= last; id++) {
            sql.append(id == first ? "" : ", ").append("(").append(id).append(", ")
                    .append(timestampSql(tick(id * 1000L))).append(", 0, 'p")
                    .append(id).append("')");
        }
        return sql.toString();
    }

    private static List<String> sorted(List<List<String>> rows) {
        List<String> joined = new ArrayList<>(rows.stream().map(r -> String.join("|", r)).toList());
        Collections.sort(joined);
        return joined;
    }

    /** No file the run wrote (the SQLite file, its WAL and shared memory, logs) holds the text. */
    private static void assertNoFileContains(Path dir, String secret) throws Exception {
        byte[] needle = secret.getBytes(StandardCharsets.UTF_8);
        List<Path> checked = new ArrayList<>();
        try (Stream<Path> files = Files.list(dir)) {
            for (Path file : files.filter(Files::isRegularFile).filter(f -> !f.getFileName().toString().startsWith("config"))
                    .toList()) {
                byte[] bytes = Files.readAllBytes(file);
                assertFalse(indexOf(bytes, needle) >= 0, "the wrong password is in " + file);
                checked.add(file.getFileName());
            }
        }
        assertNotNull(checked.stream().filter(p -> p.toString().equals("replica.db")).findFirst().orElse(null),
                "the SQLite file was checked: " + checked);
    }

    private static int indexOf(byte[] haystack, byte[] needle) {
        outer:
        for (int i = 0; i + needle.length <= haystack.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }
}
