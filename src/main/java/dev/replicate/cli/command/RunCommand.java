package dev.replicate.cli.command;

import dev.replicate.cli.CommonOptions;
import dev.replicate.cli.Context;
import dev.replicate.cli.ExitStatus;
import dev.replicate.cli.ReplicateCommand;
import dev.replicate.cli.ReplicateException;
import dev.replicate.cli.console.ConsoleReport;
import dev.replicate.cli.help.HelpSections;
import dev.replicate.cli.help.HelpText;
import dev.replicate.cli.help.VersionProvider;
import dev.replicate.cli.metrics.RunMetricsWriter;
import dev.replicate.cli.startup.ArchivePreloader;
import dev.replicate.cli.startup.JitChoice;
import dev.replicate.config.ReplicationConfig;
import dev.replicate.config.TableConfig;
import dev.replicate.sqlite.LockedReplica;
import dev.replicate.sqlite.WriteSettings;
import dev.replicate.sqlite.ReplicaException;
import dev.replicate.sync.ReplicationEngine;
import dev.replicate.sync.RunReport;
import dev.replicate.sync.StopRecorder;
import dev.replicate.sync.TableOutcome;
import java.io.IOException;
import java.nio.file.Path;
import java.sql.SQLException;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

@Command(name = "run",
        description = {"Pulls new and changed rows of every table that is due into the SQLite file.",
            "Prints nothing on success unless at a terminal; errors go to stderr."},
        sortOptions = false,
        mixinStandardHelpOptions = true,
        versionProvider = VersionProvider.class,
        exitCodeListHeading = HelpText.EXIT_CODE_HEADING,
        exitCodeList = {
            "0:every table that was due ran (or none was due)",
            "1:at least one table failed; the others ran (see `replicate status`)",
            HelpText.EXIT_USAGE_RUN,
            HelpText.EXIT_SOFTWARE,
            "74:the SQLite file cannot be opened or written; or the run succeeded but the --metrics-file, or what it printed to stdout (a full disk, stdout closed), could not be written",
            "75:another run holds the lock on the SQLite file; this one stepped aside",
            HelpText.EXIT_SIGNAL})
@HelpSections(
        environment = {HelpText.ENV_CONFIG, HelpText.ENV_DB, HelpText.ENV_CLASSPATH, HelpText.ENV_NO_COLOR},
        files = {HelpText.FILE_CONFIG, HelpText.FILE_DB, HelpText.FILE_LOCK, HelpText.FILE_WAL,
            "metrics.prom:with --metrics-file: Prometheus text format for node_exporter's textfile collector,"
                + " replaced whole after each run"},
        examples = {
            "replicate run --config replicate.json",
            "replicate run --force orders customers  # these two tables now, due or not",
            "replicate run --allow-mass-delete orders  # the rows its reconcile or full read would remove really are gone",
            "replicate run --metrics-file /var/lib/node_exporter/textfile_collector/replicate.prom",
            "* * * * * replicate run --config /etc/replicate.json --db /var/lib/replica.db  # crontab"})
public final class RunCommand implements Callable<Integer> {
    @ParentCommand
    ReplicateCommand parent;

    @Mixin
    CommonOptions options;

    @Option(names = "--force", description = "Run every table now, due or not.")
    boolean force;

    @Option(names = "--metrics-file", paramLabel = "FILE",
            description = "After the run, write metrics for node_exporter's textfile collector to this file (replaced"
                    + " atomically): per table the last success, rows pulled, changed and deleted and duration of its last run,"
                    + " failures in a row, watermark lag and a cursor ahead of the clock; the run's duration, exit status and end."
                    + " Its folder must exist and be writable, and it must not be the SQLite file (nor any SQLite database),"
                    + " the configuration or the log file (else exit 2, before the run).")
    Path metricsFile;

    @Option(names = "--allow-mass-delete", paramLabel = "TARGET",
            description = "Let this run's reconcile of TARGET (\"deletes\": {\"reconcile\": ...}) delete more than its"
                    + " maxDeletePercent of the rows, or every row; and let a full table's run (\"mode\": \"full\")"
                    + " swap in a read that found no rows over a table that has some: for when the rows really are"
                    + " gone at the source. The table runs (and reconciles) now, due or not. Repeatable; a TARGET not"
                    + " in the configuration, or one that neither reconciles nor is full (no guard to pass), is a"
                    + " usage error (exit 2).")
    List<String> allowMassDelete = List.of();

    @Parameters(paramLabel = "TARGET", arity = "0..*",
            description = "Run only these SQLite tables (the configured targets), due or not.")
    List<String> targets = List.of();

    /** The command as picocli would have built it from these options (Main's quick reading of a plain {@code run}). */
    public static RunCommand read(ReplicateCommand parent, CommonOptions options, boolean force, Path metricsFile) {
        RunCommand command = new RunCommand();
        command.parent = parent;
        command.options = options;
        command.force = force;
        command.metricsFile = metricsFile;
        return command;
    }

    /** How the replica is closed after a run; a seam so that tests can make closing fail. */
    interface Closer {
        void close(LockedReplica locked) throws SQLException, IOException;
    }

    static Closer closer = LockedReplica::close;

    @Override
    public Integer call() throws ReplicaException {
        Context context = parent.context();
        RunMetricsWriter metrics = RunMetricsWriter.start(context, metricsFile, context.databaseNamedOutsideConfig(options));
        int status = ExitStatus.SOFTWARE;
        boolean metricsWritten;
        try {
            status = run(context, metrics);
        } catch (ReplicateException | ReplicaException e) {
            // The status Main's handler will give it, for the metrics; the message is the handler's to print.
            status = ExitStatus.of(e);
            throw e;
        } finally {
            metricsWritten = metrics.finish(status);
        }
        // A run that did its work but could not report it must not look fine to cron or systemd;
        // a run that already failed keeps its own status (the message about the file is printed).
        return metricsWritten || status != ExitStatus.OK ? status : ExitStatus.REPLICA_ERROR;
    }

    private int run(Context context, RunMetricsWriter metrics) throws ReplicaException {
        ReplicationConfig config = context.loadConfig(options);
        metrics.config(config);
        // The SQLite file before the targets: a metrics file that is the replica is refused first.
        Path database = context.databasePath(options, config);
        metrics.database(database);
        Set<String> selected = Targets.check(config, targets);
        Set<String> massDelete = Targets.check(config, allowMassDelete);
        checkGuarded(config, massDelete);
        ConsoleReport console = new ConsoleReport(context, options);
        try {
            RunReport report;
            LockedReplica locked = LockedReplica.open(database).orElseThrow(() -> ReplicateException.quiet(
                    ExitStatus.LOCKED, ReplicateException.lockHeld(database)));
            try {
                // Installed under the lock only: a run that steps aside has nothing to record.
                StopRecorder stops = StopRecorder.install(database, context.clock());
                try {
                    ReplicationEngine engine = new ReplicationEngine(context.registry(), context.clock(), console,
                            WriteSettings.fromSystemProperties())
                            .recordingStops(stops)
                            .recordingCheckpoints(locked.lock());
                    report = engine.run(config, locked.replica(), new ReplicationEngine.Selection(force, selected,
                            massDelete));
                } finally {
                    stops.uninstall();
                }
            } catch (Throwable e) {
                // What try-with-resources would do, which cannot take the closer: close, keep the first failure.
                try {
                    locked.close();
                } catch (Exception closing) {
                    e.addSuppressed(closing);
                }
                throw e;
            }
            closer.close(locked);
            console.summary(report);
            // The class-data archive is worth keeping from a run that brought a table synced before up to
            // date: cron's runs are those, and a first sync alone spins at run time the lambdas only an
            // incremental run uses (about 30 classes, BENCHMARKS.md). The next run records instead.
            if (report.outcomes().stream().anyMatch(outcome -> outcome.ok() && outcome.continued())) {
                ArchivePreloader.markWorthKeeping();
            }
            JitChoice.record(report.rowsPulled(), report.outcomes().size());
            return report.anyFailed() ? ExitStatus.TABLE_FAILED : ExitStatus.OK;
        } catch (SQLException | IOException e) {
            // Only closing throws these: trouble with the file (74). Anything else, a RuntimeException
            // from the engine or from closing, is a bug and goes on to Main's handler as an internal error (70).
            throw new ReplicateException(ExitStatus.REPLICA_ERROR, "cannot close the SQLite file " + database + ": " + e.getMessage());
        }
    }

    /**
     * {@code --allow-mass-delete} only for a table that has a guard to pass: one that reconciles its
     * deletes, or a full table. Anywhere else it would do nothing but run the table now, and a mistyped
     * or misremembered target would pass without a word (hostile test).
     */
    private static void checkGuarded(ReplicationConfig config, Set<String> massDelete) {
        for (TableConfig table : config.allTables()) {
            if (massDelete.contains(table.target()) && table.reconcile().isEmpty()
                    && table.mode() != dev.replicate.config.TableMode.FULL) {
                throw new ReplicateException(ExitStatus.USAGE, "--allow-mass-delete " + table.target() + ": "
                        + table.target() + " neither reconciles its deletes (\"deletes\": {\"reconcile\": ...}) nor is"
                        + " a full table (\"mode\": \"full\"), so no guard holds it back; leave the option out");
            }
        }
    }
}
