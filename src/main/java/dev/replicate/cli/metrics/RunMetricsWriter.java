package dev.replicate.cli.metrics;

import dev.replicate.cli.Context;
import dev.replicate.cli.ExitStatus;
import dev.replicate.cli.logging.CliWriter;
import dev.replicate.config.ReplicationConfig;
import dev.replicate.sqlite.RunLog;
import dev.replicate.sqlite.StoredState;
import dev.replicate.sqlite.TableState;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * {@code run --metrics-file}: collects what the run learns (its configuration, its SQLite file) and,
 * however the run ends, writes the metrics file. Not when another run held the lock: that run writes
 * its own, and a stepped-aside run would only overwrite it with less.
 */
public final class RunMetricsWriter {
    private final Context context;
    private Path file;
    private final Instant started;
    private ReplicationConfig config;
    private Path database;
    private Path namedDatabase;

    private RunMetricsWriter(Context context, Path file) {
        this.context = context;
        this.file = file;
        this.started = context.clock().instant();
    }

    /**
     * Checks the file's place first: a typo there is a usage error, found before anything runs, rather
     * than a run that does its work and then cannot report it.
     */
    public static RunMetricsWriter start(Context context, Path file) {
        return start(context, file, null);
    }

    /**
     * With the SQLite file as --db or REPLICATE_DB name it (null if they do not): checked now; a run
     * that stops before it knows its SQLite file for sure checks the rest when it writes (finish).
     */
    public static RunMetricsWriter start(Context context, Path file, Path namedDatabase) {
        if (file == null) {
            return new RunMetricsWriter(context, null);
        }
        Context.requireNotEmpty(file, "--metrics-file");
        Path resolved = context.environment().resolve(file.toString());
        context.refuseOutputClash("--metrics-file", resolved, namedDatabase);
        MetricsFile.requirePlace(resolved);
        RunMetricsWriter writer = new RunMetricsWriter(context, resolved);
        writer.namedDatabase = namedDatabase;
        return writer;
    }

    public void config(ReplicationConfig config) {
        this.config = config;
    }

    /** The run's SQLite file; a metrics file that is one of the files the run keeps is refused, and never written. */
    public void database(Path database) {
        try {
            context.refuseOutputClash("--metrics-file", file, database);
        } catch (RuntimeException e) {
            file = null;
            throw e;
        }
        this.database = database;
    }

    /** Writes the file (unless there is none to write); false if it could not be written, which it has said (or left to say after the run's failure). */
    public boolean finish(int exitStatus) {
        if (file == null || exitStatus == ExitStatus.LOCKED) {
            return true;
        }
        if (database == null) {
            // The run stopped before it knew its SQLite file (a configuration or usage error), so
            // database() never checked. start() checked what --db or REPLICATE_DB names; the configuration
            // file is known only now, and without them the SQLite file the configuration meant is known only
            // from its text: that is refused (exit 2 stays; the message says why no file). The run ends on a
            // thrown failure, said once this returns, and this follows from it: said after it.
            if (context.refusedAfterAnEarlyStop("--metrics-file", file, namedDatabase)) {
                return false;
            }
        }
        Instant finished = context.clock().instant();
        List<TableState> states = List.of();
        List<RunLog.Entry> latest = List.of();
        // Not for a usage error (an unknown target, a refused --allow-mass-delete): that run never opened
        // the replica, and its file holds only its own metrics, as the README says.
        if (config != null && database != null && exitStatus != ExitStatus.USAGE && Files.exists(database)) {
            try {
                StoredState stored = StoredState.read(database);
                states = stored.tables();
                latest = stored.latestRuns();
            } catch (Exception e) {
                context.err().println("replicate: the metrics file has no table metrics: cannot read " + database
                        + ": " + e.getMessage());
            }
        }
        // Called from a finally block: whatever goes wrong here must not hide how the run itself ended.
        String failure;
        try {
            MetricsFile.write(file, RunMetrics.render(Optional.ofNullable(config), states, latest,
                    new RunMetrics.Run(Duration.between(started, finished), exitStatus, finished)));
            return true;
        } catch (IOException e) {
            failure = "cannot write the metrics file " + file + ": " + CliWriter.reason(file, e);
        } catch (Exception e) {
            failure = "cannot write the metrics file " + file + ": " + e;
        }
        context.err().println("replicate: " + failure);
        if (context.logFileCleared()) {
            // A run that succeeded then exits 74 for this: its log must not end on "0 failed" alone.
            CliWriter.failureToLogFile(failure);
        }
        return false;
    }
}
