package dev.replicate.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.replicate.sqlite.Replica;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Hostile test: an output file that is one of the files replicate reads or keeps. {@code run
 * --metrics-file replica.db} replaced the replica with the metrics text, {@code --log-file replica.db}
 * appended log lines to the SQLite file and {@code --log-file replicate.json} to the configuration,
 * each with exit 0 or 1 and no word said. Now each is a usage error (exit 2) before anything is written.
 * The source points nowhere: nothing here gets as far as connecting.
 */
class OutputClashTest {
    @TempDir
    Path dir;

    private Path config;
    private Path db;

    @BeforeEach
    void files() throws Exception {
        config = dir.resolve("replicate.json");
        Files.writeString(config, """
                [{"source": "postgres", "conn": "postgres://nobody@127.0.0.1:1/none",
                  "tables": [{"name": "orders", "watermark": "updated_at", "primaryKey": "id", "target": "orders"}]}]
                """);
        db = dir.resolve("replica.db");
        try (Replica replica = Replica.openForWriting(db)) {
            replica.commit();
        }
    }

    private void refused(String expected, Path untouched, String... args) throws Exception {
        byte[] before = Files.readAllBytes(untouched);
        List<String> all = new ArrayList<>(List.of(args));
        all.addAll(List.of("--config", config.toString(), "--db", db.toString()));
        Cli.Result result = Cli.run(Cli.cron(dir), all.toArray(String[]::new));
        assertEquals(ExitStatus.USAGE, result.status(), String.join(" ", args) + ": " + result);
        assertTrue(result.err().contains(expected), String.join(" ", args) + ": " + result);
        assertArrayEquals(before, Files.readAllBytes(untouched), String.join(" ", args) + ": " + untouched + " changed");
    }

    @Test
    void aMetricsFileThatIsTheReplicaOrTheConfigurationIsRefused() throws Exception {
        refused("--metrics-file " + db + " is the SQLite file", db, "run", "--metrics-file", db.toString());
        refused("--metrics-file " + config + " is the configuration file", config, "run", "--metrics-file", config.toString());
        refused("--metrics-file " + dir.resolve("replica.db-wal") + " is the SQLite file's write-ahead log", db,
                "run", "--metrics-file", dir.resolve("replica.db-wal").toString());
        Path link = Files.createSymbolicLink(dir.resolve("link.prom"), db);
        refused("--metrics-file " + link + " is the SQLite file", db, "run", "--metrics-file", link.toString());
        refused("--metrics-file " + db + " is the SQLite file", db, "verify", "--metrics-file", db.toString());
    }

    /**
     * A user's test: a run that stops before it reaches its SQLite file (a configuration error, a
     * target not configured) still wrote the metrics file, with no clash check, so {@code run
     * --metrics-file replica.db} with an unset ${VAR} in the configuration replaced the replica with the
     * metrics text, and {@code --metrics-file replicate.json} the configuration, exit 2 ("nothing ran
     * and nothing was written"). The README promises those names are refused before anything runs.
     */
    @Test
    void aMetricsFileThatIsTheReplicaOrTheConfigurationIsRefusedWhenTheRunStopsEarly() throws Exception {
        String valid = Files.readString(config);
        Files.writeString(config, """
                [{"source": "postgres", "conn": "postgres://nobody:${DOCS_UNSET_PASSWORD}@127.0.0.1:1/none",
                  "tables": [{"name": "orders", "watermark": "updated_at", "primaryKey": "id", "target": "orders"}]}]
                """);
        refused("--metrics-file " + db + " is the SQLite file", db, "run", "--metrics-file", db.toString());
        refused("--metrics-file " + config + " is the configuration file", config, "run", "--metrics-file", config.toString());
        refused("--metrics-file " + dir.resolve("replica.db-wal") + " is the SQLite file's write-ahead log", db,
                "run", "--metrics-file", dir.resolve("replica.db-wal").toString());
        Files.writeString(config, valid);
        refused("--metrics-file " + db + " is the SQLite file", db, "run", "--metrics-file", db.toString(), "no_such_target");
        refused("--metrics-file " + db + " is the SQLite file", db, "run", "--metrics-file", db.toString(),
                "--allow-mass-delete", "orders");

        // The SQLite file named by the broken configuration's own "database": not known, but an SQLite file all the same.
        Path objectConfig = dir.resolve("object.json");
        Files.writeString(objectConfig, "{\"database\": \"" + db + "\", \"sources\": [{\"source\": \"postgres\"}]}");
        byte[] before = Files.readAllBytes(db);
        Cli.Result result = Cli.run(Cli.cron(dir), "run", "--config", objectConfig.toString(), "--metrics-file", db.toString());
        assertEquals(ExitStatus.USAGE, result.status(), result::toString);
        assertTrue(result.err().contains("the metrics file " + db + " is an SQLite database"), result::toString);
        assertArrayEquals(before, Files.readAllBytes(db), "the replica changed");
    }

    @Test
    void aLogFileThatIsTheReplicaOrTheConfigurationIsRefused() throws Exception {
        for (String command : List.of("run", "status", "verify", "reset")) {
            List<String> args = new ArrayList<>(List.of(command, "--log-file", db.toString()));
            if (command.equals("reset")) {
                args.add("orders");
            }
            refused("--log-file " + db + " is the SQLite file", db, args.toArray(String[]::new));
        }
        refused("--log-file " + config + " is the configuration file", config, "run", "--log-file", config.toString());
        refused("--log-file " + config + " is the configuration file", config, "validate-config", "--log-file",
                config.toString());
    }

    /**
     * Hostile test: the metrics file is replaced by a rename, so {@code --metrics-file /dev/null} (to
     * turn metrics off) would have replaced the device itself with a text file, as root. A FIFO stands
     * in for the device here: it was replaced by a regular file, exit 1 (the source is nowhere).
     */
    @Test
    void aMetricsFileThatIsNotARegularFileIsRefused() throws Exception {
        Path fifo = dir.resolve("metrics.fifo");
        assertEquals(0, new ProcessBuilder("mkfifo", fifo.toString()).start().waitFor());
        for (String command : List.of("run", "verify")) {
            Cli.Result result = Cli.run(Cli.cron(dir), command, "--config", config.toString(), "--db", db.toString(),
                    "--metrics-file", fifo.toString());
            assertEquals(ExitStatus.USAGE, result.status(), command + ": " + result);
            assertTrue(result.err().contains("the metrics file " + fifo + " is not a regular file"), command + ": " + result);
            assertTrue(Files.exists(fifo) && !Files.isRegularFile(fifo), command + ": the FIFO was replaced");
        }
    }

    @Test
    void theLogAndTheMetricsInOneFileAreRefused() throws Exception {
        Path shared = dir.resolve("out.txt");
        Files.writeString(shared, "");
        refused("--metrics-file " + shared + " is the log file", shared, "run", "--log-file", shared.toString(),
                "--metrics-file", shared.toString());
    }

    /**
     * Reviewer's repro: with no --db, a configuration that fails to load (an unset ${VAR}) and whose
     * "database" names a replica not made yet, {@code run --metrics-file dbx.db} created dbx.db holding
     * the metrics text, exit 2, and the next, mended run refused it. Refused now, and no file made.
     */
    @Test
    void aMetricsFileNamedAsTheReplicaOfAConfigurationThatFailsIsNotWritten() throws Exception {
        Path fresh = Files.createDirectory(dir.resolve("fresh"));
        Path objectConfig = failingConfigNamingDbx(fresh);
        Cli.Result result = Cli.run(Cli.cron(fresh), "run", "--config", objectConfig.toString(), "--metrics-file", "dbx.db");
        assertEquals(ExitStatus.USAGE, result.status(), result::toString);
        String refusal = "--metrics-file " + fresh.resolve("dbx.db") + " is the SQLite file";
        assertTrue(result.err().contains(refusal), result::toString);
        assertTrue(Files.notExists(fresh.resolve("dbx.db")), "dbx.db was written");
        // The configuration's own error first: the refusal follows from it (second reviewer).
        assertSaidBefore(result, "invalid configuration", refusal);
        // Another name, the default replica.db among them since "database" names dbx.db, is the metrics
        // file it always was: exit 2 recorded (second reviewer: replica.db was refused, "is the SQLite file").
        for (String name : List.of("m.prom", "replica.db")) {
            result = Cli.run(Cli.cron(fresh), "run", "--config", objectConfig.toString(), "--metrics-file", name);
            assertEquals(ExitStatus.USAGE, result.status(), name + ": " + result);
            assertTrue(Files.readString(fresh.resolve(name)).contains("replicate_run_exit_status 2"), name + ": " + result);
        }
    }

    /**
     * Without a "database", the default replica.db is the file a failing configuration means; where its
     * text is not JSON, whether it names another is not known, and replica.db is refused as what it may be.
     */
    @Test
    void theDefaultReplicaIsRefusedAsTheMetricsFileOfAFailingConfigurationThatMayMeanIt() throws Exception {
        Path fresh = Files.createDirectory(dir.resolve("fresh"));
        Path arrayConfig = fresh.resolve("array.json");
        Files.writeString(arrayConfig, """
                [{"source": "postgres", "conn": "postgres://nobody:${DOCS_UNSET_PASSWORD}@127.0.0.1:1/none",
                  "tables": [{"name": "orders", "watermark": "updated_at", "primaryKey": "id", "target": "orders"}]}]
                """);
        Path notJson = fresh.resolve("broken.json");
        Files.writeString(notJson, "{\"database\": \"elsewhere.db\", \"sources\": [");
        for (Path config : List.of(arrayConfig, notJson)) {
            String verb = config == arrayConfig ? " is " : " may be ";
            Cli.Result result = Cli.run(Cli.cron(fresh), "run", "--config", config.toString(), "--metrics-file", "replica.db");
            assertEquals(ExitStatus.USAGE, result.status(), config + ": " + result);
            assertTrue(result.err().contains("--metrics-file " + fresh.resolve("replica.db") + verb + "the SQLite file"),
                    config + ": " + result);
            assertTrue(Files.notExists(fresh.resolve("replica.db")), config + ": replica.db was written");
        }
        // A "database" the loader cannot read (its own variable unset) names no file known, the default neither.
        Path unknown = fresh.resolve("unknown.json");
        Files.writeString(unknown, """
                {"database": "${DOCS_UNSET_DATA}/r.db", "sources": [{"source": "postgres",
                  "conn": "postgres://nobody@127.0.0.1:1/none",
                  "tables": [{"name": "orders", "watermark": "updated_at", "primaryKey": "id", "target": "orders"}]}]}
                """);
        Cli.Result result = Cli.run(Cli.cron(fresh), "run", "--config", unknown.toString(), "--metrics-file", "replica.db");
        assertEquals(ExitStatus.USAGE, result.status(), result::toString);
        assertTrue(Files.readString(fresh.resolve("replica.db")).contains("replicate_run_exit_status 2"), result::toString);
    }

    /**
     * Second reviewer's repro: a "database" written with a ${VAR}, the common way, was skipped as
     * unreadable, so {@code DATA=... run --metrics-file data/r.db} of a configuration failing on another
     * unset variable wrote r.db as metrics text (exit 2), and the next, mended run failed on it with exit
     * 74, "not an SQLite database". The name is interpolated as the loader does; one it cannot interpolate
     * (its own variable unset) names no file, so the metrics are written as for any other name.
     */
    @Test
    void aMetricsFileNamedAsTheReplicaThatAConfigurationNamesWithAVariableIsNotWritten() throws Exception {
        Path fresh = Files.createDirectory(dir.resolve("fresh"));
        Files.createDirectory(fresh.resolve("data"));
        Path objectConfig = fresh.resolve("bad.json");
        Files.writeString(objectConfig, """
                {"database": "${DOCS_DATA}/r.db", "sources": [{"source": "postgres",
                  "conn": "postgres://nobody:${DOCS_UNSET_PASSWORD}@127.0.0.1:1/none",
                  "tables": [{"name": "orders", "watermark": "updated_at", "primaryKey": "id", "target": "orders"}]}]}
                """);
        Environment environment = Cli.environment(java.util.Map.of("DOCS_DATA", fresh.resolve("data").toString()), false, fresh);
        Cli.Result result = Cli.run(environment, "run", "--config", objectConfig.toString(), "--metrics-file", "data/r.db");
        assertEquals(ExitStatus.USAGE, result.status(), result::toString);
        assertTrue(result.err().contains("--metrics-file " + fresh.resolve("data/r.db") + " is the SQLite file"), result::toString);
        assertTrue(Files.notExists(fresh.resolve("data/r.db")), "data/r.db was written");

        // DOCS_DATA unset too: the configuration names no file known, so data/r.db is a metrics file.
        result = Cli.run(Cli.cron(fresh), "run", "--config", objectConfig.toString(), "--metrics-file", "data/r.db");
        assertEquals(ExitStatus.USAGE, result.status(), result::toString);
        assertTrue(Files.readString(fresh.resolve("data/r.db")).contains("replicate_run_exit_status 2"), result::toString);
    }

    /**
     * Without --db: the "database" of a configuration that loads, a target it lacks, no replica yet.
     * The metrics file named as that replica is refused and not made (the check moved ahead of the
     * targets); an exit-2 run with a metrics file of its own neither reads the replica into it nor
     * complains that it cannot (reviewer: "the metrics file has no table metrics: cannot read bad.db").
     */
    @Test
    void anExitTwoRunWithoutDbNeitherWritesOverItsReplicaNorReadsIt() throws Exception {
        Path fresh = Files.createDirectory(dir.resolve("fresh"));
        Path objectConfig = fresh.resolve("obj.json");
        Files.writeString(objectConfig, """
                {"database": "x.db", "sources": [{"source": "postgres", "conn": "postgres://nobody@127.0.0.1:1/none",
                  "tables": [{"name": "orders", "watermark": "updated_at", "primaryKey": "id", "target": "orders"}]}]}
                """);
        Cli.Result result = Cli.run(Cli.cron(fresh), "run", "--config", objectConfig.toString(), "--metrics-file", "x.db",
                "no_such_target");
        assertEquals(ExitStatus.USAGE, result.status(), result::toString);
        assertTrue(result.err().contains("--metrics-file " + fresh.resolve("x.db") + " is the SQLite file"), result::toString);
        assertTrue(Files.notExists(fresh.resolve("x.db")), "x.db was written");

        Files.writeString(fresh.resolve("x.db"), "not a database");
        for (List<String> args : List.of(List.of("no_such_target"), List.of("--allow-mass-delete", "orders"))) {
            List<String> all = new ArrayList<>(List.of("run", "--config", objectConfig.toString(), "--metrics-file", "m.prom"));
            all.addAll(args);
            result = Cli.run(Cli.cron(fresh), all.toArray(String[]::new));
            assertEquals(ExitStatus.USAGE, result.status(), args + ": " + result);
            assertTrue(!result.err().contains("cannot read"), args + ": " + result);
            assertTrue(Files.readString(fresh.resolve("m.prom")).contains("replicate_run_exit_status 2"), args + ": " + result);
        }
    }

    /**
     * A run stopped by a JVM Error before it knew its SQLite file (here an OutOfMemoryError, thrown by a test
     * seam where the configuration is loaded; it was --config naming a file past what one Java array holds, which
     * is refused by its size now, ReplicaFileTroubleTest): the Error went past Main's
     * handler, so the process ended on a bare stack trace with status 1, while the metrics file it wrote
     * said 70, and the refusal of a metrics file named as the replica it may mean was never said. Now the
     * Error is said (70, as the metrics record it), the refusal after it; on picocli's path (a target given) and
     * the quick one alike. An OutOfMemoryError is said as a table's is, with the heap to give, not as a bug to
     * report (the README promised that); another Error is an internal error.
     */
    @Test
    void aRunStoppedByAJvmErrorSaysItAndWhyItsMetricsFileWasNotWritten() throws Exception {
        Path fresh = Files.createDirectory(dir.resolve("fresh"));
        Path config = fresh.resolve("c.json");
        Files.writeString(config, "[]");
        // Loading the configuration throws the Error (a test seam: no real one is to be had on demand).
        Context.jvmErrorLoadingConfig = () -> new OutOfMemoryError("Java heap space");
        try {
            for (List<String> targets : List.of(List.<String>of(), List.of("orders"))) {
                List<String> args = new ArrayList<>(List.of("run", "--config", config.toString(), "--metrics-file",
                        "replica.db"));
                args.addAll(targets);
                Cli.Result result = Cli.run(Cli.cron(fresh), args.toArray(String[]::new));
                assertEquals(ExitStatus.SOFTWARE, result.status(), targets + ": " + result);
                // Said as a table's is (OutOfMemory), with the heap to give: not a bug to report.
                String error = "replicate: ran out of memory (Java heap space) in the Java"
                        + " heap of " + Runtime.getRuntime().maxMemory() / (1024 * 1024) + " MiB: give Java a larger"
                        + " heap, e.g. JAVA_OPTS=-Xmx";
                assertTrue(!result.err().contains("internal error") && !result.err().contains("report it"),
                        targets + ": " + result);
                // No table was read: the words say nothing of what a table needs (its largest row, its key).
                assertTrue(!result.err().contains("largest row") && !result.err().contains("without a key"),
                        targets + ": " + result);
                // The configuration names no "database": the SQLite file is replica.db, said as such.
                String refusal = "--metrics-file " + fresh.resolve("replica.db") + " is the SQLite file";
                assertSaidBefore(result, error, refusal);
                assertTrue(Files.notExists(fresh.resolve("replica.db")), targets + ": replica.db was written");

                args.set(4, "m.prom");
                result = Cli.run(Cli.cron(fresh), args.toArray(String[]::new));
                assertEquals(ExitStatus.SOFTWARE, result.status(), targets + ": " + result);
                assertTrue(Files.readString(fresh.resolve("m.prom")).contains("replicate_run_exit_status 70"),
                        targets + ": " + result);
            }
            // Another JVM Error stays an internal error to report.
            Context.jvmErrorLoadingConfig = StackOverflowError::new;
            Cli.Result result = Cli.run(Cli.cron(fresh), "run", "--config", config.toString(), "orders");
            assertEquals(ExitStatus.SOFTWARE, result.status(), result::toString);
            assertTrue(result.err().startsWith("replicate: internal error: java.lang.StackOverflowError\n"
                    + "Please report it"), result::toString);
        } finally {
            Context.jvmErrorLoadingConfig = null;
        }
    }

    /**
     * The seam above is no system property: one (replicate.test.jvmErrorLoadingConfig) made every command
     * that loads a --config die of a made-up Error, and anyone can set one through JAVA_OPTS.
     */
    @Test
    void noSystemPropertyMakesLoadingTheConfigurationThrow() throws Exception {
        Path config = dir.resolve("c.json");
        Files.writeString(config, "[]");
        System.setProperty("replicate.test.jvmErrorLoadingConfig", "Java heap space");
        try {
            Cli.Result result = Cli.run(Cli.cron(dir), "run", "--config", config.toString(), "orders");
            assertEquals(ExitStatus.USAGE, result.status(), result::toString);
            assertTrue(!result.err().contains("ran out of memory"), result::toString);
        } finally {
            System.clearProperty("replicate.test.jvmErrorLoadingConfig");
        }
    }

    /**
     * verify checks its metrics file against the SQLite file a configuration that fails to load means, as run
     * does: it said only the configuration's error, and once that was mended, refused the metrics file as the
     * replica; both are said at once now, the refusal after the error. Another name is no clash.
     */
    @Test
    void verifyRefusesAMetricsFileNamedAsTheReplicaOfAConfigurationThatFails() throws Exception {
        Path fresh = Files.createDirectory(dir.resolve("fresh"));
        Path objectConfig = failingConfigNamingDbx(fresh);
        Cli.Result result = Cli.run(Cli.cron(fresh), "verify", "--config", objectConfig.toString(), "--metrics-file",
                "dbx.db");
        assertEquals(ExitStatus.USAGE, result.status(), result::toString);
        String refusal = "--metrics-file " + fresh.resolve("dbx.db") + " is the SQLite file";
        assertTrue(result.err().contains(refusal), result::toString);
        assertSaidBefore(result, "invalid configuration", refusal);
        assertTrue(Files.notExists(fresh.resolve("dbx.db")), "dbx.db was written");

        result = Cli.run(Cli.cron(fresh), "verify", "--config", objectConfig.toString(), "--metrics-file", "m.prom");
        assertEquals(ExitStatus.USAGE, result.status(), result::toString);
        assertTrue(result.err().contains("invalid configuration") && !result.err().contains("--metrics-file"),
                result::toString);
    }

    /**
     * The same bad input gets the same first message from verify as from run: a metrics file named as the
     * replica the configuration names, with a target it does not have. run checks the SQLite file before the
     * targets; verify checked the targets first and said only that one was not configured, so once that was
     * mended it refused the metrics file.
     */
    @Test
    void verifyChecksTheMetricsFileBeforeTheTargetsAsRunDoes() throws Exception {
        Path fresh = Files.createDirectory(dir.resolve("fresh"));
        Path objectConfig = fresh.resolve("obj.json");
        Files.writeString(objectConfig, """
                {"database": "x.db", "sources": [{"source": "postgres", "conn": "postgres://nobody@127.0.0.1:1/none",
                  "tables": [{"name": "orders", "watermark": "updated_at", "primaryKey": "id", "target": "orders"}]}]}
                """);
        String refusal = "--metrics-file " + fresh.resolve("x.db") + " is the SQLite file";
        for (String command : List.of("run", "verify")) {
            Cli.Result result = Cli.run(Cli.cron(fresh), command, "--config", objectConfig.toString(), "--metrics-file",
                    "x.db", "no_such_target");
            assertEquals(ExitStatus.USAGE, result.status(), command + ": " + result);
            assertTrue(result.err().contains(refusal) && !result.err().contains("no_such_target"), command + ": " + result);
            assertTrue(Files.notExists(fresh.resolve("x.db")), command + ": x.db was written");
        }
    }

    /** verify checks its metrics file's place as run does: a folder, and a folder it cannot write, are refused. */
    @Test
    void verifyRefusesAMetricsFileThatIsAFolderOrInOneItCannotWrite() throws Exception {
        Path folder = Files.createDirectory(dir.resolve("metrics"));
        Cli.Result result = Cli.run(Cli.cron(dir), "verify", "--config", config.toString(), "--db", db.toString(),
                "--metrics-file", folder.toString());
        assertEquals(ExitStatus.USAGE, result.status(), result::toString);
        assertTrue(result.err().contains("the metrics file " + folder + " is a folder"), result::toString);
        Path locked = Files.createDirectory(dir.resolve("locked"));
        assertTrue(locked.toFile().setWritable(false, false));
        try {
            org.junit.jupiter.api.Assumptions.assumeFalse(Files.isWritable(locked), "running as root");
            result = Cli.run(Cli.cron(dir), "verify", "--config", config.toString(), "--db", db.toString(),
                    "--metrics-file", locked.resolve("v.prom").toString());
            assertEquals(ExitStatus.USAGE, result.status(), result::toString);
            assertTrue(result.err().contains("its folder " + locked + " is not writable"), result::toString);
        } finally {
            locked.toFile().setWritable(true, false);
        }
    }

    /** Both said on stderr, {@code first} before {@code then} (an order checked by indexOf alone passes when one is missing). */
    private static void assertSaidBefore(Cli.Result result, String first, String then) {
        String err = result.err();
        assertTrue(err.contains(first), () -> "not said: " + first + "\n" + result);
        assertTrue(err.contains(then), () -> "not said: " + then + "\n" + result);
        assertTrue(err.indexOf(first) < err.indexOf(then), () -> "said in the wrong order\n" + result);
    }

    /** A configuration in {@code folder} that fails to load (an unset ${VAR}) and whose "database" is dbx.db there. */
    private static Path failingConfigNamingDbx(Path folder) throws java.io.IOException {
        Path config = folder.resolve("obj.json");
        Files.writeString(config, """
                {"database": "dbx.db", "sources": [{"source": "postgres",
                  "conn": "postgres://nobody:${DOCS_UNSET_PASSWORD}@127.0.0.1:1/none",
                  "tables": [{"name": "orders", "watermark": "updated_at", "primaryKey": "id", "target": "orders"}]}]}
                """);
        return config;
    }
}
