package dev.replicate.cli.logging;

import java.util.Locale;
import org.tinylog.Level;
import org.tinylog.configuration.Configuration;

/**
 * tinylog's own lowest level, narrowed to what the command will show when the process runs that one
 * command ({@link dev.replicate.cli.Main#main}).
 *
 * <p>tinylog.properties lets every level through to {@link CliWriter}, which filters by the current
 * command's verbosity, because tests run many commands with different verbosities in one JVM and
 * tinylog's configuration is fixed once per JVM. But a level let through costs its callers: sqlite-jdbc
 * formats a trace line (MessageFormat, the whole SQL) for every statement it prepares, and a first
 * sync prepares several per page; that was 3-4% of the writing thread's time (profiled, issue #5).
 * A process that runs one command knows its verbosity before anything is logged, so it tells tinylog,
 * and the drivers' {@code isTraceEnabled} checks skip the work.
 */
public final class LogFloor {
    private static volatile boolean oneCommandProcess;

    private LogFloor() {
    }

    /** Called by {@link dev.replicate.cli.Main#main} only: this JVM runs one command, then exits. */
    public static void oneCommandProcess() {
        oneCommandProcess = true;
    }

    /** The lowest level the command shows anywhere: its stderr threshold, or INFO when it writes a log file. */
    public static Level lowest(Level threshold, boolean logFile) {
        return logFile && Level.INFO.ordinal() < threshold.ordinal() ? Level.INFO : threshold;
    }

    /**
     * Narrows tinylog to {@code lowest}, if this is a one-command process and tinylog has not started
     * yet (a logger used earlier fixes its configuration; then nothing changes, and nothing is lost).
     *
     * @return whether tinylog was narrowed
     */
    public static boolean narrow(Level lowest) {
        if (!oneCommandProcess || Configuration.isFrozen()) {
            return false;
        }
        try {
            Configuration.set("level", lowest.name().toLowerCase(Locale.ROOT));
            return true;
        } catch (UnsupportedOperationException frozenMeanwhile) {
            return false; // another thread started tinylog between the check and the set
        }
    }
}
