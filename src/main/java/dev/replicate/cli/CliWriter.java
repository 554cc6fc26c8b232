package dev.replicate.cli;

import java.io.IOException;
import java.io.PrintStream;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Collection;
import java.util.EnumSet;
import java.util.Map;
import java.util.Set;
import org.tinylog.Level;
import org.tinylog.core.LogEntry;
import org.tinylog.core.LogEntryValue;

/**
 * The tinylog writer behind all of replicate's logging ({@code writer = cli}). tinylog's configuration
 * is fixed once per JVM, but each {@link Main#run} call brings its own stderr, verbosity and log file,
 * so this writer routes to whatever the current call set, and masks secrets on the way out.
 */
public final class CliWriter implements org.tinylog.writers.Writer {
    private static volatile Route route = new Route(System.err, Level.WARN, null, null, s -> s);

    /** Where log lines go for the current command. */
    record Route(PrintStream err, Level threshold, Path logFile, Writer file,
                 java.util.function.UnaryOperator<String> mask) {
    }

    public CliWriter(Map<String, String> properties) {
        // configured through route()
    }

    static void route(PrintStream err, Level threshold, Path logFile, java.util.function.UnaryOperator<String> mask) {
        Writer file = null;
        if (logFile != null) {
            try {
                file = Files.newBufferedWriter(logFile, StandardCharsets.UTF_8, StandardOpenOption.CREATE,
                        StandardOpenOption.APPEND);
            } catch (IOException e) {
                throw new ReplicateException(ExitStatus.USAGE, "cannot write the log file " + logFile + ": " + e.getMessage());
            }
        }
        route = new Route(err, threshold, logFile, file, mask);
    }

    /**
     * Back to the default route, closing the command's log file. Never throws: it runs in
     * {@link Main#run}'s finally, where an exception would replace the command's exit status. A log
     * file that cannot be written (a full disk) is said on the command's stderr instead.
     */
    static void unroute() {
        Route old = route;
        route = new Route(System.err, Level.WARN, null, null, s -> s);
        if (old.file() != null) {
            try {
                old.file().close();
            } catch (IOException e) {
                old.err().println("replicate: cannot write the log file " + old.logFile() + ": " + e.getMessage());
            }
        }
    }

    @Override
    public Collection<LogEntryValue> getRequiredLogEntryValues() {
        return EnumSet.of(LogEntryValue.LEVEL, LogEntryValue.MESSAGE, LogEntryValue.EXCEPTION, LogEntryValue.DATE);
    }

    @Override
    public void write(LogEntry entry) throws IOException {
        Route current = route;
        boolean toErr = entry.getLevel().ordinal() >= current.threshold().ordinal();
        boolean toFile = current.file() != null && entry.getLevel().ordinal() >= Level.INFO.ordinal();
        if (!toErr && !toFile) {
            return; // most entries of a long sync (the drivers' debug lines): not worth formatting
        }
        String text = current.mask().apply(format(entry, current.threshold() == Level.TRACE));
        if (toErr) {
            current.err().println(text);
        }
        if (toFile) {
            current.file().write(LocalDateTime.now().format(DateTimeFormatter.ISO_LOCAL_DATE_TIME) + " " + text + "\n");
            current.file().flush();
        }
    }

    private static String format(LogEntry entry, boolean withTrace) {
        StringBuilder text = new StringBuilder();
        if (LEVEL_PREFIXED.contains(entry.getLevel())) {
            text.append(entry.getLevel().name().toLowerCase()).append(": ");
        }
        text.append(entry.getMessage() == null ? "" : entry.getMessage());
        if (entry.getException() != null && withTrace) {
            java.io.StringWriter trace = new java.io.StringWriter();
            entry.getException().printStackTrace(new java.io.PrintWriter(trace));
            text.append('\n').append(trace.toString().stripTrailing());
        }
        return text.toString();
    }

    private static final Set<Level> LEVEL_PREFIXED = EnumSet.of(Level.WARN, Level.ERROR, Level.DEBUG, Level.TRACE);

    @Override
    public void flush() {
        route.err().flush();
    }

    @Override
    public void close() {
        flush();
    }
}
