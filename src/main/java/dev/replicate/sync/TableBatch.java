package dev.replicate.sync;

import dev.replicate.config.TableConfig;
import dev.replicate.config.TableMode;
import dev.replicate.log.Log;
import dev.replicate.source.Source;
import dev.replicate.source.SourceColumn;
import dev.replicate.source.TableName;
import dev.replicate.source.TableSchema;
import dev.replicate.source.UnreadableWatermarks;
import dev.replicate.source.WatermarkCount;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * What a run asks a source about its due tables before their passes, asked together as the run
 * reaches them: their schemas ({@link Source#reflect(List)}), then the counts of their unreadable
 * watermarks ({@link Source#countUnreadableWatermarks(List)}), one round trip each for many tables
 * rather than one or more per table. Added for speed (issue #17): in a run of 500 small tables with
 * nothing to pull, reflecting each alone was about half the run on either server (PostgreSQL plans a
 * query on information_schema in several milliseconds; MariaDB answered three queries per table), and
 * on PostgreSQL each table's count was another round trip; on a busy machine a round trip costs the
 * scheduling of the server's process as well.
 *
 * <p>An answer is only used while it is fresh ({@link #FRESH}): a table reached later, after a long
 * pass of another table, gets a new batch from itself on. So a table's schema is never much older
 * than it would be reflected alone, just before its read (a count is only a note). A table the batch
 * left out (missing at the source, a name given in another case, a query, a source that does not
 * batch), or a batch that failed, costs nothing but the table's own questions, on its pass, which say
 * what is wrong. A batch the source never answered (its readTimeoutSeconds), or that left the connection
 * closed, is the failure of the table that asked it instead: its own questions would only meet the closed
 * connection.
 */
final class TableBatch {
    /** How long a batch's answers are used: a second or two of small tables, next to nothing for one that pulls rows. */
    static final Duration FRESH = Duration.ofSeconds(2);
    /**
     * Tables per batch at most: more than a run gets through while a batch is fresh. Not more: a batch's counts
     * run in one transaction on PostgreSQL, whose planning holds a lock on each table and its indexes until it
     * ends, and 500 tables (tried, issue #17: it saved a run of 500 tables one round trip of each kind, about
     * 10 ms) would hold 1,000-1,500 of the server's shared lock slots at once, which other sessions' transactions
     * need (64 per connection by default).
     */
    static final int SIZE = 250;

    /** Asks each table alone: for a single pass. */
    static final TableBatch NONE = new TableBatch(null, List.of(), Clock.systemUTC());

    private final Source source;
    private final List<TableConfig> tables;
    private final Clock clock;
    /** The names the current batch asked for, and what it found of them. */
    private Set<TableName> asked = Set.of();
    private Map<TableName, TableSchema> found = Map.of();
    private Map<TableConfig, UnreadableWatermarks> counted = Map.of();
    private Instant reflectedAt = Instant.MIN;
    /** A batch whose answer never came, or that left the connection closed: the failure of the table that asked it. */
    private Exception unanswered;
    /** The source's clock, asked once for the run's passes on this connection. */
    private SourceClock sourceClock;

    /**
     * @param tables the due table entries, in the order the run takes them
     */
    TableBatch(Source source, List<TableConfig> tables, Clock clock) {
        this.source = source;
        this.tables = tables;
        this.clock = clock;
    }

    /**
     * The clock of {@code asked} (this batch's source), asked once for the passes that share this batch rather
     * than once per table whose cursor this machine's clock finds ahead; asked anew by a single pass.
     */
    SourceClock sourceClock(Source asked) {
        if (source == null || source != asked) {
            return new SourceClock(asked);
        }
        if (sourceClock == null) {
            sourceClock = new SourceClock(asked);
        }
        return sourceClock;
    }

    /**
     * The schema of {@code table} from a fresh batch; empty when the table is to be reflected alone.
     * Asks a new batch, from this table on, when the current one did not ask about it or is stale.
     *
     * @throws Exception the batch's failure, when the source stopped answering it or its connection is
     *                   closed: the table that asked fails with it (the engine opens a fresh connection for the next)
     */
    Optional<TableSchema> take(TableConfig table) throws Exception {
        int at = indexOf(table);
        if (source == null || table.query().isPresent() || at < 0) {
            return Optional.empty();
        }
        Instant now = clock.instant();
        if (!asked.contains(table.name()) || now.isAfter(reflectedAt.plus(FRESH))) {
            ask(at, now);
            if (unanswered != null) {
                Exception failure = unanswered;
                unanswered = null;
                throw failure;
            }
        }
        return Optional.ofNullable(found.get(table.name()));
    }

    /**
     * The entry's place in the run's order, by identity: a record's generated equals and hashCode link
     * an invokedynamic call site on first use (java.lang.runtime.ObjectMethods), which cost every run
     * about 15 ms on the benchmark's machine (issue #17); the engine hands over the configuration's own
     * entries. For the same reason {@link #counted} is an IdentityHashMap.
     */
    private int indexOf(TableConfig table) {
        for (int i = 0; i < tables.size(); i++) {
            if (tables.get(i) == table) {
                return i;
            }
        }
        return -1;
    }

    /**
     * The count of {@code table}'s unreadable watermarks, when the batch that gave it {@code schema}
     * (by {@link #take}, just before) counted it too; empty when the table is to be counted alone.
     */
    Optional<UnreadableWatermarks> unreadable(TableConfig table, TableSchema schema) {
        return found.get(table.name()) == schema ? Optional.ofNullable(counted.get(table)) : Optional.empty();
    }

    /**
     * Asks about the tables from {@code from} on, up to {@link #SIZE} of them; a failure leaves each to
     * be asked alone.
     */
    private void ask(int from, Instant now) {
        Set<TableName> names = new LinkedHashSet<>();
        List<TableConfig> entries = new ArrayList<>();
        for (int i = from; i < tables.size() && names.size() < SIZE; i++) {
            if (tables.get(i).query().isEmpty()) {
                names.add(tables.get(i).name());
                entries.add(tables.get(i));
            }
        }
        asked = names;
        reflectedAt = now;
        counted = Map.of();
        try {
            found = source.reflect(new ArrayList<>(names));
        } catch (Exception e) {
            found = Map.of();
            if (lostConnection(e)) {
                return;
            }
            // Each table is then reflected alone, and fails with its own reason if it has one.
            Log.debug(e, "reflecting {} tables together failed; each is reflected alone", names.size());
            return;
        }
        count(entries);
    }

    /** The unreadable watermarks of the incremental tables among {@code entries} that the batch found. */
    private void count(List<TableConfig> entries) {
        List<TableConfig> countable = new ArrayList<>();
        List<WatermarkCount> questions = new ArrayList<>();
        for (TableConfig entry : entries) {
            TableSchema schema = found.get(entry.name());
            Optional<SourceColumn> watermark = entry.mode() == TableMode.FULL || schema == null ? Optional.empty()
                    : entry.watermark().flatMap(schema::column).filter(c -> c.watermarkKind().isPresent());
            if (watermark.isPresent()) {
                countable.add(entry);
                questions.add(new WatermarkCount(schema, watermark.get(), entry.where()));
            }
        }
        if (questions.isEmpty()) {
            return;
        }
        try {
            Optional<List<UnreadableWatermarks>> answers = source.countUnreadableWatermarks(questions);
            if (answers.isPresent() && answers.get().size() == countable.size()) {
                Map<TableConfig, UnreadableWatermarks> byTable = new IdentityHashMap<>();
                for (int i = 0; i < countable.size(); i++) {
                    byTable.put(countable.get(i), answers.get().get(i));
                }
                counted = byTable;
            }
        } catch (Exception e) {
            if (lostConnection(e)) {
                found = Map.of();
                return;
            }
            // A filter that does not run, say: each table's own count says which, with its JSON path.
            Log.debug(e, "counting the watermarks of {} tables together failed; each is counted alone", countable.size());
        }
    }

    /**
     * Whether the batch failed because the source stopped answering, or left the connection closed (the
     * drivers close it after a read timeout or a cut): asking each table alone would only fail each with
     * "connection has been closed", the first table's filter blamed for it. It is kept as the failure of
     * the table that asked.
     */
    private boolean lostConnection(Exception e) {
        if (source.connectionGone(e)) {
            unanswered = e;
            return true;
        }
        return false;
    }
}
