package dev.replicate.sync;

import dev.replicate.config.SourceConfig;
import dev.replicate.config.TableConfig;
import dev.replicate.config.TableMode;
import dev.replicate.source.Source;
import dev.replicate.sqlite.Replica;
import dev.replicate.sqlite.TableState;
import dev.replicate.sqlite.WriteSettings;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * One table's pass in a run, by its mode: {@link TableSync} (incremental, by watermark) or
 * {@link FullRefresh} (the whole table into a copy, swapped in). What it counted and noted is read
 * after it ran, whether it ended well or not.
 */
interface TablePass {

    /** The pass for {@code config}'s mode. */
    static TablePass of(SourceConfig source, TableConfig config, Optional<TableState> previous, Replica replica,
                        RunListener listener, Instant runStarted, WriteSettings settings, boolean massDeleteAllowed,
                        Clock clock) {
        return config.mode() == TableMode.FULL
                ? new FullRefresh(source, config, replica, listener, runStarted, settings)
                        .allowingMassDelete(massDeleteAllowed)
                : new TableSync(source, config, previous, replica, listener, runStarted, settings)
                        .allowingMassDelete(massDeleteAllowed).clock(clock);
    }

    /**
     * Runs the pass on {@code source}, what it asks about the table (its schema, its unreadable
     * watermarks) taken from {@code batch}, the run's due tables of that source, when it has it, else
     * asked alone.
     */
    void run(Source source, TableBatch batch) throws Exception;

    /** Runs the pass, every question about the table asked alone. */
    default void run(Source source) throws Exception {
        run(source, TableBatch.NONE);
    }

    /**
     * Whether what this pass committed stays when the table's pass is run again within the run (see
     * {@link RetriedPass}): every page of an incremental table commits with its cursor, and the next try
     * goes on from there; a full table's next try begins its copy anew.
     */
    default boolean countsCarryOver() {
        return true;
    }

    /**
     * Makes this pass the table's second or later try within the run (see {@link RetriedPass}), which
     * may meet what the try before left behind.
     */
    default TablePass retrying() {
        return this;
    }

    long rowsPulled();

    /** Of {@link #rowsPulled}, the rows read again at or behind the stored watermark (incremental only). */
    long rowsReread();

    /**
     * Of {@link #rowsPulled}, the rows the replica took in: inserted, or updated because a value differed
     * (a full table's copy takes in every row).
     */
    long rowsChanged();

    /** Rows removed from the replica because they were read soft-deleted (incremental only). */
    long rowsDeleted();

    List<String> notes();

    /** The newest watermark at the source, in its stored form (incremental only). */
    Optional<String> sourceNewest();
}
