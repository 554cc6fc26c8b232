package dev.replicate.sync;

import dev.replicate.config.ReplicationConfig;
import dev.replicate.config.SourceConfig;
import dev.replicate.config.TableConfig;
import dev.replicate.config.TableMode;
import dev.replicate.source.DigestRequest;
import dev.replicate.source.Source;
import dev.replicate.source.SourceColumn;
import dev.replicate.source.SourceConnector;
import dev.replicate.source.SourceRegistry;
import dev.replicate.source.TableSchema;
import dev.replicate.source.WatermarkKind;
import dev.replicate.sqlite.Replica;
import dev.replicate.sqlite.StateStore;
import dev.replicate.sqlite.TableState;
import dev.replicate.sqlite.TargetTable;
import dev.replicate.sqlite.WriteSettings;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Callable;
import org.tinylog.Logger;

/**
 * {@code replicate verify}: compares each selected table's replica with what it should hold under its
 * configuration (its stored columns, its {@code where}, its deletes, and the rows its cursor has
 * passed), reading the replica as it stands (the caller holds the run lock, so no run moves it meanwhile).
 */
public final class Verifier {
    private final SourceRegistry registry;
    private final int limit;

    /** @param limit how many keys of each kind of difference to name per table */
    public Verifier(SourceRegistry registry, int limit) {
        this.registry = registry;
        this.limit = limit;
    }

    /** @param targets the targets to verify; empty: every table */
    public List<TableVerdict> verify(ReplicationConfig config, Replica replica, Set<String> targets) throws Exception {
        Map<String, TableState> states = new StateStore(replica).byTable();
        List<TableVerdict> verdicts = new ArrayList<>();
        for (SourceConfig sourceConfig : config.sources()) {
            List<TableConfig> tables = sourceConfig.tables().stream()
                    .filter(t -> targets.isEmpty() || targets.contains(t.target())).toList();
            if (tables.isEmpty()) {
                continue;
            }
            SourceConnector connector = registry.find(sourceConfig.type()).orElseThrow();
            Source source;
            try {
                source = connector.open(sourceConfig.settings());
            } catch (Exception e) {
                Logger.debug(e, "cannot connect to {}", sourceConfig.name());
                for (TableConfig table : tables) {
                    verdicts.add(TableVerdict.failed(table.target(), "cannot connect to " + sourceConfig.name() + ": "
                            + ErrorText.of(e)));
                }
                continue;
            }
            try (source) {
                for (TableConfig table : tables) {
                    Optional<TableState> state = TableState.of(states, TableSync.id(sourceConfig, table));
                    verdicts.add(verifyTable(source, () -> connector.open(sourceConfig.settings()), table, state,
                            replica));
                }
            }
        }
        return verdicts;
    }

    /** @param helper opens another connection to the source, for the first pass to share its queries with */
    private TableVerdict verifyTable(Source source, Callable<Source> helper, TableConfig config,
                                     Optional<TableState> state, Replica replica) {
        Optional<String> uncovered = notCovered(config);
        if (uncovered.isPresent()) {
            return TableVerdict.failed(config.target(), uncovered.get());
        }
        try {
            DigestRequest request = request(source, config, state, replica);
            ReplicaDigests digests = new ReplicaDigests(replica, config.target(), request.key().name(),
                    request.columns().stream().map(SourceColumn::name).toList(),
                    source.columnsDigestedBySource(request), WriteSettings.fromSystemProperties().direct());
            return new TableVerifier(source, request, digests, VerifyRules.of(config, state.orElseThrow()), limit)
                    .helper(helper).verify(config.target());
        } catch (TableFailure e) {
            return TableVerdict.failed(config.target(), e.getMessage());
        } catch (Exception e) {
            Logger.debug(e, "verify {}", config.target());
            return TableVerdict.failed(config.target(), ErrorText.of(e));
        }
    }

    /**
     * Entries verify does not compare yet, said before anything is asked of the source. A full table
     * has no cursor to bound the rows the replica should hold (its run ends in a swap, not at a
     * watermark), and a query has no table to reflect or to cut into key ranges; either would otherwise
     * fail with a reason about something else (a "table" named query:&lt;target&gt; that does not exist).
     */
    static Optional<String> notCovered(TableConfig config) {
        if (config.query().isPresent()) {
            return Optional.of("verify does not cover query entries (\"query\") yet");
        }
        if (config.mode() == TableMode.FULL) {
            return Optional.of("verify does not cover full tables (\"mode\": \"full\") yet");
        }
        return Optional.empty();
    }

    /** What the replica should hold, from the plan a run would make, and its cursor. */
    private DigestRequest request(Source source, TableConfig config, Optional<TableState> state, Replica replica)
            throws Exception {
        TableSchema schema = source.reflect(config.name());
        TablePlan plan = TablePlanner.shape(config, schema, state);
        if (plan.appendOnly()) {
            throw new TableFailure("has no primary key: tables without one cannot be verified yet");
        }
        if (plan.key().size() != 1) {
            throw new TableFailure("has a key of " + plan.key().size() + " columns: verify needs a one-column key"
                    + " for now");
        }
        SourceColumn key = schema.column(plan.key().get(0)).orElseThrow();
        WatermarkKind keyKind = key.watermarkKind().orElse(null);
        if (keyKind != WatermarkKind.INTEGER && keyKind != WatermarkKind.TEXT) {
            throw new TableFailure("its key " + key.name() + " (" + key.sourceType() + ") is neither an integer nor"
                    + " a text: verify cannot cut it into ranges yet");
        }
        if (!TargetTable.exists(replica, config.target())) {
            throw new TableFailure("is not in the SQLite file yet: run `replicate run` first");
        }
        if (state.isEmpty() || state.get().lastValue().isEmpty()) {
            throw new TableFailure(state.flatMap(TableState::snapshot).isPresent()
                    ? "its first sync is under way: verify it once it has finished"
                    : "has not been synced yet: run `replicate run` first");
        }
        Position cursor = TablePlanner.stored(config, plan.kind(), "last_value", state.get().lastValue().get());
        if (!cursor.isFinite()) {
            throw new TableFailure("its stored watermark is " + cursor.encode() + ": the next run reads it again"
                    + " from the start; verify it after that");
        }
        return new DigestRequest(schema, plan.columns(), key, plan.watermark(), cursor.value(), plan.where(),
                plan.softDelete().map(SoftDelete::column), plan.softDelete().map(SoftDelete::flag).orElse(false));
    }
}
