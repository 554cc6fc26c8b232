package dev.replicate.cli.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.replicate.config.ReplicationConfig;
import dev.replicate.config.Secrets;
import dev.replicate.config.SourceConfig;
import dev.replicate.config.TableConfig;
import dev.replicate.source.SourceSettings;
import dev.replicate.source.TableName;
import dev.replicate.sqlite.RunLog;
import dev.replicate.sqlite.TableState;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

class RunMetricsTest {
    private static final Instant NOW = Instant.parse("2026-11-25T12:00:00Z");
    private static final RunMetrics.Run RUN = new RunMetrics.Run(Duration.ofMillis(2500), 1, NOW);

    @Test
    void exportsEachConfiguredTableFromItsStateAndTheRunItself() {
        TableState orders = state("orders", "shop.orders", "TIMESTAMPTZ", "2026-11-25T11:58:00Z",
                "2026-11-25T11:59:30.5Z", Instant.parse("2026-11-25T11:58:00Z"), 42, 0);
        TableState events = state("events", "events", "INTEGER", "10", "99", null, 0, 3);
        RunLog.Entry log = new RunLog.Entry(7, NOW, NOW.minusMillis(1250), "pg \"main\"", "shop.orders", "orders", 42,
                true, null, null, 1250, 0, OptionalLong.of(40));
        RunLog.Entry uncounted = new RunLog.Entry(8, NOW, NOW.minusMillis(1250), "pg \"main\"", "events", "events", 0,
                false, "stopped", null, 1250, 0, OptionalLong.empty());
        String text = RunMetrics.render(Optional.of(config()), List.of(orders, events), List.of(log, uncounted), RUN);

        String orderLabels = "{target=\"orders\",source=\"pg \\\"main\\\"\"}";
        assertTrue(text.contains(RunMetrics.LAST_SUCCESS + orderLabels + " 1795607880\n"), text);
        assertTrue(text.contains(RunMetrics.ROWS + orderLabels + " 42\n"), text);
        assertTrue(text.contains(RunMetrics.CHANGED + orderLabels + " 40\n"), text);
        assertTrue(text.contains(RunMetrics.DURATION + orderLabels + " 1.25\n"), text);
        assertTrue(text.contains(RunMetrics.FAILURES + orderLabels + " 0\n"), text);
        assertTrue(text.contains(RunMetrics.LAG + orderLabels + " 90.5\n"), text);

        String eventLabels = "{target=\"events\",source=\"pg \\\"main\\\"\"}";
        assertTrue(text.contains(RunMetrics.FAILURES + eventLabels + " 3\n"), text);
        assertFalse(text.contains(RunMetrics.LAST_SUCCESS + eventLabels), "never succeeded: no sample");
        assertFalse(text.contains(RunMetrics.CHANGED + eventLabels), "a run that did not count them: no sample");
        assertFalse(text.contains(RunMetrics.LAG + eventLabels), "integer watermark: no lag");
        assertFalse(text.contains("target=\"never_ran\""), "a table without state has nothing to report");

        assertTrue(text.contains("\n" + RunMetrics.RUN_DURATION + " 2.5\n"), text);
        assertTrue(text.contains("\n" + RunMetrics.RUN_EXIT + " 1\n"), text);
        assertTrue(text.contains("\n" + RunMetrics.RUN_FINISHED + " 1795608000\n"), text);
        assertTrue(text.contains("# TYPE " + RunMetrics.LAG + " gauge\n"), text);
    }

    /**
     * A cursor the last run that read the table found ahead of the clock (as its state records it, whatever the
     * log's last row says: a failed run's has no note) is a gauge an alert can watch.
     */
    @Test
    void aCursorTheLastRunFoundAheadOfTheClockIsOne() {
        TableState found = state("orders", "shop.orders", "TIMESTAMPTZ", "2036-11-25T11:58:00Z",
                "2026-11-25T11:59:30.5Z", Instant.parse("2026-11-25T11:58:00Z"), 42, 1);
        TableState orders = new TableState(found.source(), found.table(), found.target(), found.watermarkColumn(),
                found.watermarkType(), found.lastValue(), found.lastRunTs(), found.lastSuccessTs(), found.lastOk(),
                found.lastError(), found.lastRowsPulled(), found.consecutiveFailures(), found.sourceNewestValue(),
                found.snapshot(), 0, 0, Optional.empty(), Optional.empty(), Optional.empty(),
                Optional.of(NOW.minusSeconds(3600)));
        TableState events = state("events", "events", "TIMESTAMPTZ", "2026-11-25T11:58:00Z", null,
                Instant.parse("2026-11-25T11:58:00Z"), 0, 0);
        RunLog.Entry ahead = new RunLog.Entry(7, NOW, NOW.minusMillis(1250), "pg \"main\"", "shop.orders", "orders", 0,
                false, "the source is unreachable", null, 1250, 0, OptionalLong.empty());
        RunLog.Entry normal = new RunLog.Entry(8, NOW, NOW.minusMillis(1250), "pg \"main\"", "events", "events", 0,
                true, null, null, 1250, 0, OptionalLong.of(0));
        String text = RunMetrics.render(Optional.of(config()), List.of(orders, events), List.of(ahead, normal), RUN);
        assertTrue(text.contains("replicate_table_cursor_ahead_of_clock" + "{target=\"orders\",source=\"pg \\\"main\\\"\"} 1\n"), text);
        assertTrue(text.contains("replicate_table_cursor_ahead_of_clock" + "{target=\"events\",source=\"pg \\\"main\\\"\"} 0\n"), text);
    }

    /** The deleted rows count a reconcile's deletions as well as soft deletes: the HELP says both. */
    @Test
    void theDeletedRowsHelpNamesSoftDeletesAndReconciles() {
        TableState orders = state("orders", "shop.orders", "TIMESTAMPTZ", "2026-11-25T11:58:00Z",
                "2026-11-25T11:59:30.5Z", Instant.parse("2026-11-25T11:58:00Z"), 42, 0);
        String help = RunMetrics.render(Optional.of(config()), List.of(orders), List.of(), RUN).lines()
                .filter(l -> l.startsWith("# HELP " + RunMetrics.DELETED + " ")).findFirst().orElseThrow();
        assertTrue(help.contains("soft-deleted") && help.contains("reconcile"), help);
    }

    @Test
    void withoutAConfigurationOnlyTheRunIsReported() {
        String text = RunMetrics.render(Optional.empty(), List.of(), List.of(), new RunMetrics.Run(Duration.ZERO, 2, NOW));
        assertEquals(List.of(RunMetrics.RUN_DURATION, RunMetrics.RUN_EXIT, RunMetrics.RUN_FINISHED),
                text.lines().filter(l -> l.startsWith("# TYPE")).map(l -> l.split(" ")[2]).toList());
    }

    @Test
    void lagForEachDateAndTimeKind() {
        assertEquals(OptionalDouble.of(3600), RunMetrics.lagSeconds(
                state("t", "t", "TIMESTAMP", "2026-01-01T10:00", "2026-01-01T11:00", null, 0, 0)));
        assertEquals(OptionalDouble.of(2 * 86400), RunMetrics.lagSeconds(
                state("t", "t", "DATE", "2026-01-01", "2026-01-03", null, 0, 0)));
        assertEquals(OptionalDouble.of(0), RunMetrics.lagSeconds(
                state("t", "t", "TIMESTAMPTZ", "2026-01-02T00:00:00Z", "2026-01-01T00:00:00Z", null, 0, 0)),
                "a source that went back is not ahead");
        assertEquals(OptionalDouble.empty(), RunMetrics.lagSeconds(
                state("t", "t", "TIMESTAMPTZ", "2026-01-02T00:00:00Z", "infinity", null, 0, 0)));
        assertEquals(OptionalDouble.empty(), RunMetrics.lagSeconds(
                state("t", "t", "TEXT", "a", "b", null, 0, 0)));
        assertEquals(OptionalDouble.empty(), RunMetrics.lagSeconds(
                state("t", "t", "TIMESTAMPTZ", "2026-01-02T00:00:00Z", null, null, 0, 0)));
    }

    private static ReplicationConfig config() {
        SourceSettings settings = new SourceSettings("postgres://h/db", Optional.empty(), Optional.empty(), Map.of());
        List<TableConfig> tables = List.of(table("shop.orders", "orders"), table("events", "events"),
                table("never_ran", "never_ran"));
        SourceConfig source = new SourceConfig("postgres", "pg \"main\"", settings, 60, 1000, tables, "$[0]");
        return new ReplicationConfig(Optional.empty(), List.of(source), 30, Secrets.none(), "test");
    }

    private static TableConfig table(String name, String target) {
        return new TableConfig(TableName.parse(name), "updated_at", Optional.empty(), target, 60, 1000,
                Optional.empty(), "$[0].tables[0]");
    }

    private static TableState state(String target, String table, String type, String last, String newest,
                                    Instant lastSuccess, long rows, int failures) {
        return new TableState("pg \"main\"", table, target, "updated_at", Optional.of(type), Optional.ofNullable(last),
                Optional.of(NOW), Optional.ofNullable(lastSuccess), Optional.of(failures == 0),
                Optional.empty(), rows, failures, Optional.ofNullable(newest), Optional.empty(), 0, 0, Optional.empty(), Optional.empty(), Optional.empty(),
                Optional.empty());
    }
}
