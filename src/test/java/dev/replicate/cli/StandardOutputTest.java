package dev.replicate.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.replicate.sqlite.Replica;
import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Hostile test: a command's output that never reached standard output ended as if it had.
 * {@code replicate status --json > status.json} on a full disk, or with standard output closed
 * ({@code >&-}, where the JVM's next file takes its place), exited 0 and left an empty file for
 * the monitoring that reads it. A reader that stops early ({@code | head -1}) is no failure.
 */
class StandardOutputTest {
    @TempDir
    Path dir;

    private List<String> status;

    @BeforeEach
    void replica() throws Exception {
        Path db = dir.resolve("replica.db");
        try (Replica replica = Replica.openForWriting(db)) {
            replica.commit();
        }
        Path config = dir.resolve("replicate.json");
        Files.writeString(config, """
                [{"source": "postgres", "conn": "postgres://nobody@127.0.0.1:1/none", "intervalSeconds": 60,
                  "tables": [{"name": "orders", "watermark": "updated_at", "primaryKey": "id", "target": "orders"}]}]
                """);
        status = List.of("status", "--json", "--config", config.toString(), "--db", db.toString());
    }

    @Test
    void outputThatCouldNotBeWrittenIsAFailureNamingStandardOutput() throws Exception {
        org.junit.jupiter.api.Assumptions.assumeTrue(new File("/dev/full").canWrite(), "needs /dev/full");
        ProcessBuilder builder = child(status).redirectOutput(new File("/dev/full"));
        Path err = dir.resolve("err.txt");
        Process process = builder.redirectError(err.toFile()).start();
        assertTrue(process.waitFor(60, TimeUnit.SECONDS));
        String stderr = Files.readString(err, StandardCharsets.UTF_8);
        assertEquals(ExitStatus.REPLICA_ERROR, process.exitValue(), stderr);
        assertTrue(stderr.contains("standard output"), stderr);

        List<String> closed = new ArrayList<>(List.of("/bin/sh", "-c", "exec \"$@\" >&-", "sh"));
        closed.addAll(child(status).command());
        Process withoutOutput = new ProcessBuilder(closed).directory(dir.toFile()).redirectError(err.toFile()).start();
        assertTrue(withoutOutput.waitFor(60, TimeUnit.SECONDS));
        String closedErr = Files.readString(err, StandardCharsets.UTF_8);
        assertEquals(ExitStatus.REPLICA_ERROR, withoutOutput.exitValue(), "stdout closed: " + closedErr);
        assertTrue(closedErr.contains("standard output"), closedErr);

        // The log file says why too (reviewer: it ended on the command's last line, exit 74 unexplained).
        Path log = dir.resolve("status.log");
        List<String> logged = new ArrayList<>(status);
        logged.addAll(List.of("--log-file", log.toString()));
        Process withLog = child(logged).redirectOutput(new File("/dev/full")).redirectError(err.toFile()).start();
        assertTrue(withLog.waitFor(60, TimeUnit.SECONDS));
        assertEquals(ExitStatus.REPLICA_ERROR, withLog.exitValue(), Files.readString(err, StandardCharsets.UTF_8));
        String logText = Files.readString(log, StandardCharsets.UTF_8);
        assertTrue(logText.matches("\\S+ error: the output could not be written to standard output .*\n"), logText);
    }

    @Test
    void aReaderThatStopsEarlyIsNoFailure() throws Exception {
        Path err = dir.resolve("err.txt");
        Process process = child(status).redirectError(err.toFile()).start();
        process.getInputStream().close();
        assertTrue(process.waitFor(60, TimeUnit.SECONDS));
        assertEquals(0, process.exitValue(), Files.readString(err, StandardCharsets.UTF_8));
        assertEquals("", Files.readString(err, StandardCharsets.UTF_8));
    }

    /** A named pipe (mkfifo) whose reader leaves is a reader gone too, as an unnamed one is. */
    @Test
    void aNamedPipeWhoseReaderLeftIsNoFailure() throws Exception {
        Path fifo = dir.resolve("status.fifo");
        org.junit.jupiter.api.Assumptions.assumeTrue(
                new ProcessBuilder("mkfifo", fifo.toString()).start().waitFor() == 0, "needs mkfifo");
        // Opens the FIFO to read, which lets the child's side open, and leaves at once: the child writes
        // to a named pipe without a reader.
        Thread reader = new Thread(() -> {
            try (java.io.FileInputStream in = new java.io.FileInputStream(fifo.toFile())) {
                in.available();
            } catch (java.io.IOException ignored) {
                // the test fails below if the child never got its output opened
            }
        });
        reader.start();
        Path err = dir.resolve("err.txt");
        Process process = child(status).redirectOutput(fifo.toFile()).redirectError(err.toFile()).start();
        reader.join(60_000);
        assertTrue(process.waitFor(60, TimeUnit.SECONDS));
        assertEquals(0, process.exitValue(), Files.readString(err, StandardCharsets.UTF_8));
    }

    private ProcessBuilder child(List<String> args) {
        String classPath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-cp", classPath, "dev.replicate.cli.Main"));
        command.addAll(args);
        ProcessBuilder builder = new ProcessBuilder(command).directory(dir.toFile());
        builder.environment().keySet().removeIf(name -> name.startsWith("REPLICATE_") || name.equals("REPLICATION_CONFIG_JSON"));
        return builder;
    }
}
