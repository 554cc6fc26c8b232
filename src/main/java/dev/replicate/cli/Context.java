package dev.replicate.cli;

import dev.replicate.cli.logging.CliWriter;
import dev.replicate.cli.startup.PluginClassLoader;
import dev.replicate.config.ConfigException;
import dev.replicate.config.ConfigLoader;
import dev.replicate.config.ReplicationConfig;
import dev.replicate.config.Secrets;
import dev.replicate.log.Log;
import dev.replicate.source.SourceRegistry;
import java.io.PrintStream;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.time.Clock;
import org.tinylog.Level;

/**
 * What a command works with: the streams, the environment, the clock, the connectors, and, once
 * asked for, the configuration and the SQLite path. Built per {@link Main#run} call.
 */
public final class Context {
    public static final String DB_VARIABLE = "REPLICATE_DB";
    public static final String DEFAULT_DATABASE = "replica.db";

    private final PrintStream out;
    private final PrintStream err;
    private final Environment environment;
    private final Clock clock;
    private SourceRegistry registry;
    private Secrets secrets = Secrets.none();
    private int verbosity;
    /** Resolved, once known: what an output file must not be (see {@link OutputClash}). */
    private Path logFile;
    private Path configFile;
    private boolean logFileCleared;
    private final java.util.List<String> afterFailure = new java.util.ArrayList<>();

    public Context(PrintStream out, PrintStream err, Environment environment, Clock clock) {
        this.out = out;
        this.err = err;
        this.environment = environment;
        this.clock = clock;
    }

    public PrintStream out() {
        return out;
    }

    public PrintStream err() {
        return err;
    }

    /**
     * A message that follows from the command's failure, such as why its metrics file was not written:
     * said after the failure itself, which Main's handler says once the command has ended.
     */
    public void sayAfterFailure(String message) {
        afterFailure.add(message);
    }

    public java.util.List<String> saidAfterFailure() {
        return java.util.List.copyOf(afterFailure);
    }

    public Environment environment() {
        return environment;
    }

    public Clock clock() {
        return clock;
    }

    public Secrets secrets() {
        return secrets;
    }

    /** The command's verbosity (-1 for -q, 0, 1 for -v, 2 for -vv ...), once {@link #startLogging} ran. */
    public int verbosity() {
        return verbosity;
    }

    /** The connectors: built in, and any found on REPLICATE_CLASSPATH or in lib/ext. */
    public SourceRegistry registry() {
        if (registry == null) {
            registry = SourceRegistry.discover(PluginClassLoader.create(environment));
        }
        return registry;
    }

    /** Sets up logging for this command's verbosity; Main's execution strategy calls it before any command runs. */
    public void startLogging(CommonOptions options) {
        requireNotEmpty(options.logFile, "--log-file");
        verbosity = options.verbosity();
        Level threshold = switch (options.verbosity()) {
            case -1 -> Level.ERROR;
            case 0 -> Level.WARN;
            case 1 -> Level.INFO;
            case 2 -> Level.DEBUG;
            default -> Level.TRACE;
        };
        Log.narrow(Log.lowest(threshold, options.logFile != null));
        logFile = options.logFile == null ? null : environment.resolve(options.logFile.toString());
        CliWriter.route(err, threshold, logFile, text -> secrets.mask(text));
    }

    /**
     * A test seam, set by tests only (OutputClashTest, in this package): the JVM Error that loading a --config
     * file throws instead, so that a test can see what a command stopped by one says and writes. Null in every
     * real run: no configuration, variable, option or system property sets it (JAVA_OPTS could set a property),
     * and the real Errors are not to be had on demand (a configuration too large to read whole is refused by
     * its size before it is read, ConfigLoader#read).
     */
    static volatile java.util.function.Supplier<Error> jvmErrorLoadingConfig;

    private static void jvmErrorTestSeam() {
        java.util.function.Supplier<Error> error = jvmErrorLoadingConfig;
        if (error != null) {
            throw error.get();
        }
    }

    /** The configuration from --config, else from REPLICATION_CONFIG_JSON; exit 2 with every problem otherwise. */
    public ReplicationConfig loadConfig(CommonOptions options) {
        ConfigLoader loader = new ConfigLoader(environment.variables(), registry());
        try {
            ReplicationConfig config;
            if (options.config != null) {
                configFile = environment.resolve(options.config.toString());
                OutputClash.refuse("--log-file", logFile, OutputClash.kept(null, configFile, null));
                jvmErrorTestSeam();
                config = loader.loadFile(configFile);
            } else {
                String json = environment.get(ConfigLoader.ENV_VARIABLE).orElseThrow(() -> new ReplicateException(
                        ExitStatus.USAGE, "no configuration: pass --config FILE, or put the JSON in the "
                        + ConfigLoader.ENV_VARIABLE + " environment variable (see `replicate --help`)"));
                config = loader.load(json, ConfigLoader.ENV_VARIABLE);
            }
            secrets = config.secrets();
            return config;
        } catch (ConfigException e) {
            throw new ReplicateException(ExitStatus.USAGE, e.getMessage());
        }
    }

    /** The SQLite file: --db, else REPLICATE_DB, else the configuration's "database", else replica.db. */
    public Path databasePath(CommonOptions options, ReplicationConfig config) {
        requireNotEmpty(options.database, "--db");
        String[] outside = namedOutsideConfig(options);
        String setting;
        String path;
        if (outside != null) {
            setting = outside[0];
            path = outside[1];
        } else {
            setting = "\"database\" in " + (configFile != null ? configFile : ConfigLoader.ENV_VARIABLE);
            path = config.database().orElse(DEFAULT_DATABASE);
        }
        Path database;
        try {
            database = environment.resolve(path);
        } catch (InvalidPathException e) {
            throw new ReplicateException(ExitStatus.USAGE, FileNameCharset.unspellable(setting, path));
        }
        OutputClash.refuse("--log-file", logFile, OutputClash.kept(database, configFile, null));
        logFileCleared = true;
        return database;
    }

    /**
     * Whether the log file, if any, has been checked against the SQLite file and the configuration:
     * only then may a command's failure be written to it (before, it may be the replica itself).
     */
    public boolean logFileCleared() {
        return logFileCleared;
    }

    /**
     * The SQLite file that --db or REPLICATE_DB names, resolved; null when only the configuration can say (or
     * the name cannot be a path).
     */
    public Path databaseNamedOutsideConfig(CommonOptions options) {
        String[] outside = namedOutsideConfig(options);
        if (outside == null || outside[1].isEmpty()) {
            return null;
        }
        try {
            return environment.resolve(outside[1]);
        } catch (InvalidPathException e) {
            return null;
        }
    }

    /** The one place of the precedence --db over REPLICATE_DB: {setting, name}, or null when neither names a file. */
    private String[] namedOutsideConfig(CommonOptions options) {
        if (options.database != null) {
            return new String[] {"--db", options.database.toString()};
        }
        return environment.get(DB_VARIABLE).map(path -> new String[] {DB_VARIABLE, path}).orElse(null);
    }

    /**
     * Refuses an output file (--metrics-file) that is the SQLite file a configuration that did not load
     * meant, when neither --db nor REPLICATE_DB names one (see {@link UnloadedConfig}): "may be" where
     * that is the default guessed for a text that is not JSON.
     */
    private void refuseOutputClashWithAnUnloadedConfig(String option, Path output) {
        UnloadedConfig.database(environment, configFile,
                configFile == null ? environment.get(ConfigLoader.ENV_VARIABLE).orElse(null) : null)
                .ifPresent(meant -> OutputClash.refuse(option, output,
                        OutputClash.database(meant.known() ? "is" : "may be", meant.database())));
    }

    /**
     * For a command that stopped before it knew its SQLite file (its configuration did not load): whether
     * {@code output} (--metrics-file) is refused, as the configuration file (known only now) or as the SQLite
     * file the configuration meant, when neither --db nor REPLICATE_DB names one ({@code namedDatabase} null).
     * The refusal follows from the command's failure, so it is left to be said after it ({@link #sayAfterFailure}).
     * run's and verify's one check.
     */
    public boolean refusedAfterAnEarlyStop(String option, Path output, Path namedDatabase) {
        try {
            refuseOutputClash(option, output, null);
            if (namedDatabase == null) {
                refuseOutputClashWithAnUnloadedConfig(option, output);
            }
            return false;
        } catch (ReplicateException e) {
            sayAfterFailure(e.getMessage());
            return true;
        }
    }

    /**
     * Refuses an output file of the command's own (--metrics-file) that is the SQLite file or one of
     * its companions, the configuration file or the log file: exit 2.
     */
    public void refuseOutputClash(String option, Path output, Path database) {
        OutputClash.refuse(option, output, OutputClash.kept(database, configFile, logFile));
    }

    /**
     * A path option given as "" is a usage error: resolved, it names the working directory, so
     * {@code --db ""} was "the SQLite file /cwd is a directory" (exit 74) and an empty --log-file or
     * --metrics-file "is a folder" (hostile test), each blaming something the user did not write. (An
     * empty variable, REPLICATE_DB="", counts as unset, as every variable does: see Environment#get.)
     */
    public static void requireNotEmpty(Path path, String option) {
        if (path != null && path.toString().isEmpty()) {
            throw new ReplicateException(ExitStatus.USAGE, option + " must not be empty");
        }
    }
}
