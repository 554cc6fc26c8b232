package dev.replicate.sync;

import dev.replicate.config.ReplicationConfig;
import dev.replicate.config.SourceConfig;
import dev.replicate.config.TableConfig;
import dev.replicate.config.TableMode;
import dev.replicate.log.Log;
import dev.replicate.source.DigestRequest;
import dev.replicate.source.Source;
import dev.replicate.source.SourceColumn;
import dev.replicate.source.SourceConnector;
import dev.replicate.source.SourceRegistry;
import dev.replicate.source.SqliteType;
import dev.replicate.source.TableSchema;
import dev.replicate.source.WatermarkKind;
import dev.replicate.sqlite.HandMadeTriggers;
import dev.replicate.sqlite.Replica;
import dev.replicate.sqlite.ReplicaException;
import dev.replicate.sqlite.WriteLockWait;
import dev.replicate.sqlite.RunLog;
import dev.replicate.sqlite.SchemaConflictException;
import dev.replicate.sqlite.StateStore;
import dev.replicate.sqlite.TableId;
import dev.replicate.sqlite.TableState;
import dev.replicate.sqlite.TargetTable;
import dev.replicate.sqlite.WriteSettings;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * {@code replicate verify}: compares each selected table's replica with what it should hold under its
 * configuration (its stored columns, its {@code where}, its deletes, and the rows its cursor has
 * passed), reading the replica as it stands (the caller holds the run lock, so no run moves it meanwhile);
 * with {@link #repairing}, then puts right what it found ({@link TableRepair}).
 */
public final class Verifier {
    static final Consumer<String> NO_HOOK = target -> {
    };
    /**
     * For tests only: told each table's target once it is verified, just before its repair starts, so that
     * a test can change the source meanwhile as a truncate-and-reload would. Does nothing otherwise.
     */
    static volatile Consumer<String> beforeRepair = NO_HOOK;

    private final SourceRegistry registry;
    private final int limit;
    /** The clock a cursor ahead of it is told by ({@link CursorAhead}). */
    private final Clock clock;
    private Optional<RepairOptions> repair = Optional.empty();

    /**
     * What {@code --repair} was given.
     *
     * @param settings        how rows are written, as a run writes them
     * @param allowMassDelete the targets whose repair may delete past the guard ({@code --allow-mass-delete})
     */
    public record RepairOptions(WriteSettings settings, Set<String> allowMassDelete) {
    }

    /** @param limit how many keys of each kind of difference to name per table */
    public Verifier(SourceRegistry registry, int limit, Clock clock) {
        this.registry = registry;
        this.limit = limit;
        this.clock = clock;
    }

    /** Repairs each table verified after comparing it ({@code verify --repair}): see {@link TableRepair}. */
    public Verifier repairing(RepairOptions options) {
        this.repair = Optional.of(options);
        return this;
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
                Log.debug(e, "cannot connect to {}", sourceConfig.name());
                for (TableConfig table : tables) {
                    verdicts.add(TableVerdict.failed(table.target(), "cannot connect to " + sourceConfig.name() + ": "
                            + ErrorText.of(e)).masked(config.secrets()::mask));
                }
                continue;
            }
            String openError = null;
            try {
                for (int i = 0; i < tables.size(); i++) {
                    TableConfig table = tables.get(i);
                    if (source == null) {
                        verdicts.add(TableVerdict.failed(table.target(), openError).masked(config.secrets()::mask));
                        continue;
                    }
                    TableId id = TableSync.id(sourceConfig, table);
                    Instant started = Instant.now();
                    // A driver's error may repeat a password; the verdict goes to stdout and its repair's
                    // error to _replicate_log, so both are masked as a run's errors are.
                    TableVerdict verdict = verifyTable(sourceConfig, source,
                            () -> connector.open(sourceConfig.settings()), table, TableState.of(states, id), replica)
                            .masked(config.secrets()::mask);
                    verdict.repair().filter(Repaired::attempted)
                            .ifPresent(repaired -> logRepair(replica, id, started, repaired));
                    verdicts.add(verdict);
                    // As a run does (ReplicationEngine#runSource): a table that failed may have left the connection
                    // unusable (cut, or closed by the driver after the server went silent), which would fail every
                    // later table of the source; so may a failed repair, kept in the verdict. They get a fresh one,
                    // or fail with the reason it could not be had.
                    if ((verdict.failed() || !source.usable()) && i < tables.size() - 1) {
                        closeQuietly(source, sourceConfig);
                        source = null;
                        try {
                            source = connector.open(sourceConfig.settings());
                        } catch (Exception e) {
                            Log.debug(e, "cannot connect to {}", sourceConfig.name());
                            openError = "cannot connect to " + sourceConfig.name() + ": " + ErrorText.of(e);
                        }
                    }
                }
            } finally {
                if (source != null) {
                    closeQuietly(source, sourceConfig);
                }
            }
        }
        return verdicts;
    }

    private static void closeQuietly(Source source, SourceConfig sourceConfig) {
        try {
            source.close();
        } catch (Exception e) {
            Log.debug(e, "closing {}", sourceConfig.name());
        }
    }

    /**
     * The table's repair in {@code _replicate_log}, as a row of kind {@link RunLog#REPAIR} (a run's history
     * shows it; the last run's figures do not count it). From the table's verify on: the repair's rows
     * come from its comparison. A failure to write it is said and leaves the repair as it is.
     */
    private static void logRepair(Replica replica, TableId id, Instant started, Repaired repaired) {
        String notes = "verify --repair: repaired " + repaired.missing() + " missing, " + repaired.different()
                + " different, " + repaired.extra() + " extra, " + repaired.unverified() + " unverified; "
                + repaired.left() + " left";
        String error = repaired.error().orElse(repaired.left() > 0 ? repaired.left()
                + " still not equal after the repair" : null);
        Instant finished = Instant.now();
        try {
            // Its transaction follows the verify's reads: refused the write lock at once while an application
            // holds it for a moment, it is waited for as a run's record is.
            WriteLockWait.run(replica, () -> {
                new RunLog(replica).appendRepair(id, started, finished, repaired.rowsWritten(),
                        repaired.rowsDeleted(), repaired.complete(), error, notes);
                replica.commit();
            });
        } catch (SQLException | ReplicaException e) {
            replica.rollbackQuietly();
            Log.warn("{}: the repair could not be recorded in _replicate_log: {}", id.target(), ErrorText.of(e));
        }
    }

    /** @param helper opens another connection to the source, for the first pass to share its queries with */
    private TableVerdict verifyTable(SourceConfig sourceConfig, Source source, Callable<Source> helper,
                                     TableConfig config, Optional<TableState> state, Replica replica) {
        DigestRequest request = null;
        TargetTable target;
        ReplicaDigests digests;
        VerifyRules rules;
        TableVerifier verifier;
        TableVerdict verdict;
        try {
            Planned planned = request(source, config, state, replica);
            if (planned == Planned.NOTHING_COPIED) {
                return TableVerdict.nothingCopied(config.target());
            }
            request = planned.request();
            if (planned.appendOnly()) {
                return verifyRowSet(sourceConfig, source, config, state, replica, request);
            }
            checkKeyOrder(source, request);
            // The replica's table as a run would write it now, or the reason it cannot be: a column it does
            // not have yet would be read by SQLite as a text of the column's name.
            target = TargetTable.existing(replica, config.target(), request.columns(), keyNames(request),
                    config.jsonPath(), config.primaryKey().isPresent(), config.mode() == TableMode.FULL);
            digests = replicaDigests(source, replica, config.target(), request, keyNames(request));
            rules = request.bounded() ? VerifyRules.of(config, state.orElseThrow()) : VerifyRules.FULL;
            verifier = new TableVerifier(source, request, digests, rules, limit).helper(helper);
            verdict = verifier.verify(config.target());
            if (!request.bounded()) {
                verdict = verdict.noted(asOfLastRun(state.orElseThrow()));
            } else {
                verdict = aheadOfTheClock(verdict, source, config, request);
            }
        } catch (Exception e) {
            return failed(sourceConfig, source, config, request, e);
        } catch (OutOfMemoryError e) {
            return outOfMemory(config, e);
        }
        if (repair.isEmpty()) {
            return verdict;
        }
        return verdict.repaired(repair(sourceConfig, source, config, request, digests, rules, verifier.differingRanges(), verdict,
                replica, target));
    }

    /** The replica's side of the request, its rows in order of {@code key} (SQLite's columns). */
    private static ReplicaDigests replicaDigests(Source source, Replica replica, String target, DigestRequest request,
                                                 List<String> key) throws Exception {
        return new ReplicaDigests(replica, target, key, request.columns().stream().map(SourceColumn::name).toList(),
                source.columnsDigestedBySource(request), request.columns().stream().map(source::singlePrecision).toList(),
                WriteSettings.fromSystemProperties().direct());
    }

    /**
     * The verdict of a table whose verify failed: a reason of ours (a {@link TableFailure}, a column the
     * replica lacks or that was retyped) as it is; anything else with the failing {@code where} named, or
     * as the error reads.
     */
    private static TableVerdict failed(SourceConfig sourceConfig, Source source, TableConfig config,
                                       DigestRequest request, Exception e) {
        if (e instanceof TableFailure || e instanceof SchemaConflictException) {
            return TableVerdict.failed(config.target(), e.getMessage());
        }
        Log.debug(e, "verify {}", config.target());
        String error = SourceTrouble.explained(sourceConfig, source, e, ErrorText.of(e),
                "the other tables were verified; verify this one again once the lock is gone",
                "the other tables were verified; verify this one again");
        // Never the where's doing when the source waited for a lock or went quiet: FilterFailure asks nothing then.
        Optional<TableFailure> filter = request == null ? Optional.empty()
                : FilterFailure.of(source, request.table(), config, request.where(), e);
        return TableVerdict.failed(config.target(), filter.map(Throwable::getMessage).orElse(error));
    }

    /**
     * The verdict of a table that ran the heap out, as a run's failure says it: caught here, where the
     * rows it held are out of reach, so that the other tables are verified.
     */
    private static TableVerdict outOfMemory(TableConfig config, OutOfMemoryError e) {
        Log.debug(e, "verify {}", config.target());
        return TableVerdict.failed(config.target(), OutOfMemory.explained(e));
    }

    /**
     * A table without a primary key, compared as a multiset of rows ({@link RowSetVerifier}) and repaired by
     * reading again the watermark values that hold missing rows ({@link RowSetRepair}).
     */
    private TableVerdict verifyRowSet(SourceConfig sourceConfig, Source source, TableConfig config,
                                      Optional<TableState> state, Replica replica, DigestRequest request) {
        TargetTable target;
        RowSetVerifier verifier;
        TableVerdict verdict;
        try {
            target = TargetTable.existing(replica, config.target(), request.columns(), List.of(), config.jsonPath(),
                    config.primaryKey().isPresent());
            // Each row named by its watermark.
            ReplicaDigests digests = replicaDigests(source, replica, config.target(), request,
                    List.of(request.watermark().name()));
            verifier = new RowSetVerifier(source, request, digests, VerifyRules.of(config, state.orElseThrow()), limit);
            verdict = aheadOfTheClock(verifier.verify(config.target()), source, config, request);
        } catch (Exception e) {
            return failed(sourceConfig, source, config, request, e);
        } catch (OutOfMemoryError e) {
            return outOfMemory(config, e);
        }
        if (repair.isEmpty()) {
            return verdict;
        }
        beforeRepair.accept(config.target());
        return verdict.repaired(new RowSetRepair(source, request, verifier, replica, target, repair.get().settings(),
                config.pageSize(), config.jsonPath(), repairErrorText(sourceConfig, source, replica, config.target()))
                .repair(verdict));
    }

    /** A repair's failure as its verify's would read: a lock wait, a source that stopped answering, explained. */
    private static Function<Exception, String> repairErrorText(SourceConfig sourceConfig, Source source, Replica replica,
                                                              String target) {
        // The replica's trouble (a write transaction of another process held past the busy timeout, a full
        // disk) in its own words, not the driver's bare "[SQLITE_BUSY] The database file is locked".
        return e -> {
            if (e instanceof SQLException sql && Replica.isFileLevel(sql)) {
                return "cannot write the SQLite file: " + Replica.describe(sql,
                        "what the repair committed before stays: run verify --repair again once it ends");
            }
            String error = SourceTrouble.explained(sourceConfig, source, e, ErrorText.of(e),
                    "the other tables were verified and repaired; run verify --repair again for this one once"
                            + " the lock is gone",
                    "the other tables were verified and repaired; run verify --repair again for this one");
            // A trigger of the user's that broke is named, as a run's table failure names it.
            return HandMadeTriggers.explaining(replica, target, e).map(why -> error + "; " + why).orElse(error);
        };
    }

    private Repaired repair(SourceConfig sourceConfig, Source source, TableConfig config, DigestRequest request, ReplicaDigests digests,
                            VerifyRules rules, List<DifferingRange> ranges, TableVerdict verdict, Replica replica,
                            TargetTable target) {
        if (ranges.isEmpty()) {
            return new Repaired(Optional.empty(), 0, 0, 0, 0, 0, 0, 0);
        }
        RepairGuard guard;
        try {
            guard = new RepairGuard(config, digests.rows(), repair.get().allowMassDelete().contains(config.target()));
            Optional<String> refused = guard.refusal(verdict.extra().count());
            if (refused.isPresent()) {
                return Repaired.failed(refused.get());
            }
        } catch (Exception e) {
            Log.debug(e, "repair {}", config.target());
            return Repaired.failed(ErrorText.of(e));
        }
        beforeRepair.accept(config.target());
        return new TableRepair(source, request, new RangeRows(source, request, digests, rules), replica, target,
                guard, repair.get().settings(), config.pageSize(), config.jsonPath(),
                repairErrorText(sourceConfig, source, replica, config.target())).repair(ranges);
    }

    /**
     * A cursor ahead of the clock ({@link CursorAhead}) leaves behind it every row written since, which
     * verify finds missing and a repair copies, and the next ones too: said beside them, with the way out.
     */
    private TableVerdict aheadOfTheClock(TableVerdict verdict, Source source, TableConfig config,
                                         DigestRequest request) throws Exception {
        Optional<WatermarkKind> kind = request.watermark().watermarkKind();
        if (request.cursor() == null || kind.isEmpty()) {
            return verdict;
        }
        return CursorAhead.find(new Position(kind.get(), request.cursor()), config.lookback(), clock.instant(),
                new SourceClock(source)).map(ahead -> verdict.noted(CursorAhead.verifyNote(config.target(), request.watermark().name(), ahead)))
                .orElse(verdict);
    }

    /**
     * A full table's replica is the source as of its last run that ended well (each run swaps in a whole
     * new copy); verify compares it with the source now.
     */
    private static String asOfLastRun(TableState state) {
        return "a full table holds the source as of its last successful run"
                + state.lastSuccessTs().map(ts -> " (" + ts + ")").orElse("")
                + ": a row changed at the source since then differs until the next run";
    }

    private static List<String> keyNames(DigestRequest request) {
        return request.key().stream().map(SourceColumn::name).toList();
    }

    /** What the replica should hold, from the plan a run would make, and its cursor. */
    private Planned request(Source source, TableConfig config, Optional<TableState> state, Replica replica)
            throws Exception {
        // A query entry is read as a derived table wherever a table would be, so its rows are compared alike.
        TableSchema schema = EntryReflection.reflect(source, config);
        if (config.mode() == TableMode.FULL) {
            return full(source, config, schema, state, replica);
        }
        TablePlan plan = TablePlanner.shape(config, schema, state);
        List<SourceColumn> key = key(source, schema, plan.key());
        if (!TargetTable.exists(replica, config.target())) {
            throw new TableFailure("is not in the SQLite file yet: run `replicate run` first");
        }
        if (state.isEmpty() || state.get().lastValue().isEmpty()) {
            if (state.isPresent() && foundNothingToCopy(state.get())) {
                return nothingCopied(source, config, plan, replica);
            }
            throw new TableFailure(state.flatMap(TableState::snapshot).isPresent()
                    ? "its first sync is under way: verify it once it has finished"
                    : state.flatMap(TableState::lastRunTs).isPresent() ? lastRunDidNotEndWell(state.get())
                    : "has not been synced yet: run `replicate run` first");
        }
        Position cursor = TablePlanner.stored(config, plan.kind(), "last_value", state.get().lastValue().get());
        if (!cursor.isFinite()) {
            throw new TableFailure("its stored watermark is " + cursor.encode() + ": the next run reads it again"
                    + " from the start; verify it after that");
        }
        refuseChangedFilter(source, config, schema, state.get());
        // Without a key the rows are asked for in watermark order, each named by its watermark (RowSetVerifier).
        return new Planned(new DigestRequest(schema, plan.columns(), plan.appendOnly() ? List.of(plan.watermark()) : key,
                plan.watermark(), cursor.value(), plan.where(), plan.softDelete().map(SoftDelete::column),
                plan.softDelete().map(SoftDelete::flag).orElse(false), !plan.appendOnly()), plan.appendOnly());
    }

    /**
     * Whether the table's last run ended well without a cursor: it found no row to copy (an empty source,
     * or every watermark NULL), whatever earlier runs found (a queue drained, its replica table dropped by
     * hand and made again). {@link #nothingCopied} asks the source whether that still holds: a cursor
     * forgotten by a run that was then killed before its first page is told by the rows the source holds.
     */
    private static boolean foundNothingToCopy(TableState state) {
        return state.lastValue().isEmpty() && state.snapshot().isEmpty() && state.lastSuccessTs().isPresent()
                && VerifyRules.lastRunEndedWell(state);
    }

    /** A table without a cursor whose last run failed, or stopped before its end: no run to ask the user for. */
    private static String lastRunDidNotEndWell(TableState state) {
        return (state.lastOk().orElse(true) ? "its last run did not finish" : "its last run failed (`replicate status`"
                + " says why)") + ", leaving no cursor: verify it after a run that ends well";
    }

    /**
     * A table whose last run found no row to copy is equal while its replica holds no row and the source
     * has none to copy still (one query, for its newest watermark): rows that came since are the next
     * run's, which verify cannot tell from rows a run missed, so it does not call that equal.
     */
    private static Planned nothingCopied(Source source, TableConfig config, TablePlan plan, Replica replica)
            throws Exception {
        if (!TargetTable.isEmpty(replica, config.target())) {
            throw new TableFailure("the replica holds rows though its last run found none to copy at the source"
                    + " (none there, or every watermark NULL or not finite): rows written to it by hand? `replicate reset "
                    + config.target() + "` and a run make it the source's again");
        }
        Optional<Object> newest = source.newestWatermark(plan.schema(), plan.watermark(), plan.where());
        if (newest.isPresent()) {
            throw new TableFailure("its last run found no row to copy at the source, which holds rows to copy now"
                    + " (the newest watermark " + shown(newest.get()) + "): the next run copies them; verify it after"
                    + " that");
        }
        return Planned.NOTHING_COPIED;
    }

    /**
     * A watermark as a one-line message shows it: a text one can be a page long, or hold line breaks, so
     * control characters become spaces and it is cut after 60 characters.
     */
    static String shown(Object watermark) {
        String text = String.valueOf(watermark).replaceAll("[\\p{Cntrl}\\u0085\\u2028\\u2029]", " ");
        if (text.length() <= 60) {
            return text;
        }
        int end = Character.isHighSurrogate(text.charAt(59)) ? 59 : 60;
        return text.substring(0, end) + "...";
    }

    /**
     * A where (or a query entry's SELECT) changed since the rows were read: the cursor holds for the rows
     * the old one let in, and the next run reads the table again from the start
     * (TableSync#readFromTheStartOnChangedFilter). Until then rows the new one lets in behind the cursor
     * are not in the replica by design: compared now, they would be called missing, and a repair would
     * write them. A new where that does not run is said as such (the run would fail on it too).
     */
    private static void refuseChangedFilter(Source source, TableConfig config, TableSchema schema, TableState state)
            throws Exception {
        if (!RowFilter.changedSince(Optional.of(state), config)) {
            return;
        }
        if (config.where().isPresent()) {
            try {
                source.checkFilter(schema, config.where().get());
            } catch (Exception e) {
                if (SourceTrouble.notTheStatement(source, e)) {
                    throw e; // a lock wait, a lost connection: explained as any verify failure, not blamed on the where
                }
                throw new TableFailure(config.jsonPath() + ".where does not run on " + schema.describe() + ": "
                        + ErrorText.of(e));
            }
        }
        String what = RowFilter.whatChanged(Optional.of(state), config).replaceFirst("^the ", "its ");
        throw new TableFailure(what + " changed since its rows were read: the next run reads the table again"
                + " from the start; verify it after that");
    }

    /**
     * A full table: every source row within its {@code where} is expected, as the last run's copy took
     * them. Without a key (nor a watermark) nothing names its rows, so it is not covered.
     */
    private Planned full(Source source, TableConfig config, TableSchema schema, Optional<TableState> state,
                         Replica replica) throws Exception {
        FullPlan plan = TablePlanner.full(config, schema);
        if (plan.key().isEmpty()) {
            throw new TableFailure("is a full table without a primary key: nothing names its rows (it has no"
                    + " watermark either), so verify does not cover it yet; set \"primaryKey\" to verify it");
        }
        List<SourceColumn> key = key(source, schema, plan.key());
        if (!TargetTable.exists(replica, config.target()) || state.flatMap(TableState::lastSuccessTs).isEmpty()) {
            throw new TableFailure("has not been copied yet: run `replicate run` first");
        }
        return new Planned(new DigestRequest(schema, plan.columns(), key, null, null, plan.where(), Optional.empty(),
                false, true), false);
    }

    /**
     * Refuses a key cut at its stored text (a date or time, see Source#cutsAtStoredText) whose source holds a
     * value outside the domain where that text sorts as the value (a BC year, an infinity, a zero date):
     * a bound from the replica would not split the rows alike. The replica's own texts outside it bound no
     * range (Source#rangeBounds), and are compared as keys the source has not.
     */
    private static void checkKeyOrder(Source source, DigestRequest request) throws Exception {
        for (SourceColumn column : request.key()) {
            if (request.cutAtStoredText(column)) {
                Optional<String> outside = source.keyOutsideTextOrder(request, column);
                if (outside.isPresent()) {
                    throw new TableFailure("its key column " + column.name() + " (" + column.sourceType() + ") "
                            + outside.get());
                }
            }
        }
    }

    /** The key's columns, each of a kind verify can cut into ranges. */
    private static List<SourceColumn> key(Source source, TableSchema schema, List<String> names) throws TableFailure {
        List<SourceColumn> key = new ArrayList<>();
        for (String name : names) {
            SourceColumn column = schema.column(name).orElseThrow(() -> new TableFailure("its key column " + name
                    + " does not exist in " + schema.name()));
            // A column the source orders by its stored text's bytes (a uuid) is a text key whatever its kind.
            WatermarkKind keyKind = column.bytewise() && column.sqliteType() == SqliteType.TEXT ? WatermarkKind.TEXT
                    : column.watermarkKind().orElse(null);
            // A date or time is stored as a text whose bytes sort as its values (within the years the source
            // checks before any range is cut): its ranges are cut at that text.
            boolean storedText = column.sqliteType() == SqliteType.TEXT && source.cutsAtStoredText(column);
            if (keyKind != WatermarkKind.INTEGER && keyKind != WatermarkKind.TEXT && !storedText) {
                // Stored as text but not of a text type (MySQL's bigint unsigned as its decimal, an enum):
                // SQLite's order of the text is not the source's of the value, so a bound from the replica
                // would not split the rows alike.
                throw new TableFailure("its key column " + column.name() + " (" + column.sourceType() + ") "
                        + (column.sqliteType() == SqliteType.TEXT ? "is stored as text, which SQLite orders by its"
                        + " bytes and the source by its type's order: verify cannot cut such a key into ranges yet"
                        : "is neither an integer, a text, a date nor a timestamp: verify cannot cut it into ranges"
                        + " yet"));
            }
            key.add(column);
        }
        return key;
    }

    /**
     * @param appendOnly the table has no key: the request's key is its watermark, which need not be unique
     * @param request    null for {@link #NOTHING_COPIED}
     */
    private record Planned(DigestRequest request, boolean appendOnly) {
        /** An incremental table whose last run found nothing to copy, and whose replica is empty: equal. */
        static final Planned NOTHING_COPIED = new Planned(null, false);
    }
}
