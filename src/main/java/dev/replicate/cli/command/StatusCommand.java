package dev.replicate.cli.command;

import com.google.gson.GsonBuilder;
import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import dev.replicate.cli.CommonOptions;
import dev.replicate.cli.Context;
import dev.replicate.cli.ExitStatus;
import dev.replicate.cli.ReplicateCommand;
import dev.replicate.cli.console.RelativeTime;
import dev.replicate.cli.console.Style;
import dev.replicate.cli.help.HelpSections;
import dev.replicate.cli.help.HelpText;
import dev.replicate.cli.help.VersionProvider;
import dev.replicate.cli.startup.ArchivePreloader;
import dev.replicate.config.ReplicationConfig;
import dev.replicate.log.Counted;
import dev.replicate.sqlite.Replica;
import dev.replicate.sqlite.SnapshotProgress;
import dev.replicate.sqlite.Timestamps;
import dev.replicate.sync.StatusReader;
import dev.replicate.sync.TableStatus;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

@Command(name = "status",
        description = "Shows each configured table: its watermark (or, for a full table, that it is read whole each run), its last run and result, and when it is next due.",
        sortOptions = false,
        mixinStandardHelpOptions = true,
        versionProvider = VersionProvider.class,
        exitCodeListHeading = HelpText.EXIT_CODE_HEADING,
        exitCodeList = {
            "0:every table's last run succeeded (or it has not run yet)",
            "1:at least one table's last run failed",
            HelpText.EXIT_USAGE,
            HelpText.EXIT_SOFTWARE,
            "74:the SQLite file does not exist (no run has written it, or --db is wrong) or cannot be read; or the status could not be written to stdout (a full disk, stdout closed)"})
@HelpSections(
        environment = {HelpText.ENV_CONFIG, HelpText.ENV_DB, HelpText.ENV_CLASSPATH, HelpText.ENV_NO_COLOR},
        files = {HelpText.FILE_CONFIG, HelpText.FILE_DB},
        examples = {
            "replicate status --config replicate.json",
            "replicate status --json | jq '.[] | select(.ok == false)'  # the failing tables"})
public final class StatusCommand implements Callable<Integer> {
    @ParentCommand
    ReplicateCommand parent;

    @Mixin
    CommonOptions options;

    @Option(names = "--json", description = "Print a JSON array, one object per table, for scripts.")
    boolean json;

    @Override
    public Integer call() throws Exception {
        Context context = parent.context();
        ReplicationConfig config = context.loadConfig(options);
        Path database = context.databasePath(options, config);
        Instant now = context.clock().instant();
        List<TableStatus> rows;
        // No file is exit 74 (openForReading says why), not every table "never run" with exit 0: that
        // is what a mistyped --db looked like. And the class-data archive below is not marked then.
        try (Replica replica = Replica.openForReading(database)) {
            rows = StatusReader.read(config, Optional.of(replica), now);
        }
        if (json) {
            context.out().println(toJson(rows));
        } else {
            printTable(context, rows, now);
        }
        ArchivePreloader.markWorthKeeping();
        return rows.stream().anyMatch(TableStatus::failed) ? ExitStatus.TABLE_FAILED : ExitStatus.OK;
    }

    private static void printTable(Context context, List<TableStatus> rows, Instant now) {
        Style style = new Style(context.environment().colour());
        List<String[]> cells = new ArrayList<>();
        cells.add(new String[] {"TARGET", "SOURCE", "WATERMARK", "LAST RUN", "RESULT", "ROWS", "NEXT"});
        for (TableStatus row : rows) {
            cells.add(new String[] {
                row.target(),
                row.source() + " " + row.table(),
                watermarkCell(row),
                row.lastRun().map(t -> RelativeTime.ago(t, now)).orElse("never"),
                row.lastOk().map(ok -> ok ? "ok" : "failed").orElse("-"),
                row.rowsPulled() + (row.rowsDeleted() > 0 ? " (" + row.rowsDeleted() + " deleted)" : ""),
                RelativeTime.due(row.nextDue(), now)});
        }
        int[] widths = new int[cells.get(0).length];
        for (String[] line : cells) {
            for (int i = 0; i < line.length; i++) {
                widths[i] = Math.max(widths[i], line[i].length());
            }
        }
        for (int r = 0; r < cells.size(); r++) {
            String[] line = cells.get(r);
            StringBuilder text = new StringBuilder();
            for (int i = 0; i < line.length; i++) {
                String cell = String.format("%-" + widths[i] + "s", line[i]);
                if (r == 0) {
                    cell = style.bold(cell);
                } else if (i == 4) {
                    cell = line[i].equals("ok") ? style.green(cell) : line[i].equals("failed") ? style.red(cell) : cell;
                }
                text.append(i == 0 ? "" : "  ").append(cell);
            }
            context.out().println(text.toString().stripTrailing());
        }
        for (TableStatus row : rows) {
            if (row.reconciles()) {
                context.out().println(row.target() + ": " + row.lastReconcile()
                        .map(r -> "last reconcile " + RelativeTime.ago(r.started(), now) + ", deleted "
                                + Counted.rows(r.deleted())).orElse("not reconciled yet"));
            }
        }
        for (TableStatus row : rows) {
            if (row.cursorAheadOfClock()) {
                context.out().println(style.red(row.target() + ": the last run that read it found the cursor ahead of the clock: rows"
                        + " stamped with the time of day are not read (a timestamptz or MySQL TIMESTAMP watermark's, left"
                        + " there by an earlier release: the next run reads the table again from the start and brings the cursor back); put the"
                        + " value that took it there right at the source (see the run's note in _replicate_log), or"
                        + " `replicate reset " + row.target() + "`"));
            }
        }
        for (TableStatus row : rows) {
            row.lastError().filter(e -> row.failed())
                    .ifPresent(error -> context.out().println(style.red(row.target() + ": " + error)));
        }
    }

    /**
     * The cursor, or how far a first sync in key order got while it has none yet; for a full table, which
     * has no cursor (every run reads it whole), that it is full.
     */
    private static String watermarkCell(TableStatus row) {
        if (row.watermarkColumn().isEmpty()) {
            return "(full: whole table each run)";
        }
        String column = row.watermarkColumn().get();
        if (row.watermarkValue().isEmpty() && row.snapshot().isPresent()) {
            SnapshotProgress snapshot = row.snapshot().get();
            return column + " = - (first sync at " + snapshot.keyColumn() + " " + snapshot.after() + ")";
        }
        return column + " = " + row.watermarkValue().orElse("-")
                + (row.cursorAheadOfClock() ? " (ahead of clock)" : "");
    }

    /** A first sync in key order under way: the key column and the last key committed. */
    private static JsonObject snapshotJson(SnapshotProgress snapshot) {
        JsonObject object = new JsonObject();
        object.addProperty("keyColumn", snapshot.keyColumn());
        object.addProperty("lastKey", snapshot.after());
        return object;
    }

    private static String toJson(List<TableStatus> rows) {
        JsonArray array = new JsonArray();
        for (TableStatus row : rows) {
            JsonObject object = new JsonObject();
            object.addProperty("target", row.target());
            object.addProperty("source", row.source());
            object.addProperty("table", row.table());
            object.addProperty("mode", row.mode().jsonName());
            object.addProperty("watermarkColumn", row.watermarkColumn().orElse(null));
            object.addProperty("watermark", row.watermarkValue().orElse(null));
            object.addProperty("sourceNewestWatermark", row.sourceNewestValue().orElse(null));
            object.addProperty("cursorAheadOfClock", row.cursorAheadOfClock());
            object.add("firstSync", row.watermarkValue().isPresent() ? null
                    : row.snapshot().map(StatusCommand::snapshotJson).orElse(null));
            object.addProperty("lastRun", row.lastRun().map(Timestamps::format).orElse(null));
            object.addProperty("lastSuccess", row.lastSuccess().map(Timestamps::format).orElse(null));
            object.addProperty("ok", row.lastOk().orElse(null));
            object.addProperty("error", row.lastError().orElse(null));
            object.addProperty("rowsPulled", row.rowsPulled());
            object.addProperty("rowsDeleted", row.rowsDeleted());
            object.addProperty("consecutiveFailures", row.consecutiveFailures());
            // Present for a table that reconciles: null until its first complete reconcile.
            if (row.reconciles()) {
                object.addProperty("lastReconcile", row.lastReconcile().map(r -> Timestamps.format(r.started()))
                        .orElse(null));
                object.addProperty("lastReconcileDeleted", row.lastReconcile().map(r -> r.deleted()).orElse(null));
            }
            object.addProperty("nextDue", Timestamps.format(row.nextDue()));
            array.add(object);
        }
        return new GsonBuilder().serializeNulls().setPrettyPrinting().create().toJson(array);
    }
}
