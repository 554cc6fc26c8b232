package dev.replicate.cli.metrics;

import dev.replicate.config.ReplicationConfig;
import dev.replicate.config.SourceConfig;
import dev.replicate.config.TableConfig;
import dev.replicate.config.TableMode;
import dev.replicate.source.WatermarkKind;
import dev.replicate.sqlite.RunLog;
import dev.replicate.sqlite.TableId;
import dev.replicate.sqlite.TableState;
import dev.replicate.sync.Watermarks;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;

/**
 * What {@code run --metrics-file} exports: per configured table, from the state the runs keep in the
 * SQLite file (so tables that were not due this time still report their last run), and the run's
 * own duration and exit status. A pure function of its inputs, so it is tested without a database.
 */
public final class RunMetrics {
    static final String LAST_SUCCESS = "replicate_table_last_success_timestamp_seconds";
    static final String ROWS = "replicate_table_last_run_rows_pulled";
    static final String CHANGED = "replicate_table_last_run_rows_changed";
    static final String DELETED = "replicate_table_last_run_rows_deleted";
    static final String DURATION = "replicate_table_last_run_duration_seconds";
    static final String FAILURES = "replicate_table_consecutive_failures";
    static final String LAG = "replicate_table_watermark_lag_seconds";
    static final String AHEAD = "replicate_table_cursor_ahead_of_clock";
    static final String RUN_DURATION = "replicate_run_duration_seconds";
    static final String RUN_EXIT = "replicate_run_exit_status";
    static final String RUN_FINISHED = "replicate_run_finished_timestamp_seconds";

    /** The run itself: how long it took, how it ended, and when. */
    public record Run(Duration duration, int exitStatus, Instant finished) {
    }

    private RunMetrics() {
    }

    /**
     * @param config  empty when the configuration could not be loaded (then only the run's own metrics)
     */
    public static String render(Optional<ReplicationConfig> config, List<TableState> states, List<RunLog.Entry> latest,
                                Run run) {
        PrometheusText text = new PrometheusText()
                .gauge(LAST_SUCCESS, "Unix time at which the table's last successful run started.")
                .gauge(ROWS, "Rows pulled by the table's last run.")
                .gauge(CHANGED, "Of the rows the table's last run pulled, those the replica took in: inserted, or"
                        + " updated because a value differed.")
                .gauge(DELETED, "Rows the table's last run removed from the replica: read soft-deleted, or gone from"
                        + " the source at a reconcile.")
                .gauge(DURATION, "How long the table's last run took, in seconds.")
                .gauge(FAILURES, "Runs of the table that failed in a row since its last success; 0 when the last run succeeded.")
                .gauge(LAG, "How far the replicated watermark is behind the newest watermark value seen at the source,"
                        + " in seconds; only for date and time watermarks.")
                .gauge(AHEAD, "1 when the table's last run that read it found its cursor ahead of the clock (rows stamped with the"
                        + " time of day are not read: see the run's note), else 0.")
                .gauge(RUN_DURATION, "How long the whole run took, in seconds.")
                .gauge(RUN_EXIT, "The run's exit status: 0 ok, 1 a table failed, 2 usage or configuration error,"
                        + " 70 internal error, 74 the SQLite file cannot be used.")
                .gauge(RUN_FINISHED, "Unix time at which the run finished.");
        // By target, as the state is kept; a target's state another table left is not reported for this one.
        Map<String, TableState> stateByTable = new LinkedHashMap<>();
        states.forEach(s -> stateByTable.merge(s.id().stateKey(), s, (one, other) ->
                other.lastRunTs().orElse(Instant.MIN).isAfter(one.lastRunTs().orElse(Instant.MIN)) ? other : one));
        Map<String, RunLog.Entry> logByTable = new LinkedHashMap<>();
        latest.forEach(e -> logByTable.put(e.target(), e));

        for (SourceConfig source : config.map(ReplicationConfig::sources).orElse(List.of())) {
            for (TableConfig table : source.tables()) {
                Map<String, String> labels = new LinkedHashMap<>();
                labels.put("target", table.target());
                labels.put("source", source.name());
                TableId id = new TableId(source.name(), table.name().toString(), table.target());
                TableState state = TableState.of(stateByTable, id).orElse(null);
                if (state == null) {
                    continue;
                }
                String key = table.target();
                state.lastSuccessTs().ifPresent(t -> text.sample(LAST_SUCCESS, labels, seconds(t)));
                text.sample(ROWS, labels, state.lastRowsPulled());
                // From the log's row of that run: a run that did not count them (stopped by a signal, or a
                // release before the count) has none, where the state table would show an older run's.
                Optional.ofNullable(logByTable.get(key)).filter(e -> e.rowsChanged().isPresent())
                        .ifPresent(e -> text.sample(CHANGED, labels, e.rowsChanged().getAsLong()));
                text.sample(DELETED, labels, state.lastRowsDeleted());
                Optional.ofNullable(logByTable.get(key))
                        .ifPresent(e -> text.sample(DURATION, labels, e.durationMillis() / 1000.0));
                text.sample(FAILURES, labels, state.consecutiveFailures());
                lagSeconds(state).ifPresent(lag -> text.sample(LAG, labels, lag));
                if (table.mode() == TableMode.INCREMENTAL && state.lastValue().isPresent()) {
                    text.sample(AHEAD, labels, state.cursorAheadSince().isPresent() ? 1 : 0);
                }
            }
        }
        text.sample(RUN_DURATION, run.duration().toMillis() / 1000.0);
        text.sample(RUN_EXIT, run.exitStatus());
        text.sample(RUN_FINISHED, seconds(run.finished()));
        return text.toString();
    }

    /**
     * The newest source value minus the replicated one, for date/time watermarks with both known. Never
     * negative: a source whose newest value went back (rows deleted) is not "ahead" of the replica.
     */
    static OptionalDouble lagSeconds(TableState state) {
        if (state.watermarkType().isEmpty() || state.lastValue().isEmpty() || state.sourceNewestValue().isEmpty()) {
            return OptionalDouble.empty();
        }
        WatermarkKind kind;
        try {
            kind = WatermarkKind.valueOf(state.watermarkType().get());
        } catch (IllegalArgumentException e) {
            return OptionalDouble.empty();
        }
        try {
            Object replicated = Watermarks.decode(kind, state.lastValue().get());
            Object newest = Watermarks.decode(kind, state.sourceNewestValue().get());
            double seconds = switch (kind) {
                case TIMESTAMPTZ -> Duration.between((Instant) replicated, (Instant) newest).toMillis() / 1000.0;
                case TIMESTAMP -> Duration.between(((LocalDateTime) replicated).toInstant(ZoneOffset.UTC),
                        ((LocalDateTime) newest).toInstant(ZoneOffset.UTC)).toMillis() / 1000.0;
                case DATE -> ChronoUnit.DAYS.between((LocalDate) replicated, (LocalDate) newest) * 86400.0;
                default -> Double.NaN;
            };
            return Double.isNaN(seconds) ? OptionalDouble.empty() : OptionalDouble.of(Math.max(0, seconds));
        } catch (RuntimeException e) {
            // infinity and other values without a place on the time line have no lag
            return OptionalDouble.empty();
        }
    }

    private static double seconds(Instant instant) {
        return instant.toEpochMilli() / 1000.0;
    }

}
