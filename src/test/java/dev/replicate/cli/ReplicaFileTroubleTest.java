package dev.replicate.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.replicate.sqlite.ReplicaLock;
import dev.replicate.testing.CliRun;
import dev.replicate.testing.PostgresTestDatabase;
import dev.replicate.testing.ReplicaReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.io.TempDir;

/**
 * The SQLite file when someone has been at it by hand (issue #14): state tables dropped, a stored
 * watermark edited into garbage, a --db that is a directory. Each run either mends what it can or
 * stops with a message naming what is wrong, where, and how to recover.
 */
class ReplicaFileTroubleTest {
    private static PostgresTestDatabase db;

    @TempDir
    Path dir;

    @BeforeAll
    static void createTables() {
        db = PostgresTestDatabase.withOrders();
    }

    @AfterAll
    static void dropDatabase() {
        db.close();
    }

    private Path config() throws Exception {
        Path file = dir.resolve("c.json");
        Files.writeString(file, "[" + db.sourceBlock("{\"name\": \"orders\", \"watermark\": \"updated_at\"}") + "]");
        return file;
    }

    private static void sql(Path database, String... statements) throws Exception {
        ReplicaReader.edit(database, statements);
    }

    private CliRun run(Path config, Path database, String... more) {
        List<String> args = new java.util.ArrayList<>(List.of("--force"));
        args.addAll(List.of(more));
        return CliRun.on(dir, "run", config, database, args.toArray(String[]::new));
    }

    @Test
    void aDroppedWatermarkTableIsMadeAgainAndItsTablesSyncFromTheStartWithANote() throws Exception {
        Path config = config();
        Path database = dir.resolve("r.db");
        assertEquals(ExitStatus.OK, run(config, database).status);
        sql(database, "DROP TABLE _replicate_watermarks");
        CliRun status = CliRun.run(dir, "status", "--config", config.toString(), "--db", database.toString());
        assertEquals(ExitStatus.REPLICA_ERROR, status.status, status::toString);
        assertTrue(status.err.contains("lacks the state table _replicate_watermarks")
                && status.err.contains("the next `replicate run` makes it again"), status.err);

        CliRun again = run(config, database);
        assertEquals(ExitStatus.OK, again.status, again::toString);
        assertEquals(2L, ReplicaReader.count(database, "orders"));
        assertEquals("2024-01-02T00:00:00Z", ReplicaReader.single(database,
                "SELECT last_value FROM _replicate_watermarks WHERE target = 'orders'"));
        Object notes = ReplicaReader.single(database, "SELECT notes FROM _replicate_log ORDER BY id DESC LIMIT 1");
        assertTrue(String.valueOf(notes).contains("_replicate_watermarks was missing")
                && String.valueOf(notes).contains("from the start"), String.valueOf(notes));
        assertEquals(ExitStatus.OK, run(config, database).status, "and later runs go on as usual");
    }

    /**
     * Another process (an application, a {@code sqlite3} shell inside BEGIN) holds a write transaction on
     * the replica through the run: SQLite's bare "database is locked" said neither who nor what to do.
     */
    @Test
    void aWriteTransactionHeldByAnotherProcessIsNamedAsSuch() throws Exception {
        Path config = config();
        Path database = dir.resolve("r.db");
        assertEquals(ExitStatus.OK, run(config, database).status);
        try (java.sql.Connection other = java.sql.DriverManager.getConnection("jdbc:sqlite:" + database);
             java.sql.Statement statement = other.createStatement()) {
            statement.execute("BEGIN IMMEDIATE");
            statement.execute("DELETE FROM orders WHERE 1 = 0");
            CliRun held = run(config, database);
            assertEquals(ExitStatus.REPLICA_ERROR, held.status, held::toString);
            assertTrue(held.err.contains("another process holds a write transaction on it")
                    && held.err.contains("run again once it ends"), held.err);
            statement.execute("ROLLBACK");
        }
        assertEquals(ExitStatus.OK, run(config, database).status, "once it ends, the next run goes on");
    }

    /**
     * An application (a {@code sqlite3} shell, a script) holds a write transaction on the replica for a
     * moment, well under the 10 s the run waits for it, and rolls back or commits a write. The run failed
     * at once, exit 74, saying it had waited 10 s: its transactions began deferred and read before
     * writing, and SQLite refuses a connection inside a read transaction its write lock without calling
     * the busy handler (and, once another's commit is newer than what it read, for good).
     */
    @ParameterizedTest
    @ValueSource(strings = {"ROLLBACK", "COMMIT"})
    void aWriteTransactionHeldForAMomentIsWaitedFor(String end) throws Exception {
        Path config = config();
        Path database = dir.resolve("r-" + end + ".db");
        assertEquals(ExitStatus.OK, run(config, database).status);
        try (java.sql.Connection other = java.sql.DriverManager.getConnection("jdbc:sqlite:" + database);
             java.sql.Statement statement = other.createStatement()) {
            statement.execute("BEGIN IMMEDIATE");
            statement.execute("CREATE TABLE app_note (note TEXT)");
            Thread release = new Thread(() -> {
                try {
                    Thread.sleep(1500);
                    statement.execute(end);
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            });
            release.start();
            long started = System.nanoTime();
            CliRun waited = run(config, database);
            release.join();
            assertEquals(ExitStatus.OK, waited.status, waited::toString);
            assertTrue(System.nanoTime() - started >= 1_000_000_000L, "it waited for the lock");
        }
        assertEquals(2L, ReplicaReader.count(database, "_replicate_log"), "the second run recorded itself");
    }

    /**
     * An application's write transaction held for a moment (BEGIN IMMEDIATE, then its end after 1.5 s),
     * while {@code replicate reset} or {@code verify --repair} writes: they read the file before they
     * write, which SQLite refuses at once without the busy timeout's wait. They failed at once, exit 74
     * (reset, saying it had waited 10 s) or "repair failed: [SQLITE_BUSY]"; they wait as a run does.
     */
    @ParameterizedTest
    @ValueSource(strings = {"reset", "repair", "repair-keyless"})
    void aWriteTransactionHeldForAMomentIsWaitedForByResetAndRepair(String command) throws Exception {
        Path config = dir.resolve("c-" + command + ".json");
        Files.writeString(config, "[" + db.sourceBlock(command.equals("repair-keyless")
                ? "{\"name\": \"orders\", \"watermark\": \"updated_at\", \"primaryKey\": []}"
                : "{\"name\": \"orders\", \"watermark\": \"updated_at\", \"deletes\": {\"reconcile\": \"P1D\"}}") + "]");
        Path database = dir.resolve("r-" + command + ".db");
        assertEquals(ExitStatus.OK, run(config, database).status);
        if (command.startsWith("repair")) {
            sql(database, command.equals("repair") ? "DELETE FROM orders WHERE id = 1" : "DELETE FROM orders WHERE total = 9.99");
            if (command.equals("repair")) {
                sql(database, "UPDATE orders SET total = 0 WHERE id = 2",
                        "INSERT INTO orders (id, updated_at, total) VALUES (3, '2024-01-01T12:00:00Z', 1)");
            }
        }
        try (java.sql.Connection other = java.sql.DriverManager.getConnection("jdbc:sqlite:" + database);
             java.sql.Statement statement = other.createStatement()) {
            statement.execute("BEGIN IMMEDIATE");
            statement.execute("CREATE TABLE app_note (note TEXT)");
            Thread release = new Thread(() -> {
                try {
                    Thread.sleep(1500);
                    statement.execute("COMMIT");
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            });
            release.start();
            long started = System.nanoTime();
            CliRun waited = command.equals("reset")
                    ? CliRun.run(dir, "reset", "--config", config.toString(), "--db", database.toString(), "orders")
                    : CliRun.run(dir, "verify", "--repair", "--config", config.toString(), "--db", database.toString());
            release.join();
            assertEquals(ExitStatus.OK, waited.status, waited::toString);
            assertTrue(System.nanoTime() - started >= 1_000_000_000L, "it waited for the lock");
        }
        if (command.equals("reset")) {
            assertEquals(0L, ReplicaReader.single(database,
                    "SELECT count(*) FROM sqlite_master WHERE name = 'orders'"), "the table was dropped");
            assertEquals(0L, ReplicaReader.single(database,
                    "SELECT count(*) FROM _replicate_watermarks WHERE target = 'orders'"), "its state forgotten");
        } else {
            assertEquals(List.of(List.of(1L, "9.99"), List.of(2L, "19.99")),
                    ReplicaReader.query(database, "SELECT id, total FROM orders ORDER BY id"));
            assertEquals(List.of(java.util.Arrays.asList(1L, null)), ReplicaReader.query(database,
                    "SELECT ok, error FROM _replicate_log WHERE kind = 'repair'"), "the repair recorded itself");
            CliRun verify = CliRun.run(dir, "verify", "--config", config.toString(), "--db", database.toString());
            assertEquals(ExitStatus.OK, verify.status, verify::toString);
        }
        assertEquals(1L, ReplicaReader.single(database, "SELECT count(*) FROM sqlite_master WHERE name = 'app_note'"),
                "the application's write stands");
    }

    /**
     * An application's write transaction taken while a repair is under way, once its first page committed,
     * just before the next page is written ({@code RepairHooks.beforePageWrite}), after that page's
     * transaction read the replica: SQLite refuses such a transaction the lock at once, without its busy
     * handler. The try is refused, the lock waited for, and the rows read again. Against an undisturbed
     * repair of the same damage: the same rows, none twice, none lost, and the same counts (the refused
     * try's committed page counted twice before 707e7aa).
     */
    @ParameterizedTest
    @ValueSource(strings = {"keyed", "keyless"})
    void aWriteTransactionTakenBetweenARepairsPagesIsWaitedForAndCountedOnce(String kind) throws Exception {
        String table = "paged_" + kind;
        db.execute("DROP TABLE IF EXISTS " + table,
                "CREATE TABLE " + table + " (id BIGINT PRIMARY KEY, updated_at TIMESTAMPTZ NOT NULL, note TEXT)",
                "INSERT INTO " + table + " SELECT g, TIMESTAMPTZ '2024-01-01 00:00:00+00' + g * INTERVAL '1 minute',"
                        + " 'row ' || g FROM generate_series(1, 60) AS g");
        Path config = dir.resolve("p-" + kind + ".json");
        Files.writeString(config, "[" + db.sourceBlock("{\"name\": \"" + table + "\", \"watermark\": \"updated_at\","
                + " \"pageSize\": 3" + (kind.equals("keyless") ? ", \"primaryKey\": []" : "") + "}") + "]");
        Path undisturbed = dir.resolve("p-" + kind + "-calm.db");
        Path disturbed = dir.resolve("p-" + kind + "-held.db");
        for (Path database : List.of(undisturbed, disturbed)) {
            assertEquals(ExitStatus.OK, run(config, database).status);
            sql(database, "DELETE FROM " + table + " WHERE note > 'row 2'");
        }
        CliRun calm = CliRun.run(dir, "verify", "--repair", "--config", config.toString(), "--db", undisturbed.toString());
        assertEquals(ExitStatus.OK, calm.status, calm::toString);

        java.util.concurrent.atomic.AtomicInteger pages = new java.util.concurrent.atomic.AtomicInteger();
        java.util.concurrent.CountDownLatch taken = new java.util.concurrent.CountDownLatch(1);
        java.util.concurrent.atomic.AtomicReference<Exception> holderFailed = new java.util.concurrent.atomic.AtomicReference<>();
        List<Thread> holders = new java.util.ArrayList<>();
        CliRun repaired;
        long started = System.nanoTime();
        try (AutoCloseable hook = dev.replicate.sync.RepairHooks.beforePageWrite(repairs -> {
            if (pages.incrementAndGet() != 2) {
                return;
            }
            try (java.sql.Statement read = repairs.createStatement();
                 java.sql.ResultSet rs = read.executeQuery("SELECT count(*) FROM " + table)) {
                rs.next();
            } catch (java.sql.SQLException e) {
                throw new IllegalStateException(e);
            }
            Thread holder = new Thread(() -> {
                try (java.sql.Connection other = java.sql.DriverManager.getConnection("jdbc:sqlite:" + disturbed);
                     java.sql.Statement statement = other.createStatement()) {
                    statement.execute("BEGIN IMMEDIATE");
                    statement.execute("CREATE TABLE app_note (note TEXT)");
                    taken.countDown();
                    Thread.sleep(1000);
                    statement.execute("COMMIT");
                } catch (Exception e) {
                    holderFailed.set(e);
                    taken.countDown();
                }
            });
            holders.add(holder);
            holder.start();
            try {
                taken.await();
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
        })) {
            repaired = CliRun.run(dir, "verify", "--repair", "--config", config.toString(), "--db", disturbed.toString());
        }
        for (Thread holder : holders) {
            holder.join();
        }
        assertEquals(null, holderFailed.get(), "the lock was taken");
        assertTrue(pages.get() > 2, "the page refused was written again");
        assertEquals(ExitStatus.OK, repaired.status, repaired::toString);
        assertTrue(System.nanoTime() - started >= 900_000_000L, "it waited for the lock");
        assertEquals(calm.out, repaired.out, "the same repair told");
        String rows = "SELECT id, updated_at, note FROM " + table + " ORDER BY id";
        assertEquals(60L, ReplicaReader.count(disturbed, table), "none twice, none lost");
        assertEquals(ReplicaReader.query(undisturbed, rows), ReplicaReader.query(disturbed, rows));
        String counts = "SELECT kind, ok, rows_pulled, error FROM _replicate_log WHERE kind = 'repair'";
        assertEquals(ReplicaReader.query(undisturbed, counts), ReplicaReader.query(disturbed, counts),
                "the same counts as an undisturbed repair");
        assertEquals(1L, ReplicaReader.single(disturbed, "SELECT count(*) FROM sqlite_master WHERE name = 'app_note'"),
                "the application's write stands");
    }

    /**
     * An application's write transaction held through {@code reset} or {@code verify --repair}, past the busy
     * timeout: each says what it left and what to do as fits it. Both said a run's words ("what the run
     * committed before stays: run again once it ends"), and a keyless repair whose identities' index could
     * not be made said only the driver's "[SQLITE_BUSY] The database file is locked".
     */
    @ParameterizedTest
    @ValueSource(strings = {"reset", "repair", "repair-keyless"})
    void aWriteTransactionHeldThroughResetOrRepairIsToldAsFitsTheCommand(String command) throws Exception {
        Path config = dir.resolve("h-" + command + ".json");
        Files.writeString(config, "[" + db.sourceBlock(command.equals("repair-keyless")
                ? "{\"name\": \"orders\", \"watermark\": \"updated_at\", \"primaryKey\": []}"
                : "{\"name\": \"orders\", \"watermark\": \"updated_at\"}") + "]");
        Path database = dir.resolve("h-" + command + ".db");
        assertEquals(ExitStatus.OK, run(config, database).status);
        if (command.startsWith("repair")) {
            sql(database, command.equals("repair") ? "DELETE FROM orders WHERE id = 1" : "DELETE FROM orders WHERE total = 9.99");
        }
        if (command.equals("repair-keyless")) {
            sql(database, "DROP INDEX IF EXISTS \"_replicate_row_key_orders\"");
        }
        CliRun held;
        // The busy timeout shortened from ten seconds: each command meets it once or more.
        try (AutoCloseable shortened = dev.replicate.sqlite.ReplicaHooks.busyTimeout(2000);
             java.sql.Connection other = java.sql.DriverManager.getConnection("jdbc:sqlite:" + database);
             java.sql.Statement statement = other.createStatement()) {
            statement.execute("BEGIN IMMEDIATE");
            statement.execute("CREATE TABLE app_note (note TEXT)");
            held = command.equals("reset")
                    ? CliRun.run(dir, "reset", "--config", config.toString(), "--db", database.toString(), "orders")
                    : CliRun.run(dir, "verify", "--repair", "--config", config.toString(), "--db", database.toString());
            statement.execute("ROLLBACK");
        }
        String said = held.out + held.err;
        assertTrue(said.contains("another process holds a write transaction on it"), held::toString);
        assertFalse(said.contains("what the run committed"), held::toString);
        assertTrue(said.contains(command.equals("reset") ? "nothing was reset" : "run verify --repair again"),
                held::toString);
    }

    /**
     * Cron's ordinary minute when a table's interval is longer: no table is due, and the run only reads
     * the states and prunes the log. That run failed at once, exit 74, while an application held a write
     * transaction for a moment: its read of the states was still open when the prune wrote.
     */
    @Test
    void aWriteTransactionHeldForAMomentIsWaitedForWhenNoTableIsDue() throws Exception {
        Path config = config();
        Path database = dir.resolve("r.db");
        assertEquals(ExitStatus.OK, run(config, database).status);
        try (java.sql.Connection other = java.sql.DriverManager.getConnection("jdbc:sqlite:" + database);
             java.sql.Statement statement = other.createStatement()) {
            statement.execute("BEGIN IMMEDIATE");
            statement.execute("CREATE TABLE app_note (note TEXT)");
            Thread release = new Thread(() -> {
                try {
                    Thread.sleep(1500);
                    statement.execute("COMMIT");
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            });
            release.start();
            long started = System.nanoTime();
            // Without --force: the table ran a moment ago, and its interval is a minute.
            CliRun waited = CliRun.on(dir, "run", config, database);
            release.join();
            assertEquals(ExitStatus.OK, waited.status, waited::toString);
            assertTrue(System.nanoTime() - started >= 1_000_000_000L, "it waited for the lock");
        }
        assertEquals(1L, ReplicaReader.count(database, "_replicate_log"), "no table was due");
    }

    @Test
    void aDroppedLogTableIsMadeAgainAndTheCursorIsKept() throws Exception {
        Path config = config();
        Path database = dir.resolve("r.db");
        assertEquals(ExitStatus.OK, run(config, database).status);
        sql(database, "DROP TABLE _replicate_log");

        CliRun again = run(config, database);
        assertEquals(ExitStatus.OK, again.status, again::toString);
        // The cursor was kept: the run read again only the row at the stored watermark (inclusive).
        assertEquals(List.of(List.of("orders", 1L, 1L)),
                ReplicaReader.query(database, "SELECT target, rows_pulled, ok FROM _replicate_log"));
    }

    @Test
    void bothStateTablesDroppedAreMadeAgain() throws Exception {
        Path config = config();
        Path database = dir.resolve("r.db");
        assertEquals(ExitStatus.OK, run(config, database).status);
        sql(database, "DROP TABLE _replicate_watermarks", "DROP TABLE _replicate_log");

        CliRun again = run(config, database);
        assertEquals(ExitStatus.OK, again.status, again::toString);
        assertEquals(2L, ReplicaReader.count(database, "orders"));
        assertEquals(1L, ReplicaReader.count(database, "_replicate_log"));
        CliRun status = CliRun.run(dir, "status", "--config", config.toString(), "--db", database.toString());
        assertEquals(ExitStatus.OK, status.status, status::toString);
    }

    @Test
    void aGarbageStoredWatermarkFailsTheTableNamingTheStateTableTheTargetAndReset() throws Exception {
        Path config = config();
        Path database = dir.resolve("r.db");
        assertEquals(ExitStatus.OK, run(config, database).status);
        sql(database, "UPDATE _replicate_watermarks SET last_value = 'garbage' WHERE target = 'orders'");

        CliRun result = run(config, database);
        assertEquals(ExitStatus.TABLE_FAILED, result.status, result::toString);
        assertTrue(result.err.contains("_replicate_watermarks") && result.err.contains("orders")
                && result.err.contains("'garbage'") && result.err.contains("replicate reset orders"), result.err);
        assertEquals("garbage", ReplicaReader.single(database,
                "SELECT last_value FROM _replicate_watermarks WHERE target = 'orders'"), "nothing else was written");
        Object error = ReplicaReader.single(database, "SELECT error FROM _replicate_log ORDER BY id DESC LIMIT 1");
        assertTrue(String.valueOf(error).contains("replicate reset orders"), String.valueOf(error));

        CliRun reset = CliRun.run(dir, "reset", "--config", config.toString(), "--db", database.toString(), "orders");
        assertEquals(ExitStatus.OK, reset.status, reset::toString);
        assertEquals(ExitStatus.OK, run(config, database).status, "the way out the message names works");
        assertEquals(2L, ReplicaReader.count(database, "orders"));
    }

    @Test
    void aDatabasePathThatIsADirectoryIsNamedAsSuchByStatusAndRun() throws Exception {
        Path config = config();
        Path folder = Files.createDirectory(dir.resolve("folder.db"));
        CliRun status = CliRun.run(dir, "status", "--config", config.toString(), "--db", folder.toString());
        assertEquals(ExitStatus.REPLICA_ERROR, status.status, status::toString);
        assertEquals("replicate: the SQLite file " + folder + " is a directory; give --db the path of a file in it,"
                + " such as " + folder.resolve("replica.db") + "\n", status.err);

        CliRun run = run(config, folder);
        assertEquals(ExitStatus.REPLICA_ERROR, run.status, run::toString);
        assertTrue(run.err.contains(folder + " is a directory"), run.err);
        assertFalse(Files.exists(ReplicaLock.lockFileFor(folder)), "nothing is created beside it");
    }

    @Test
    void theLockHoldsWhateverPathLeadsToTheFileSymlinksAndDotDotIncluded() throws Exception {
        Path config = config();
        Path real = Files.createDirectory(dir.resolve("real"));
        Path database = real.resolve("b.db");
        Path links = Files.createDirectory(dir.resolve("links"));
        // Before the file exists (a dangling link, as for a first run through it) and after.
        Files.createSymbolicLink(links.resolve("b.db"), Path.of("../real/b.db"));
        Files.createSymbolicLink(links.resolve("dir"), real);
        Files.createDirectory(real.resolve("sub"));
        List<Path> aliases = List.of(links.resolve("b.db"), links.resolve("dir/b.db"),
                real.resolve("sub/../b.db"), links.resolve("dir/sub/../b.db"));
        for (int i = 0; i < 2; i++) {
            try (ReplicaLock held = ReplicaLock.tryAcquire(database).orElseThrow()) {
                for (Path alias : aliases) {
                    CliRun second = run(config, alias);
                    assertEquals(ExitStatus.LOCKED, second.status, () -> alias + ": " + second);
                    assertEquals("", second.out + second.err, alias.toString());
                }
            }
            assertEquals(ExitStatus.OK, run(config, links.resolve("b.db")).status, "the lock is free again");
            assertTrue(Files.isRegularFile(database), "a run through a link writes the real file");
        }
        try (ReplicaLock held = ReplicaLock.tryAcquire(links.resolve("b.db")).orElseThrow()) {
            assertEquals(ExitStatus.LOCKED, run(config, database).status, "and the other way round");
        }
    }

    /**
     * Hostile test: a replica given as --config by mistake was read whole, so one over 2 GiB ended as an internal
     * error (exit 70, an OutOfMemoryError), and one of hundreds of MB took a heap's worth to fail. It is refused
     * by its size now, as a configuration error that names the file and asks whether it is the replica.
     */
    @Test
    void aLargeReplicaGivenAsTheConfigurationIsRefusedByItsSize() throws Exception {
        Path database = dir.resolve("replica.db");
        assertEquals(ExitStatus.OK, run(config(), database).status);
        Path large = dir.resolve("large.db");
        Files.copy(database, large);
        try (java.io.RandomAccessFile file = new java.io.RandomAccessFile(large.toFile(), "rw")) {
            file.setLength(3L << 30); // sparse: no disk used
        }
        for (String command : List.of("run", "status", "verify")) {
            CliRun result = CliRun.run(dir, command, "--config", large.toString(), "--db", database.toString());
            assertEquals(ExitStatus.USAGE, result.status, command + ": " + result);
            assertTrue(result.err.contains("invalid configuration (" + large + "):\n  $: the configuration file is"
                    + " 3,221,225,472 bytes, larger than any configuration (at most 16 MiB): is it the replica or another"
                    + " file?"), command + ": " + result);
        }
    }

    /** Hostile test: a mistyped --db made `status` exit 0 with every table "never run", --json too. */
    @Test
    void statusOnAFileThatDoesNotExistSaysSoWith74AndCreatesNothing() throws Exception {
        Path config = config();
        Path folder = Files.createDirectory(dir.resolve("empty"));
        Path typo = folder.resolve("typo.db");
        for (List<String> json : List.of(List.<String>of(), List.of("--json"))) {
            List<String> args = new java.util.ArrayList<>(List.of("status", "--config", config.toString(), "--db",
                    typo.toString()));
            args.addAll(json);
            CliRun status = CliRun.run(dir, args.toArray(String[]::new));
            assertEquals(ExitStatus.REPLICA_ERROR, status.status, status::toString);
            assertEquals("replicate: no replica at " + typo + " yet: no run has written it, or --db is wrong\n",
                    status.err);
            assertEquals("", status.out);
        }
        try (var files = Files.list(folder)) {
            assertEquals(List.of(), files.toList(), "no file, -wal, -shm or lock file made");
        }
        Path missingFolder = dir.resolve("missing/r.db");
        CliRun status = CliRun.run(dir, "status", "--config", config.toString(), "--db", missingFolder.toString());
        assertEquals(ExitStatus.REPLICA_ERROR, status.status, status::toString);
        assertEquals("replicate: the directory of the SQLite file does not exist: " + missingFolder.getParent() + "\n",
                status.err);
        assertFalse(Files.exists(missingFolder.getParent()));
    }

    /**
     * Hostile test: after a rollback to an older release, `run` refused the file a newer one had written
     * (exit 74, "upgrade replicate"), while `status` showed the newer release's last results as "ok" and
     * exited 0, so the stale file looked healthy.
     */
    @Test
    void aFileOfANewerStateVersionIsRefusedByStatusAsByRun() throws Exception {
        Path config = config();
        Path database = dir.resolve("r.db");
        assertEquals(ExitStatus.OK, run(config, database).status);
        sql(database, "PRAGMA user_version = 99");
        String expected = "this SQLite file was written by a newer replicate (state version 99); upgrade replicate";
        for (List<String> command : List.of(List.of("status"), List.of("status", "--json"), List.of("run"))) {
            List<String> args = new java.util.ArrayList<>(command);
            args.addAll(List.of("--config", config.toString(), "--db", database.toString()));
            CliRun result = CliRun.run(dir, args.toArray(String[]::new));
            assertEquals(ExitStatus.REPLICA_ERROR, result.status, command + ": " + result);
            assertTrue(result.err.contains(expected), command + ": " + result);
        }
    }

    /**
     * Hostile test: another application's SQLite file given as --db, with a user_version of its own.
     * At 7 it was said to be "written by a newer replicate (state version 7)". At 1, below replicate's
     * state version, `run` added the state tables and the replica's tables to it and set its
     * user_version to replicate's, which the application's own migrations read. It is not replicate's
     * at all, and is left alone. (A file at user_version 0 with tables of its own is a database the
     * user may mean to replicate into: it takes the state tables, as before.)
     */
    @ParameterizedTest
    @ValueSource(ints = {7, 1})
    void anotherApplicationsFileWithItsOwnUserVersionIsNamedAsNotReplicates(int userVersion) throws Exception {
        Path config = config();
        Path database = dir.resolve("app.db");
        sql(database, "CREATE TABLE users (id INTEGER PRIMARY KEY, email TEXT)", "PRAGMA user_version = " + userVersion);
        byte[] before = Files.readAllBytes(database);
        for (String command : List.of("run", "status")) {
            CliRun result = CliRun.run(dir, command, "--config", config.toString(), "--db", database.toString());
            assertEquals(ExitStatus.REPLICA_ERROR, result.status, command + ": " + result);
            assertFalse(result.err.contains("newer replicate"), command + ": " + result);
            assertTrue(result.err.contains(database + " holds no replicate state tables"), command + ": " + result);
        }
        assertTrue(java.util.Arrays.equals(before, Files.readAllBytes(database)), "the file is left as it was");
    }

    /** Hostile test: a hand-made state table of another shape made `status` exit 70 and `run` 74 for good. */
    @Test
    void aWatermarkTableOfTheWrongShapeStopsStatusAndRunWithTheWayOut() throws Exception {
        Path config = config();
        Path database = dir.resolve("r.db");
        assertEquals(ExitStatus.OK, run(config, database).status);
        sql(database, "DROP TABLE _replicate_watermarks", "CREATE TABLE _replicate_watermarks (x)");
        String expected = "replicate: the state table _replicate_watermarks in " + database + " is not the one"
                + " replicate makes: it lacks the columns source, table, target";
        String way = "sqlite3 " + database + " 'DROP TABLE _replicate_watermarks'";

        CliRun status = CliRun.run(dir, "status", "--config", config.toString(), "--db", database.toString());
        assertEquals(ExitStatus.REPLICA_ERROR, status.status, status::toString);
        assertTrue(status.err.startsWith(expected) && status.err.contains(way)
                && status.err.contains("sync again from the start"), status.err);
        CliRun json = CliRun.run(dir, "status", "--json", "--config", config.toString(), "--db", database.toString());
        assertEquals(ExitStatus.REPLICA_ERROR, json.status, json::toString);
        assertEquals(status.err, json.err);

        CliRun again = run(config, database);
        assertEquals(ExitStatus.REPLICA_ERROR, again.status, again::toString);
        assertEquals(status.err, again.err, "run says the same");
        assertEquals(List.of(List.of("x")), ReplicaReader.query(database,
                "SELECT name FROM pragma_table_info('_replicate_watermarks')"), "nothing was added to it");
        assertEquals(1L, ReplicaReader.count(database, "_replicate_log"), "nothing was logged");

        sql(database, "DROP TABLE _replicate_watermarks");
        assertEquals(ExitStatus.OK, run(config, database).status, "the way out the message names works");
        assertEquals("2024-01-02T00:00:00Z", ReplicaReader.single(database,
                "SELECT last_value FROM _replicate_watermarks WHERE target = 'orders'"));
    }

    @Test
    void aViewNamedAsAStateTableStopsTheRunWithTheWayOut() throws Exception {
        Path config = config();
        Path database = dir.resolve("r.db");
        assertEquals(ExitStatus.OK, run(config, database).status);
        sql(database, "DROP TABLE _replicate_watermarks", "CREATE VIEW _replicate_watermarks AS SELECT 1 AS x");

        CliRun again = run(config, database);
        assertEquals(ExitStatus.REPLICA_ERROR, again.status, again::toString);
        assertTrue(again.err.contains("_replicate_watermarks in " + database + " is a view, not the table replicate makes")
                && again.err.contains("sqlite3 " + database + " 'DROP VIEW _replicate_watermarks'"), again.err);
        CliRun status = CliRun.run(dir, "status", "--config", config.toString(), "--db", database.toString());
        assertEquals(ExitStatus.REPLICA_ERROR, status.status, status::toString);
        assertEquals(again.err, status.err);
    }

    /** Hostile test: `run --force` updated _replicate_watermarks, then failed on the log (74). */
    @Test
    void aLogTableOfTheWrongShapeStopsTheRunBeforeAnythingIsWritten() throws Exception {
        Path config = config();
        Path database = dir.resolve("r.db");
        assertEquals(ExitStatus.OK, run(config, database).status);
        Object lastRun = ReplicaReader.single(database, "SELECT last_run_ts FROM _replicate_watermarks");
        sql(database, "DROP TABLE _replicate_log", "CREATE TABLE _replicate_log (x)");

        CliRun again = run(config, database);
        assertEquals(ExitStatus.REPLICA_ERROR, again.status, again::toString);
        assertTrue(again.err.contains("the state table _replicate_log in " + database + " is not the one replicate makes")
                && again.err.contains("sqlite3 " + database + " 'DROP TABLE _replicate_log'"), again.err);
        assertEquals(lastRun, ReplicaReader.single(database, "SELECT last_run_ts FROM _replicate_watermarks"),
                "nothing was written");
        CliRun status = CliRun.run(dir, "status", "--config", config.toString(), "--db", database.toString());
        assertEquals(ExitStatus.REPLICA_ERROR, status.status, status::toString);

        sql(database, "DROP TABLE _replicate_log");
        assertEquals(ExitStatus.OK, run(config, database).status, "the way out the message names works");
    }

}
