package dev.replicate.sqlite;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * replicate in a child JVM whose swap of one full table stalls just before its commit, holding the write
 * lock, until the process is told to stop, and commits a moment after (FullRefreshCrashScenarios): so that
 * the stop's recording (StopRecorder) starts while the swap is uncommitted and gets the lock only once the
 * table is whole. Arguments: a file to make once the swap stalls (the test's sign to send the signal), the
 * target, then replicate's own.
 */
public final class StalledSwapMain {
    /** How long the swap goes on stalling once the stop began: the stop's recording is waiting for the lock by then. */
    private static final long AFTER_STOP_MILLIS = 1_000;
    /** A test that never sends the signal does not keep the child forever. */
    private static final long AT_MOST_MILLIS = 60_000;

    private StalledSwapMain() {
    }

    public static void main(String[] args) throws Exception {
        Path stalled = Path.of(args[0]);
        String target = args[1];
        ShadowTable.beforeSwapCommit = swapped -> {
            if (swapped.equals(target)) {
                stallUntilStopped(stalled);
            }
        };
        dev.replicate.cli.Main.main(Arrays.copyOfRange(args, 2, args.length));
    }

    private static void stallUntilStopped(Path stalled) {
        try {
            Files.createFile(stalled);
            long deadline = System.nanoTime() + AT_MOST_MILLIS * 1_000_000;
            while (!stopping() && System.nanoTime() < deadline) {
                Thread.sleep(20);
            }
            Thread.sleep(AFTER_STOP_MILLIS);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** Whether the JVM has begun its shutdown (the signal came): it then refuses another shutdown hook. */
    private static boolean stopping() {
        Thread probe = new Thread(() -> { });
        try {
            Runtime.getRuntime().addShutdownHook(probe);
            Runtime.getRuntime().removeShutdownHook(probe);
            return false;
        } catch (IllegalStateException shuttingDown) {
            return true;
        }
    }
}
