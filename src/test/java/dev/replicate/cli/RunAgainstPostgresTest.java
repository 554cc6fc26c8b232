package dev.replicate.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.replicate.sqlite.ReplicaLock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The CLI end to end against the PostgreSQL test server: what a run prints where, the metrics file,
 * colour and the log file. Each test has its own SQLite file; the source tables live in a schema of
 * this class's own.
 */
class RunAgainstPostgresTest {
    private static final String ESC = "\033[";
    private static PgSchema schema;

    @TempDir
    Path work;

    @BeforeAll
    static void createSourceTables() throws Exception {
        schema = new PgSchema();
        schema.execute("""
                CREATE TABLE $schema.orders (id bigint PRIMARY KEY, status text, updated_at timestamptz NOT NULL);
                INSERT INTO $schema.orders VALUES
                  (1, 'paid', '2026-01-01 10:00:00+00'), (2, 'shipped', '2026-01-01 11:00:00+00'),
                  (3, 'paid', '2026-01-01 12:00:00+00')""");
    }

    @AfterAll
    static void dropSourceTables() throws Exception {
        schema.close();
    }

    private Path config(String... tables) throws Exception {
        StringBuilder list = new StringBuilder();
        for (String table : tables) {
            list.append(list.isEmpty() ? "" : ", ").append("{\"name\": \"").append(schema.name()).append('.')
                    .append(table).append("\", \"watermark\": \"updated_at\"}");
        }
        Path file = work.resolve("replicate.json");
        Files.writeString(file, "{\"sources\": [{\"source\": \"postgres\", \"name\": \"pg\", \"conn\": \""
                + PgSchema.URL + "\", \"tables\": [" + list + "]}]}");
        return file;
    }

    private Environment terminal(boolean noColor) {
        Map<String, String> variables = new HashMap<>();
        if (noColor) {
            variables.put("NO_COLOR", "1");
        }
        return Cli.environment(variables, true, work);
    }

    @Test
    void runWritesTheMetricsFileAndNothingElseWhenNotAtATerminal() throws Exception {
        config("orders");
        Cli.Result result = Cli.run(Cli.cron(work), "run", "--config", "replicate.json", "--db", "replica.db",
                "--metrics-file", "replicate.prom");
        assertEquals(0, result.status(), result::toString);
        assertEquals("", result.out(), "cron mails any output");
        assertEquals("", result.err(), "cron mails any output");

        String metrics = Files.readString(work.resolve("replicate.prom"));
        String labels = "{target=\"orders\",source=\"pg\"}";
        assertTrue(metrics.contains("# HELP replicate_table_last_run_rows_pulled "), metrics);
        assertTrue(metrics.contains("# TYPE replicate_table_last_run_rows_pulled gauge\n"), metrics);
        assertTrue(metrics.contains("\nreplicate_table_last_run_rows_pulled" + labels + " 3\n"), metrics);
        assertTrue(metrics.contains("\nreplicate_table_consecutive_failures" + labels + " 0\n"), metrics);
        assertTrue(metrics.contains("\nreplicate_table_watermark_lag_seconds" + labels + " 0\n"), metrics);
        assertTrue(metrics.contains("\nreplicate_table_last_success_timestamp_seconds" + labels + " "), metrics);
        assertTrue(metrics.contains("\nreplicate_table_last_run_duration_seconds" + labels + " "), metrics);
        assertTrue(metrics.contains("\nreplicate_run_exit_status 0\n"), metrics);
        assertTrue(metrics.contains("\nreplicate_run_duration_seconds "), metrics);

        // A table that cannot be read: the run fails, and the metrics say so.
        config("orders", "no_such_table");
        result = Cli.run(Cli.cron(work), "run", "--force", "--config", "replicate.json", "--db", "replica.db",
                "--metrics-file", "replicate.prom");
        assertEquals(1, result.status(), result::toString);
        assertTrue(result.err().contains("no_such_table failed"), result.err());
        metrics = Files.readString(work.resolve("replicate.prom"));
        assertTrue(metrics.contains("\nreplicate_table_consecutive_failures{target=\"no_such_table\",source=\"pg\"} 1\n"), metrics);
        assertTrue(metrics.contains("\nreplicate_run_exit_status 1\n"), metrics);
    }

    @Test
    void aRunThatStepsAsideLeavesTheMetricsOfTheRunHoldingTheLock() throws Exception {
        config("orders");
        Files.writeString(work.resolve("replicate.prom"), "from the other run\n");
        try (ReplicaLock held = ReplicaLock.tryAcquire(work.resolve("replica.db")).orElseThrow()) {
            Cli.Result result = Cli.run(Cli.cron(work), "run", "--config", "replicate.json", "--db", "replica.db",
                    "--metrics-file", "replicate.prom");
            assertEquals(ExitStatus.LOCKED, result.status(), result::toString);
        }
        assertEquals("from the other run\n", Files.readString(work.resolve("replicate.prom")));
    }

    @Test
    void aConfigurationErrorStillReportsTheRunsExitStatus() throws Exception {
        Files.writeString(work.resolve("replicate.json"), "{\"sources\": []}");
        Cli.Result result = Cli.run(Cli.cron(work), "run", "--config", "replicate.json", "--metrics-file", "m.prom");
        assertEquals(2, result.status(), result::toString);
        assertTrue(Files.readString(work.resolve("m.prom")).contains("\nreplicate_run_exit_status 2\n"));
    }

    @Test
    void aMissingMetricsFolderIsAUsageErrorBeforeAnythingRuns() throws Exception {
        config("orders");
        Cli.Result result = Cli.run(Cli.cron(work), "run", "--config", "replicate.json", "--db", "replica.db",
                "--metrics-file", "nowhere/replicate.prom");
        assertEquals(2, result.status(), result::toString);
        assertTrue(result.err().contains("the folder of the metrics file does not exist"), result.err());
        assertFalse(Files.exists(work.resolve("replica.db")));
    }

    @Test
    void atATerminalColourUnlessNoColorIsSet() throws Exception {
        config("orders");
        Cli.Result run = Cli.run(terminal(true), "run", "--config", "replicate.json", "--db", "replica.db");
        assertEquals(0, run.status(), run::toString);
        assertTrue(run.out().startsWith("orders  ok  3 rows in "), run.out());
        assertFalse(run.out().contains(ESC) || run.err().contains(ESC), "colour despite NO_COLOR: " + run);

        Cli.Result plain = Cli.run(terminal(true), "status", "--config", "replicate.json", "--db", "replica.db");
        assertEquals(0, plain.status(), plain::toString);
        assertFalse(plain.out().contains(ESC), plain.out());
        String[] lines = plain.out().split("\n");
        assertTrue(lines[0].startsWith("TARGET  SOURCE"), plain.out());
        assertEquals(lines[0].indexOf("LAST RUN"), lines[1].indexOf("0 s ago"), "columns not aligned:\n" + plain.out());
        assertTrue(lines[1].contains("due in "), plain.out());

        Cli.Result coloured = Cli.run(terminal(false), "status", "--config", "replicate.json", "--db", "replica.db");
        assertTrue(coloured.out().contains(ESC + "32mok"), coloured.out());

        Cli.Result piped = Cli.run(Cli.cron(work), "status", "--config", "replicate.json", "--db", "replica.db");
        assertFalse(piped.out().contains(ESC), piped.out());
    }

    @Test
    void quietAndVerboseAndTheLogFile() throws Exception {
        config("orders");
        Cli.Result quiet = Cli.run(terminal(true), "run", "-q", "--config", "replicate.json", "--db", "replica.db",
                "--log-file", "replicate.log");
        assertEquals(0, quiet.status(), quiet::toString);
        assertEquals("", quiet.out() + quiet.err(), "-q at a terminal says nothing on success");
        String log = Files.readString(work.resolve("replicate.log"));
        // With its offset: cron and a shell often run in different zones (TZ), and a local time alone
        // left their lines in one file hours apart with nothing to tell, and repeated an hour at DST's end.
        assertTrue(log.matches("(?s)\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d(\\.\\d+)?(Z|[+-]\\d\\d:\\d\\d) orders: 3 rows in .*"), log);
        assertTrue(log.contains(" run finished: 1 table ran, 0 failed, 3 rows in "), log);

        Cli.Result verbose = Cli.run(Cli.cron(work), "run", "-v", "--force", "--config", "replicate.json", "--db",
                "replica.db", "--log-file", "replicate.log");
        assertEquals(0, verbose.status(), verbose::toString);
        assertTrue(verbose.err().contains("orders: 1 row (0 changed) in "),
                "-v shows info lines, the row on the watermark read again unchanged: " + verbose);
        assertEquals(4, Files.readAllLines(work.resolve("replicate.log")).size(), "the log file is appended to");
    }
}
