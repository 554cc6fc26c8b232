package dev.replicate.cli.help;

/**
 * Help lines that several commands share, written once so that every command's {@code --help} and man
 * page say the same thing. Compile-time constants, since they go into annotations.
 */
public final class HelpText {
    private HelpText() {
    }

    public static final String ENV_CONFIG = "REPLICATION_CONFIG_JSON:the configuration (JSON text), when --config is not given";
    public static final String ENV_DB = "REPLICATE_DB:the SQLite file, when --db is not given";
    public static final String ENV_CLASSPATH = "REPLICATE_CLASSPATH:jars or folders with more source types (connectors),"
            + " separated by colons; folder/* adds every jar in the folder";
    public static final String ENV_NO_COLOR = "NO_COLOR:when set to anything but the empty string, no colour even at a terminal";

    public static final String FILE_CONFIG = "replicate.json:the configuration, by convention; any name given to --config";
    public static final String FILE_DB = "replica.db:the SQLite file when neither --db, REPLICATE_DB nor \"database\""
            + " in the configuration names another";
    public static final String FILE_LOCK = "replica.db.lock:beside the SQLite file (its real path, when it is reached through"
            + " a symlink); a run holds an operating-system lock on"
            + " it so that two runs never write at once (the file itself stays; it holds at most a line a run leaves for the next:"
            + " since when no run could empty the write-ahead log)";
    public static final String FILE_WAL = "replica.db-wal, replica.db-shm:SQLite's write-ahead log, so that readers are"
            + " never blocked by a run, emptied at the end of a run that wrote; part of the database, do not delete them";

    public static final String EXIT_USAGE = "2:usage or configuration error; nothing was changed";
    /** run's: its --metrics-file records an exit 2 that run itself found (README, Exit statuses). */
    public static final String EXIT_USAGE_RUN = "2:usage or configuration error; nothing was changed but run's"
            + " --metrics-file, which records it (not for an option that cannot be read, a --log-file that cannot be"
            + " opened, or a metrics file refused)";
    /**
     * The top page's: bin/replicate's own exit 2, before Java starts, whatever the command (README,
     * Running it for real, lists them).
     */
    public static final String EXIT_USAGE_TOP = EXIT_USAGE_RUN + "; also bin/replicate's own, before Java starts: no Java"
            + " 17 or newer where JAVA_HOME or the PATH says, a quote left open in JAVA_OPTS or Java's option variables,"
            + " an @argfile in JAVA_TOOL_OPTIONS or _JAVA_OPTIONS (the JVM refuses one there unless told to ignore options it does not know), a launcher copied away from its install or an install missing its jar, an install path with a colon, a"
            + " working folder deleted, sh instead of bash (README: Running it for real)";
    /** As the README's Exit statuses: an OutOfMemoryError outside a table's work is no bug (Main's handler). */
    public static final String EXIT_SOFTWARE = "70:internal error (a bug, or a JVM error other than running out of"
            + " memory): please report it with the output of -vv; or the JVM ran out of memory outside a table's work,"
            + " said so with what to change (JAVA_OPTS=-Xmx... for the heap)";
    public static final String EXIT_SIGNAL = "129, 130, 143:stopped by SIGHUP (its terminal closed), SIGINT (Ctrl-C) or"
            + " SIGTERM (the shell's status for a process that signal ended); what was committed stays";
    public static final String EXIT_CODE_HEADING = "%nExit status:%n";
}
