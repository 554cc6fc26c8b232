package dev.replicate.sync;

import dev.replicate.config.ReplicationConfig;
import dev.replicate.config.SourceConfig;
import dev.replicate.config.TableConfig;
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
                Optional<TableState> state = Optional.ofNullable(states.get(TableSync.id(source, table).stateKey()));
                Optional<Instant> lastRun = state.flatMap(TableState::lastRunTs);
                rows.add(new TableStatus(
                        table.target(),
                        source.name(),
                        table.name().toString(),
                        table.watermark(),
                        state.flatMap(TableState::lastValue),
                        state.flatMap(TableState::sourceNewestValue),
                        state.flatMap(TableState::snapshot),
                        lastRun,
                        state.flatMap(TableState::lastSuccessTs),
                        state.flatMap(TableState::lastOk),
                        state.flatMap(TableState::lastError),
                        state.map(TableState::lastRowsPulled).orElse(0L),
                        state.map(TableState::lastRowsDeleted).orElse(0L),
                        state.map(TableState::consecutiveFailures).orElse(0),
                        DuePolicy.dueAt(lastRun, table.intervalSeconds()).orElse(now),
                        table.reconcile().isPresent(),
                        Optional.ofNullable(reconciles.get(TableSync.id(source, table).stateKey()))));
            }
        }
        return rows;
    }
}
