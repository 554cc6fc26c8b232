package dev.replicate.faults;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * replicate in a child JVM, as cron starts it: a real process that holds a real OS lock and can be
 * killed with SIGKILL ({@link Process#destroyForcibly()} on Linux) at any instruction.
 */
final class ChildReplicate {
    private final Process process;
    private final Path out;
    private final Path err;
    private final long startedNanos = System.nanoTime();

    private ChildReplicate(Process process, Path out, Path err) {
        this.process = process;
        this.out = out;
        this.err = err;
    }

    /** Starts {@code replicate <args>} with the test JVM's class path in {@code dir}. */
    static ChildReplicate start(Path dir, List<String> args) throws IOException {
        return start(dir, List.of(), args);
    }

    /** The same, with more JVM options (system properties such as the fallback switches). */
    static ChildReplicate start(Path dir, List<String> jvmOptions, List<String> args) throws IOException {
        return start(dir, jvmOptions, "dev.replicate.cli.Main", args);
    }

    /** The same, through a main class of the tests' that sets a test seam, then calls replicate's Main. */
    static ChildReplicate start(Path dir, List<String> jvmOptions, String mainClass, List<String> args)
            throws IOException {
        String classPath = System.getProperty("surefire.test.class.path");
        if (classPath == null || classPath.isBlank()) {
            classPath = System.getProperty("java.class.path");
        }
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        // A short-lived CLI: skip the optimising compiler, keep the heap small (2 cores run it all).
        command.addAll(List.of("-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-Xmx256m", "-Xshare:auto"));
        command.addAll(jvmOptions);
        command.addAll(List.of("-cp", classPath, mainClass));
        command.addAll(args);
        Path out = Files.createTempFile(dir, "child", ".out");
        Path err = Files.createTempFile(dir, "child", ".err");
        ProcessBuilder builder = new ProcessBuilder(command).directory(dir.toFile())
                .redirectOutput(out.toFile()).redirectError(err.toFile());
        builder.environment().keySet().removeIf(k -> k.startsWith("REPLICATE_") || k.equals("REPLICATION_CONFIG_JSON"));
        return new ChildReplicate(builder.start(), out, err);
    }

    boolean alive() {
        return process.isAlive();
    }

    long pid() {
        return process.pid();
    }

    /** SIGKILL, then waits until the process is gone (so the kernel has dropped its lock). */
    void kill() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor();
    }

    /** Waits for the exit status; fails after the timeout (killing the child). */
    int waitFor(long seconds) throws InterruptedException {
        if (!process.waitFor(seconds, TimeUnit.SECONDS)) {
            kill();
            throw new AssertionError("replicate did not finish within " + seconds + " s; " + output());
        }
        return process.exitValue();
    }

    long millisSinceStart() {
        return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - startedNanos);
    }

    String out() {
        return read(out);
    }

    String err() {
        return read(err);
    }

    String output() {
        return "--- out:\n" + out() + "--- err:\n" + err();
    }

    private static String read(Path file) {
        try {
            return Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "(unreadable: " + e.getMessage() + ")";
        }
    }
}
