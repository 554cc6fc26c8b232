package dev.replicate.sync;

import dev.replicate.config.ReplicationConfig;
import dev.replicate.config.SourceConfig;
import dev.replicate.config.TableConfig;
import dev.replicate.config.TableMode;
import dev.replicate.sqlite.LastReconcile;
import dev.replicate.sqlite.Replica;
import dev.replicate.sqlite.StateStore;
import dev.replicate.sqlite.TableState;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Joins the configured tables with their state in the replica, for {@code replicate status}. */
public final class StatusReader {
    private StatusReader() {
    }

    /** @param replica empty when the SQLite file does not exist yet: every table is then "never run". */
    public static List<TableStatus> read(ReplicationConfig config, Optional<Replica> replica, Instant now)
            throws SQLException {
        Map<String, TableState> states = replica.isEmpty() ? Map.of() : new StateStore(replica.get()).byTable();
        Map<String, LastReconcile> reconciles = replica.isEmpty() ? Map.of()
                : new StateStore(replica.get()).reconciles();
        List<TableStatus> rows = new ArrayList<>();
        for (SourceConfig source : config.sources()) {
            for (TableConfig table : source.tables()) {
                // A target's state that another table (or a source under another identity) left is not this
                // table's: its next run syncs it from the start, so it shows as never run, as before version 2.
                Optional<TableState> state = TableState.of(states, TableSync.id(source, table));
                // Such a target refused because its SQLite table holds the other's rows (TableSync#takeClaimedState)
                // has its failure recorded in the other's state, which it keeps: shown, without the other's
                // cursor, so that status tells the table fails rather than that it never ran; the other's own
                // failures are not this table's.
                Optional<TableState> outcome = state.or(() -> Optional.ofNullable(states.get(
                        TableSync.id(source, table).stateKey()))
                        .filter(other -> ClaimRefusal.recordedIn(other, TableSync.id(source, table),
                                config.secrets())));
                Optional<Instant> lastRun = state.flatMap(TableState::lastRunTs);
                rows.add(new TableStatus(
                        table.target(),
                        source.name(),
                        table.name().toString(),
                        table.mode(),
                        table.watermark(),
                        // A table switched to full keeps its old cursor until its first swap: not shown.
                        state.flatMap(TableState::lastValue).filter(v -> incremental(table)),
                        state.flatMap(TableState::sourceNewestValue).filter(v -> incremental(table)),
                        state.flatMap(TableState::snapshot).filter(v -> incremental(table)),
                        outcome.flatMap(TableState::lastRunTs),
                        state.flatMap(TableState::lastSuccessTs),
                        outcome.flatMap(TableState::lastOk),
                        outcome.flatMap(TableState::lastError),
                        state.map(TableState::lastRowsPulled).orElse(0L),
                        state.map(TableState::lastRowsDeleted).orElse(0L),
                        outcome.map(TableState::consecutiveFailures).orElse(0),
                        DuePolicy.dueAt(lastRun, table.intervalSeconds(), now).orElse(now),
                        table.reconcile().isPresent(),
                        Optional.ofNullable(reconciles.get(TableSync.id(source, table).stateKey())),
                        // Status asks no source, so it cannot tell whose clock is behind: it says what the last
                        // run that read the table found.
                        state.flatMap(TableState::lastValue).isPresent() && incremental(table)
                                && state.flatMap(TableState::cursorAheadSince).isPresent()));
            }
        }
        return rows;
    }

    /** Whether the table has a watermark whose values are worth showing (it is not full). */
    private static boolean incremental(TableConfig table) {
        return table.mode() == TableMode.INCREMENTAL;
    }
}
