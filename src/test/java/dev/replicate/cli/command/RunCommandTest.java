package dev.replicate.cli.command;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import dev.replicate.cli.Cli;
import dev.replicate.cli.Context;
import dev.replicate.cli.ExitStatus;
import dev.replicate.cli.metrics.RunMetricsWriter;
import dev.replicate.sqlite.ReplicaLock;
import dev.replicate.testing.CliRun;
import dev.replicate.testing.PostgresTestDatabase;
import dev.replicate.testing.ReplicaReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The CLI's contract: where configuration comes from, what it prints, and its exit statuses. */
class RunCommandTest {
    private static final String SECRET = "Sup3r-Secret-Pw";
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

    private String goodConfig() {
        return "[" + db.sourceBlock("{\"name\": \"orders\", \"watermark\": \"updated_at\"}") + "]";
    }

    private Path write(String name, String content) throws Exception {
        Path file = dir.resolve(name);
        Files.writeString(file, content);
        return file;
    }

    private CliRun withEnv(Map<String, String> env, String... args) {
        return CliRun.run(dir, env, false, Clock.systemUTC(), args);
    }

    @Test
    void withoutAConfigurationItSaysHowToGiveOne() {
        CliRun result = CliRun.run(dir, "run");
        assertEquals(ExitStatus.USAGE, result.status);
        assertTrue(result.err.contains("pass --config FILE, or put the JSON in the REPLICATION_CONFIG_JSON"), result.err);
        assertFalse(Files.exists(dir.resolve("replica.db")), "nothing written");
    }

    @Test
    void theConfigurationAndDatabaseCanComeFromTheEnvironment() {
        CliRun result = withEnv(Map.of("REPLICATION_CONFIG_JSON", goodConfig(), "REPLICATE_DB", "from-env.db"), "run");
        assertEquals(ExitStatus.OK, result.status, result::toString);
        assertEquals(2L, ReplicaReader.count(dir.resolve("from-env.db"), "orders"));
    }

    @Test
    void theDatabaseDefaultsToTheConfigurationsThenReplicaDb() throws Exception {
        Path config = write("object.json", "{\"database\": \"named.db\", \"sources\": " + goodConfig() + "}");
        assertEquals(ExitStatus.OK, CliRun.run(dir, "run", "--config", config.toString()).status);
        assertTrue(Files.exists(dir.resolve("named.db")));
        Path plain = write("plain.json", goodConfig());
        assertEquals(ExitStatus.OK, CliRun.run(dir, "run", "--config", plain.toString()).status);
        assertTrue(Files.exists(dir.resolve("replica.db")));
    }

    @Test
    void anInvalidConfigurationExitsTwoAndWritesNothing() throws Exception {
        Path config = write("bad.json", "[{\"source\": \"postgres\", \"conn\": \"postgres://h/db\", \"tables\": [{\"name\": \"t\", \"mode\": \"incremental\"}], \"extra\": 1}]");
        CliRun result = CliRun.run(dir, "run", "--config", config.toString());
        assertEquals(ExitStatus.USAGE, result.status);
        assertTrue(result.err.contains("$[0].extra: unknown key") && result.err.contains("$[0].tables[0].watermark: is required"),
                result.err);
        assertFalse(Files.exists(dir.resolve("replica.db")));
        CliRun validate = CliRun.run(dir, "validate-config", "--config", config.toString());
        assertEquals(ExitStatus.USAGE, validate.status);
        assertEquals(result.err, validate.err);
    }

    /** Issue #14: "target" given twice ran with the last one; now nothing runs and nothing is written. */
    @Test
    void aKeyGivenTwiceExitsTwoAndWritesNothing() {
        String config = "[" + db.sourceBlock("{\"name\": \"orders\", \"watermark\": \"updated_at\", \"target\": \"a\","
                + " \"target\": \"b\"}") + "]";
        CliRun result = withEnv(Map.of("REPLICATION_CONFIG_JSON", config), "run");
        assertEquals(ExitStatus.USAGE, result.status, result::toString);
        assertTrue(result.err.contains("$[0].tables[0].target: the key \"target\" is given twice, at line 1 column "), result.err);
        assertFalse(Files.exists(dir.resolve("replica.db")), "nothing written");
    }

    /** Issue #14: a --log-file in a missing folder said "cannot write the log file X: X", with no reason. */
    @Test
    void aLogFileThatCannotBeWrittenSaysWhyAndRunsNothing() throws Exception {
        Path config = write("c.json", goodConfig());
        Path missing = dir.resolve("no/such/dir/replicate.log");
        CliRun result = CliRun.run(dir, "run", "--config", config.toString(), "--log-file", missing.toString());
        assertEquals(ExitStatus.USAGE, result.status, result::toString);
        assertEquals("replicate: cannot write the log file " + missing + ": its folder does not exist: " + missing.getParent()
                + "\n", result.err);
        CliRun folder = CliRun.run(dir, "run", "--config", config.toString(), "--log-file", dir.toString());
        assertEquals(ExitStatus.USAGE, folder.status, folder::toString);
        assertEquals("replicate: cannot write the log file " + dir + ": it is a folder\n", folder.err);
        assertFalse(Files.exists(dir.resolve("replica.db")), "nothing ran");
        assertFalse(Files.exists(dir.resolve("no")), "no folder made");
    }

    /**
     * A user's test: the README says --log-file gets a line per run, but a run that failed on its SQLite
     * file (exit 74: not a database, its folder gone) said so on stderr only, and the log file cron's
     * operator reads showed nothing of it. The failure goes to the log file too once that file is known
     * not to be the SQLite file (so not for a configuration error, whose SQLite file is not known).
     */
    @Test
    void aRunThatFailsOnItsSqliteFileSaysSoInTheLogFile() throws Exception {
        Path config = write("c.json", goodConfig());
        Path notADatabase = write("bad.db", "not a database");
        Path log = dir.resolve("replicate.log");
        CliRun result = CliRun.run(dir, "run", "--config", config.toString(), "--db", notADatabase.toString(),
                "--log-file", log.toString());
        assertEquals(ExitStatus.REPLICA_ERROR, result.status, result::toString);
        String logged = Files.readString(log);
        assertTrue(logged.matches("\\S+ error: cannot prepare the SQLite file " + java.util.regex.Pattern.quote(notADatabase.toString())
                + ": the file is not an SQLite database\n"), logged);
        assertEquals("not a database", Files.readString(notADatabase));
    }

    /** Issue #14: --metrics-file naming a folder ran, printed an error and exited 0. */
    @Test
    void aMetricsFileThatIsAFolderIsAUsageErrorFoundBeforeTheRun() throws Exception {
        Path config = write("c.json", goodConfig());
        Path folder = Files.createDirectory(dir.resolve("textfile_collector"));
        CliRun result = CliRun.run(dir, "run", "--config", config.toString(), "--metrics-file", folder.toString());
        assertEquals(ExitStatus.USAGE, result.status, result::toString);
        assertEquals("replicate: the metrics file " + folder + " is a folder; name a file in it, such as "
                + folder.resolve("replicate.prom") + "\n", result.err);
        assertFalse(Files.exists(dir.resolve("replica.db")), "nothing ran");
    }

    /** A metrics file that cannot be written after a successful run must not leave the run looking fine. */
    @Test
    void aMetricsFileThatCannotBeWrittenAfterTheRunIsNotExitZero() throws Exception {
        Path folder = Files.createDirectory(dir.resolve("gone"));
        java.io.ByteArrayOutputStream err = new java.io.ByteArrayOutputStream();
        Context context = new Context(System.out, new java.io.PrintStream(err, true, StandardCharsets.UTF_8),
                Cli.cron(dir), Clock.systemUTC());
        RunMetricsWriter metrics = RunMetricsWriter.start(context, folder.resolve("replicate.prom"));
        Files.delete(folder);
        assertFalse(metrics.finish(ExitStatus.OK), "not written");
        assertTrue(err.toString(StandardCharsets.UTF_8).startsWith("replicate: cannot write the metrics file "
                + folder.resolve("replicate.prom") + ": its folder does not exist: " + folder), err.toString(StandardCharsets.UTF_8));
    }

    /**
     * Hostile test: --allow-mass-delete for a table that has no guard (it neither reconciles nor is full)
     * ran it and said nothing, and a target typed in another case was refused without naming the one
     * meant. Both are usage errors that say what is wrong, before anything is written.
     */
    @Test
    void allowMassDeleteNeedsATableWithAGuardAndAMistypedCaseIsNamed() throws Exception {
        Path config = write("c.json", goodConfig());
        Path database = dir.resolve("never.db");
        CliRun unguarded = CliRun.run(dir, "run", "--config", config.toString(), "--db", database.toString(),
                "--allow-mass-delete", "orders");
        assertEquals(ExitStatus.USAGE, unguarded.status, unguarded::toString);
        assertTrue(unguarded.err.contains("--allow-mass-delete orders: orders neither reconciles its deletes"),
                unguarded.err);
        CliRun cased = CliRun.run(dir, "run", "--config", config.toString(), "--db", database.toString(), "ORDERS");
        assertEquals(ExitStatus.USAGE, cased.status, cased::toString);
        assertTrue(cased.err.contains("no configured table has the target \"ORDERS\"; targets are matched as the"
                + " configuration spells them: \"orders\"?"), cased.err);
        assertFalse(Files.exists(database), "nothing written");

        Path reconciling = write("r.json", "[" + db.sourceBlock("{\"name\": \"orders\", \"watermark\": \"updated_at\","
                + " \"deletes\": {\"reconcile\": \"PT1H\"}}") + "]");
        CliRun allowed = CliRun.run(dir, "run", "--config", reconciling.toString(), "--db", database.toString(),
                "--allow-mass-delete", "orders");
        assertEquals(ExitStatus.OK, allowed.status, allowed::toString);
    }

    @Test
    void anUnknownTargetIsAUsageError() throws Exception {
        CliRun result = CliRun.run(dir, "run", "--config", write("c.json", goodConfig()).toString(), "nope");
        assertEquals(ExitStatus.USAGE, result.status);
        assertTrue(result.err.contains("no configured table has the target \"nope\"; the targets are: orders"), result.err);
    }

    @Test
    void aSecondRunStepsAsideSilentlyWhileTheLockIsHeld() throws Exception {
        Path config = write("c.json", goodConfig());
        Path database = dir.resolve("locked.db");
        Optional<ReplicaLock> lock = ReplicaLock.tryAcquire(database);
        try (ReplicaLock held = lock.orElseThrow()) {
            CliRun quiet = CliRun.run(dir, "run", "--config", config.toString(), "--db", database.toString());
            assertEquals(ExitStatus.LOCKED, quiet.status);
            assertEquals("", quiet.out + quiet.err);
            CliRun verbose = CliRun.run(dir, "run", "-v", "--config", config.toString(), "--db", database.toString());
            assertEquals(ExitStatus.LOCKED, verbose.status);
            assertTrue(verbose.err.contains("another run holds the lock"), verbose.err);
            CliRun longForm = CliRun.run(dir, "run", "--verbose", "--config", config.toString(), "--db", database.toString());
            assertEquals(ExitStatus.LOCKED, longForm.status);
            assertTrue(longForm.err.contains("another run holds the lock"), "--verbose is -v: " + longForm.err);
        }
        assertFalse(Files.exists(database), "the run that stepped aside wrote nothing");
        assertEquals(ExitStatus.OK, CliRun.run(dir, "run", "--config", config.toString(), "--db", database.toString()).status);
    }

    @Test
    void anUnreachableSourceFailsItsTablesWithoutRevealingThePassword() throws Exception {
        String config = "[{\"source\": \"postgres\", \"name\": \"down\", \"conn\": \"postgres://app:" + SECRET
                + "@127.0.0.1:1/db\", \"tables\": [{\"name\": \"orders\", \"watermark\": \"updated_at\", \"target\": \"down_orders\"}]},"
                + db.sourceBlock("{\"name\": \"orders\", \"watermark\": \"updated_at\"}") + "]";
        Path file = write("c.json", config);
        CliRun result = CliRun.run(dir, "run", "-vv", "--config", file.toString());
        assertEquals(ExitStatus.TABLE_FAILED, result.status, result::toString);
        assertTrue(result.err.contains("down_orders failed: cannot connect to down:"), result.err);
        assertEquals(2L, ReplicaReader.count(dir.resolve("replica.db"), "orders"), "the other source still ran");
        assertFalse((result.out + result.err).contains(SECRET));
        for (String name : new String[] {"replica.db", "replica.db-wal"}) {
            Path file2 = dir.resolve(name);
            if (Files.exists(file2)) {
                assertFalse(new String(Files.readAllBytes(file2), StandardCharsets.ISO_8859_1).contains(SECRET), name);
            }
        }
        CliRun status = CliRun.run(dir, "status", "--json", "--config", file.toString());
        assertEquals(ExitStatus.TABLE_FAILED, status.status, "status says a table's last run failed");
        assertFalse(status.out.contains(SECRET));
        JsonArray tables = JsonParser.parseString(status.out).getAsJsonArray();
        JsonObject down = tables.get(0).getAsJsonObject();
        assertEquals("down_orders", down.get("target").getAsString());
        assertFalse(down.get("ok").getAsBoolean());
        assertEquals(1, down.get("consecutiveFailures").getAsInt());
        JsonObject orders = tables.get(1).getAsJsonObject();
        assertTrue(orders.get("ok").getAsBoolean());
        assertEquals("2024-01-02T00:00:00Z", orders.get("watermark").getAsString());
        assertEquals(2, orders.get("rowsPulled").getAsInt());
    }

    /** Issue #14: -vv is documented (--help, man pages, README) to add stack traces; only -vvv did. */
    @Test
    void twoVerbosesShowStackTracesAndOneDoesNot() throws Exception {
        Path file = write("c.json", "[{\"source\": \"postgres\", \"name\": \"down\", \"conn\": \"postgres://app@127.0.0.1:1/db\","
                + " \"tables\": [{\"name\": \"orders\", \"watermark\": \"updated_at\", \"target\": \"down_orders\"}]},"
                + db.sourceBlock("{\"name\": \"no_such_table\", \"watermark\": \"updated_at\"}") + "]");
        for (List<String> verbosity : List.of(List.of("-vv"), List.of("-v", "-v"), List.of("--verbose", "--verbose"))) {
            List<String> args = new java.util.ArrayList<>(List.of("run", "--force", "--config", file.toString()));
            args.addAll(verbosity);
            CliRun result = CliRun.run(dir, args.toArray(String[]::new));
            assertEquals(ExitStatus.TABLE_FAILED, result.status, result::toString);
            assertTrue(result.err.matches("(?s).*debug: no_such_table failed\n[^\n]*Exception[^\n]*\n\tat .*"),
                    verbosity + " shows the failed table's stack trace: " + result);
            assertTrue(result.err.matches("(?s).*debug: cannot connect to down\n[^\n]*Exception[^\n]*\n\tat .*"),
                    verbosity + " shows why the source could not be opened: " + result.err);
        }
        CliRun one = CliRun.run(dir, "run", "--force", "-v", "--config", file.toString());
        assertEquals(ExitStatus.TABLE_FAILED, one.status, one::toString);
        assertTrue(one.err.contains("down_orders failed: cannot connect to down") && one.err.contains("no_such_table failed: "),
                one.err);
        assertFalse(one.err.contains("\tat ") || one.err.contains("debug: "), "-v: no stack traces: " + one.err);
    }

    /**
     * Before any run there is no file to read: that is said (exit 74), as for a mistyped --db, rather
     * than every table shown as never run with exit 0 (hostile test). A table added to the configuration
     * later is still shown as never run.
     */
    @Test
    void statusBeforeAnyRunSaysThereIsNoReplicaYet() throws Exception {
        Path config = write("c.json", goodConfig());
        CliRun status = CliRun.run(dir, "status", "--config", config.toString());
        assertEquals(ExitStatus.REPLICA_ERROR, status.status, status::toString);
        assertEquals("replicate: no replica at " + dir.resolve("replica.db") + " yet: no run has written it,"
                + " or --db is wrong\n", status.err);
        assertFalse(Files.exists(dir.resolve("replica.db")), "status never creates the file");

        assertEquals(ExitStatus.OK, CliRun.run(dir, "run", "--config", config.toString()).status);
        Path more = write("more.json", "[" + db.sourceBlock("{\"name\": \"orders\", \"watermark\": \"updated_at\"}",
                "{\"name\": \"added_later\", \"watermark\": \"updated_at\"}") + "]");
        CliRun later = CliRun.run(dir, "status", "--config", more.toString());
        assertEquals(ExitStatus.OK, later.status, later::toString);
        assertTrue(later.out.matches("(?s).*\\nadded_later .*never .*due now.*"), later.out);
    }

    /** Hostile test: --db "" opened the working directory (74, "is a directory"); the others said "is a folder". */
    @Test
    void anEmptyPathIsAUsageErrorNamingTheOption() throws Exception {
        Path config = write("c.json", goodConfig());
        for (String command : List.of("run", "status", "reset")) {
            List<String> args = new java.util.ArrayList<>(List.of(command, "--config", config.toString(), "--db", ""));
            if (command.equals("reset")) {
                args.add("orders");
            }
            CliRun result = CliRun.run(dir, args.toArray(String[]::new));
            assertEquals(ExitStatus.USAGE, result.status, () -> command + ": " + result);
            assertEquals("replicate: --db must not be empty\n", result.err, command);
        }
        CliRun metrics = CliRun.run(dir, "run", "--config", config.toString(), "--metrics-file", "");
        assertEquals(ExitStatus.USAGE, metrics.status, metrics::toString);
        assertEquals("replicate: --metrics-file must not be empty\n", metrics.err);
        CliRun log = CliRun.run(dir, "run", "--config", config.toString(), "--log-file", "");
        assertEquals(ExitStatus.USAGE, log.status, log::toString);
        assertEquals("replicate: --log-file must not be empty\n", log.err);
        try (var files = Files.list(dir)) {
            assertEquals(List.of(config), files.toList(), "nothing ran, nothing was written");
        }
    }

    @Test
    void validateConfigConnectChecksTablesAndColumns() throws Exception {
        String config = "[" + db.sourceBlock("{\"name\": \"orders\", \"watermark\": \"updated_at\"}",
                "{\"name\": \"orders\", \"watermark\": \"missing_column\", \"target\": \"o2\"}".replace("\"orders\"", "\"public.orders\"")) + "]";
        Path file = write("c.json", config);
        CliRun offline = CliRun.run(dir, "validate-config", "--config", file.toString());
        assertEquals(ExitStatus.OK, offline.status, offline::toString);
        CliRun online = CliRun.run(dir, "validate-config", "--connect", "--config", file.toString());
        assertEquals(ExitStatus.TABLE_FAILED, online.status, online::toString);
        assertTrue(online.err.contains("o2 <- ") && online.err.contains("missing_column does not exist"), online.err);
    }

    @Test
    void runAndValidateConfigNameTheSameMissingKeyColumn() throws Exception {
        Path config = write("c.json", "[" + db.sourceBlock("{\"name\": \"orders\", \"watermark\": \"updated_at\","
                + " \"primaryKey\": [\"no_such_first\", \"no_such_second\"]}") + "]");
        String expected = "the primary key column no_such_first does not exist";
        CliRun validate = CliRun.run(dir, "validate-config", "--connect", "--config", config.toString());
        assertEquals(ExitStatus.TABLE_FAILED, validate.status, validate::toString);
        assertTrue(validate.err.contains(expected), validate::toString);
        CliRun run = CliRun.run(dir, "run", "--config", config.toString());
        assertEquals(ExitStatus.TABLE_FAILED, run.status, run::toString);
        assertTrue(run.err.contains(expected), run::toString);
    }

    /**
     * A key of several columns written as one string, "id,total", names no column: the error lists the
     * table's columns and says that such a key is an array, with the array to write.
     */
    @Test
    void aKeyOfSeveralColumnsWrittenAsOneStringIsExplained() throws Exception {
        Path config = write("c.json", "[" + db.sourceBlock("{\"name\": \"orders\", \"watermark\": \"updated_at\","
                + " \"primaryKey\": \"id, total\"}") + "]");
        CliRun validate = CliRun.run(dir, "validate-config", "--connect", "--config", config.toString());
        assertEquals(ExitStatus.TABLE_FAILED, validate.status, validate::toString);
        assertTrue(validate.err.contains("the primary key column id, total does not exist in public.orders; its columns"
                + " are id, updated_at, total; a key of several columns is an array: \"primaryKey\": [\"id\", \"total\"]"),
                validate::toString);
    }

    @Test
    void reflectShowsTheDdlThatRunWouldIssue() throws Exception {
        CliRun result = CliRun.run(dir, "reflect", "--config", write("c.json", goodConfig()).toString());
        assertEquals(ExitStatus.OK, result.status, result::toString);
        assertTrue(result.out.contains("total") && result.out.contains("numeric(10,2)") && result.out.contains("CREATE TABLE \"orders\""),
                result.out);
        CliRun json = CliRun.run(dir, "reflect", "--json", "--config", dir.resolve("c.json").toString());
        JsonObject table = JsonParser.parseString(json.out).getAsJsonArray().get(0).getAsJsonObject();
        assertEquals("id", table.get("primaryKey").getAsJsonArray().get(0).getAsString());
    }

    /**
     * A user's test: reflect of a table whose "columns" names a column the source lacks printed a CREATE
     * TABLE with every source column, none marked excluded, which no run would issue (run fails the
     * table; once the list is mended it makes only the listed columns). reflect --help promises the
     * statements run would issue: for a table run cannot plan there are none, and reflect says so.
     */
    @Test
    void reflectShowsNoDdlForATableRunCannotPlan() throws Exception {
        Path config = write("c.json", "[" + db.sourceBlock("{\"name\": \"orders\", \"watermark\": \"updated_at\","
                + " \"columns\": [\"id\", \"updated_at\", \"nope\"]}") + "]");
        CliRun result = CliRun.run(dir, "reflect", "--config", config.toString());
        assertEquals(ExitStatus.TABLE_FAILED, result.status, result::toString);
        assertFalse(result.out.contains("CREATE TABLE \""), result.out);
        assertTrue(result.out.contains("-- no CREATE TABLE: run fails this table as configured (the error is on stderr)"), result.out);
        assertTrue(result.err.contains("columns names a column that public.orders does not have: nope"), result.err);
        CliRun json = CliRun.run(dir, "reflect", "--json", "--config", config.toString());
        JsonObject table = JsonParser.parseString(json.out).getAsJsonArray().get(0).getAsJsonObject();
        assertTrue(table.get("ddl").isJsonNull(), json.out);
        assertTrue(table.get("error").getAsString().contains("nope"), json.out);
        // The columns as configured all the same: total is left out, not shown selected (reviewer).
        assertTrue(result.out.matches("(?s).*--   total +numeric\\(10,2\\) +-> \\w+  excluded\n.*"), result.out);
        assertTrue(result.out.matches("(?s).*--   id +\\S+ +-> \\w+  key\n.*"), result.out);
        for (var column : table.getAsJsonArray("columns")) {
            String name = column.getAsJsonObject().get("name").getAsString();
            assertEquals(!name.equals("total"), column.getAsJsonObject().get("selected").getAsBoolean(), json.out);
        }
    }

    @Test
    void aMissingDirectoryOrReadOnlyFileExitsSeventyFour() throws Exception {
        Path config = write("c.json", goodConfig());
        CliRun missing = CliRun.run(dir, "run", "--config", config.toString(), "--db", dir.resolve("no/such/dir/r.db").toString());
        assertEquals(ExitStatus.REPLICA_ERROR, missing.status, missing::toString);
        assertTrue(missing.err.contains("does not exist"), missing.err);
    }

    @Test
    void atATerminalEachTableGetsALineAndTheReplicaIsInWalMode() throws Exception {
        Path config = write("c.json", goodConfig());
        CliRun result = CliRun.run(dir, Map.of("NO_COLOR", "1"), true, Clock.systemUTC(), "run", "--config", config.toString());
        assertEquals(ExitStatus.OK, result.status, result::toString);
        assertTrue(result.out.matches("(?s)orders  ok  2 rows in \\d+ ms\\n"), result.out);
        assertEquals("wal", ReplicaReader.single(dir.resolve("replica.db"), "PRAGMA journal_mode"));
        CliRun quiet = CliRun.run(dir, Map.of(), true, Clock.systemUTC(), "run", "-q", "--force", "--config", config.toString());
        assertEquals("", quiet.out + quiet.err, "-q: errors only");
        CliRun idle = CliRun.run(dir, Map.of(), true, Clock.systemUTC(), "run", "--config", config.toString());
        assertTrue(idle.out.startsWith("nothing due"), idle.out);
    }

    @Test
    void oldLogRowsArePrunedAfterTheRetention() throws Exception {
        Path config = write("c.json", "{\"logRetentionDays\": 2, \"sources\": " + goodConfig() + "}");
        assertEquals(ExitStatus.OK, CliRun.run(dir, "run", "--config", config.toString()).status);
        Clock threeDaysLater = Clock.offset(Clock.systemUTC(), java.time.Duration.ofDays(3));
        CliRun later = CliRun.run(dir, Map.of(), false, threeDaysLater, "run", "--config", config.toString());
        assertEquals(ExitStatus.OK, later.status, later::toString);
        assertEquals(1L, ReplicaReader.count(dir.resolve("replica.db"), "_replicate_log"), "only the new run's row is left");
        assertEquals(List.of(List.of("source", "table", "watermark_column", "last_value", "last_run_ts")),
                ReplicaReader.query(dir.resolve("replica.db"), "SELECT 'source', 'table', 'watermark_column', 'last_value',"
                        + " 'last_run_ts' FROM _replicate_watermarks WHERE source IS NOT NULL AND \"table\" IS NOT NULL"
                        + " AND watermark_column IS NOT NULL AND last_value IS NOT NULL AND last_run_ts IS NOT NULL"));
    }

    @Test
    void aLogFileThatFailsAtCloseDoesNotReplaceTheExitStatus() throws Exception {
        // /dev/full opens but fails every write: the buffered log line is still pending when the log
        // file is closed at the end of Main.run, so closing fails too. That must not change the status.
        Path fullDevice = Path.of("/dev/full");
        org.junit.jupiter.api.Assumptions.assumeTrue(Files.isWritable(fullDevice), "no writable /dev/full");
        Path config = write("c.json", goodConfig());
        CliRun result = CliRun.run(dir, "run", "--config", config.toString(), "--log-file", fullDevice.toString());
        assertEquals(ExitStatus.OK, result.status, result::toString);
        assertTrue(result.err.contains("cannot write the log file"), result::toString);
    }

    @Test
    void aBugWhileClosingTheReplicaIsAnInternalErrorAndTroubleWithTheFileIsSeventyFour() throws Exception {
        Path config = write("c.json", goodConfig());
        RunCommand.Closer real = RunCommand.closer;
        try {
            RunCommand.closer = locked -> {
                real.close(locked);
                throw new IllegalStateException("a bug\n  at close time");
            };
            Path log = dir.resolve("bug.log");
            CliRun bug = CliRun.run(dir, "run", "--force", "--config", config.toString(), "--log-file", log.toString());
            assertEquals(ExitStatus.SOFTWARE, bug.status, bug::toString);
            assertTrue(bug.err.contains("internal error") && bug.err.contains("at close time"), bug::toString);
            // The README: exit 70 is in the log file too, on one line like every entry there.
            String logged = Files.readString(log);
            assertTrue(logged.endsWith(" error: internal error: java.lang.IllegalStateException: a bug at close time\n"), logged);
            assertTrue(logged.lines().allMatch(line -> line.matches("\\d{4}-\\d\\d-\\d\\dT\\S+ \\w+: .*")), logged);

            RunCommand.closer = locked -> {
                real.close(locked);
                throw new java.sql.SQLException("disk I/O error");
            };
            CliRun disk = CliRun.run(dir, "run", "--force", "--config", config.toString());
            assertEquals(ExitStatus.REPLICA_ERROR, disk.status, disk::toString);
            assertTrue(disk.err.contains("cannot close the SQLite file") && disk.err.contains("disk I/O error"),
                    disk::toString);
        } finally {
            RunCommand.closer = real;
        }
        assertEquals(ExitStatus.OK, CliRun.run(dir, "run", "--force", "--config", config.toString()).status,
                "the lock was let go each time");
    }

    /**
     * Reviewer: a run that succeeded but could not write its metrics file exits 74, and its log file
     * ended on the run's summary ("0 failed") with no word of why. It says so there now. The metrics
     * file's folder goes as the replica closes, after its place was checked (as root too, unlike a chmod).
     */
    @Test
    void aMetricsFileThatCannotBeWrittenAfterTheRunIsInTheLogFile() throws Exception {
        Path config = write("c.json", goodConfig());
        Path folder = Files.createDirectory(dir.resolve("metrics"));
        Path log = dir.resolve("run.log");
        RunCommand.Closer real = RunCommand.closer;
        try {
            RunCommand.closer = locked -> {
                real.close(locked);
                Files.delete(folder);
            };
            CliRun result = CliRun.run(dir, "run", "--force", "--config", config.toString(), "--log-file", log.toString(),
                    "--metrics-file", folder.resolve("r.prom").toString());
            assertEquals(ExitStatus.REPLICA_ERROR, result.status, result::toString);
            String logged = Files.readString(log);
            assertTrue(logged.matches("(?s).*\\S+ error: cannot write the metrics file " + java.util.regex.Pattern.quote(
                    folder.resolve("r.prom").toString()) + ": .*\n"), logged);
        } finally {
            RunCommand.closer = real;
        }
    }
}
