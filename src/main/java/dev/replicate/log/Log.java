package dev.replicate.log;

import org.tinylog.Level;
import org.tinylog.Logger;

/**
 * Every log line of replicate, and of the libraries through SLF4J ({@link Slf4jGate}), passes this gate
 * before it reaches tinylog, so that tinylog starts only when a line is actually let through.
 *
 * <p>Why: starting tinylog cost a cron run about 50 ms of its main thread, a tenth of a 1,000-row
 * incremental run (profiled with the class-data archive mapped, BENCHMARKS.md, the fourteenth session):
 * its runtime probe builds a {@code SecurityManager} and asks JMX for the JVM's start time, and its
 * configuration and provider loaders open every jar on the class path. Most runs log nothing at their
 * level, and sqlite-jdbc's SLF4J loggers, made as its classes load, used to start it in every one.
 *
 * <p>A process that runs one command ({@link #oneCommandProcess}, {@code Main.main}) narrows the gate to
 * the lowest level the command shows anywhere: its stderr threshold, or INFO when it writes a log file.
 * That also keeps the drivers' {@code isTraceEnabled} checks false, so sqlite-jdbc does not format a
 * trace line (MessageFormat, the whole SQL) of every statement it prepares (3-4% of a first sync's
 * writing thread, issue #5). A JVM that runs many commands (the tests) keeps the gate open: each command
 * brings its own verbosity, and {@code CliWriter} filters by the current one.
 *
 * <p>The overloads mirror tinylog's {@link Logger}: a message alone is written as it is, with arguments
 * its {@code {}} are replaced.
 */
public final class Log {
    private static volatile boolean oneCommandProcess;
    private static volatile Level lowest = Level.TRACE;

    private Log() {
    }

    /** Called by {@code Main.main} only: this JVM runs one command, then exits. */
    public static void oneCommandProcess() {
        oneCommandProcess = true;
    }

    /** The lowest level a command shows anywhere: its stderr threshold, or INFO when it writes a log file. */
    public static Level lowest(Level threshold, boolean logFile) {
        return logFile && Level.INFO.ordinal() < threshold.ordinal() ? Level.INFO : threshold;
    }

    /**
     * Lets through only {@code level} and above from now on, if this is a one-command process.
     *
     * @return whether the gate was narrowed
     */
    public static boolean narrow(Level level) {
        if (!oneCommandProcess) {
            return false;
        }
        lowest = level;
        return true;
    }

    /** Whether a line at {@code level} would be let through to tinylog. */
    public static boolean allows(Level level) {
        return level.ordinal() >= lowest.ordinal();
    }

    public static void trace(String message) {
        if (allows(Level.TRACE)) {
            Logger.trace((Object) message);
        }
    }

    public static void trace(String message, Object... arguments) {
        if (allows(Level.TRACE)) {
            Logger.trace(message, arguments);
        }
    }

    public static void debug(String message) {
        if (allows(Level.DEBUG)) {
            Logger.debug((Object) message);
        }
    }

    public static void debug(String message, Object... arguments) {
        if (allows(Level.DEBUG)) {
            Logger.debug(message, arguments);
        }
    }

    public static void debug(Throwable exception, String message) {
        if (allows(Level.DEBUG)) {
            Logger.debug(exception, message);
        }
    }

    public static void debug(Throwable exception, String message, Object... arguments) {
        if (allows(Level.DEBUG)) {
            Logger.debug(exception, message, arguments);
        }
    }

    public static void info(String message) {
        if (allows(Level.INFO)) {
            Logger.info((Object) message);
        }
    }

    public static void info(String message, Object... arguments) {
        if (allows(Level.INFO)) {
            Logger.info(message, arguments);
        }
    }

    public static void warn(String message) {
        if (allows(Level.WARN)) {
            Logger.warn((Object) message);
        }
    }

    public static void warn(String message, Object... arguments) {
        if (allows(Level.WARN)) {
            Logger.warn(message, arguments);
        }
    }

    public static void error(String message) {
        if (allows(Level.ERROR)) {
            Logger.error((Object) message);
        }
    }

    public static void error(String message, Object... arguments) {
        if (allows(Level.ERROR)) {
            Logger.error(message, arguments);
        }
    }

    /** A line already formatted by another logging API (SLF4J's), at its level. */
    static void formatted(Level level, Throwable exception, String message) {
        if (!allows(level)) {
            return;
        }
        switch (level) {
            case TRACE -> Logger.trace(exception, message);
            case DEBUG -> Logger.debug(exception, message);
            case INFO -> Logger.info(exception, message);
            case WARN -> Logger.warn(exception, message);
            default -> Logger.error(exception, message);
        }
    }
}
