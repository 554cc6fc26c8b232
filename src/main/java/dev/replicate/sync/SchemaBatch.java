package dev.replicate.sync;

import dev.replicate.config.TableConfig;
import dev.replicate.source.Source;
import dev.replicate.source.TableName;
import dev.replicate.source.TableSchema;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.tinylog.Logger;

/**
 * The schemas of a source's due tables, reflected together ({@link Source#reflect(List)}) as the run
 * reaches them, rather than one catalog round trip (or three) per table. Added for speed (issue #17):
 * in a run of 500 small tables with nothing to pull, reflecting each alone was about half the run on
 * either server (PostgreSQL plans a query on information_schema in several milliseconds; MariaDB
 * answered three queries per table).
 *
 * <p>A schema is only used while it is fresh ({@link #FRESH}): a table reached later, after a long
 * pass of another table, gets a new batch from itself on. So a table's schema is never much older
 * than it would be reflected alone, just before its read. A table the batch left out (a table
 * missing at the source, a name given in another case, a query, a source that does not batch), or a
 * batch that failed, costs nothing but the table's own reflection, which says what is wrong.
 */
final class SchemaBatch {
    /** How long a batch's schemas are used: a second or two of small tables, next to nothing for one that pulls rows. */
    static final Duration FRESH = Duration.ofSeconds(2);
    /** Tables per batch at most: more than a run gets through while a batch is fresh. */
    static final int SIZE = 250;

    /** Reflects every table alone: for a single pass, and for sources that do not batch. */
    static final SchemaBatch NONE = new SchemaBatch(null, List.of(), Clock.systemUTC());

    private final Source source;
    private final List<TableConfig> tables;
    private final Clock clock;
    /** The names the current batch asked for, and what it found of them. */
    private Set<TableName> asked = Set.of();
    private Map<TableName, TableSchema> found = Map.of();
    private Instant reflectedAt = Instant.MIN;

    /**
     * @param tables the due table entries, in the order the run takes them
     */
    SchemaBatch(Source source, List<TableConfig> tables, Clock clock) {
        this.source = source;
        this.tables = tables;
        this.clock = clock;
    }

    /**
     * The schema of {@code table} from a fresh batch; empty when the table is to be reflected alone.
     * Reflects a new batch, from this table on, when the current one did not ask for it or is stale.
     */
    Optional<TableSchema> take(TableConfig table) {
        int at = tables.indexOf(table);
        if (source == null || table.query().isPresent() || at < 0) {
            return Optional.empty();
        }
        Instant now = clock.instant();
        if (!asked.contains(table.name()) || now.isAfter(reflectedAt.plus(FRESH))) {
            reflect(at, now);
        }
        return Optional.ofNullable(found.get(table.name()));
    }

    /** Reflects the tables from {@code from} on, up to {@link #SIZE} of them; a failure leaves each to reflect alone. */
    private void reflect(int from, Instant now) {
        Set<TableName> names = new LinkedHashSet<>();
        for (int i = from; i < tables.size() && names.size() < SIZE; i++) {
            if (tables.get(i).query().isEmpty()) {
                names.add(tables.get(i).name());
            }
        }
        asked = names;
        reflectedAt = now;
        try {
            found = source.reflect(new ArrayList<>(names));
        } catch (Exception e) {
            // Each table is then reflected alone, and fails with its own reason if it has one.
            Logger.debug(e, "reflecting {} tables together failed; each is reflected alone", names.size());
            found = Map.of();
        }
    }
}
