package dev.replicate.cli.logging;

import dev.replicate.cli.ExitStatus;
import dev.replicate.cli.ReplicateException;
import java.io.IOException;
import java.io.PrintStream;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Collection;
import java.util.EnumSet;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.tinylog.Level;
import org.tinylog.core.LogEntry;
import org.tinylog.core.LogEntryValue;

/**
 * The tinylog writer behind all of replicate's logging ({@code writer = cli}). tinylog's configuration
 * is fixed once per JVM, but each {@link dev.replicate.cli.Main#run} call brings its own stderr, verbosity and log file,
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

    public static void route(PrintStream err, Level threshold, Path logFile, java.util.function.UnaryOperator<String> mask) {
        Writer file = null;
        if (logFile != null) {
            // A missing folder is not created: it is far more often a typo than a wish.
            try {
                file = Files.newBufferedWriter(logFile, StandardCharsets.UTF_8, StandardOpenOption.CREATE,
                        StandardOpenOption.APPEND);
            } catch (IOException e) {
                throw new ReplicateException(ExitStatus.USAGE, "cannot write the log file " + logFile + ": " + reason(logFile, e));
            }
        }
        route = new Route(err, threshold, logFile, file, mask);
    }

    /**
     * A command's failure, which Main's handler says on stderr itself, into the log file as well: a line
     * like any error's there, so that a run that failed on its SQLite file leaves a trace where its
     * operator looks. The caller decides that the file may be written (it is not the SQLite file).
     */
    public static void failureToLogFile(String message) {
        Route current = route;
        if (current.file() == null) {
            return;
        }
        try {
            current.file().write(stamp(OffsetDateTime.now()) + " error: " + current.mask().apply(message) + "\n");
            current.file().flush();
        } catch (IOException e) {
            current.err().println("replicate: cannot write the log file " + current.logFile() + ": " + reason(current.logFile(), e));
        }
    }

    /** Why a file cannot be opened, in words: the JDK's messages for these are the bare path. */
    public static String reason(Path file, IOException e) {
        if (Files.isDirectory(file)) {
            return "it is a folder";
        }
        if (e instanceof NoSuchFileException && file.toAbsolutePath().getParent() != null
                && !Files.isDirectory(file.toAbsolutePath().getParent())) {
            return "its folder does not exist: " + file.toAbsolutePath().getParent();
        }
        if (e instanceof AccessDeniedException) {
            return "permission denied";
        }
        if (e instanceof FileSystemException fs && fs.getReason() != null) {
            return fs.getReason();
        }
        return String.valueOf(e.getMessage());
    }

    /**
     * Back to the default route, closing the command's log file. Never throws: it runs in
     * {@link dev.replicate.cli.Main#run}'s finally, where an exception would replace the command's exit status. A log
     * file that cannot be written (a full disk) is said on the command's stderr instead.
     */
    public static void unroute() {
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
        // Stack traces from -vv on (documented so in --help, the man pages and the README), on stderr
        // only: the log file keeps one line per entry whatever the verbosity.
        boolean withTrace = current.threshold().ordinal() <= Level.DEBUG.ordinal();
        if (toErr) {
            current.err().println(current.mask().apply(format(entry, withTrace)));
        }
        if (toFile) {
            String text = current.mask().apply(format(entry, false));
            // With the offset: cron and a shell often differ in TZ, and both may append to one file; a
            // local time alone could not tell their lines apart, nor the repeated hour at DST's end.
            current.file().write(stamp(OffsetDateTime.now()) + " " + text + "\n");
            current.file().flush();
        }
    }

    /**
     * The local time with its offset, to the millisecond in three digits always: ISO_OFFSET_DATE_TIME
     * writes .18 for .180 and nothing on a whole second, so one file's lines had three widths.
     */
    static String stamp(OffsetDateTime time) {
        return time.format(STAMP);
    }

    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSSXXX", Locale.ROOT);

    private static String format(LogEntry entry, boolean withTrace) {
        StringBuilder text = new StringBuilder();
        if (LEVEL_PREFIXED.contains(entry.getLevel())) {
            text.append(entry.getLevel().name().toLowerCase(Locale.ROOT)).append(": ");
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
