package dev.replicate.sync;

import dev.replicate.source.SourceColumn;
import dev.replicate.sqlite.Replica;
import dev.replicate.sqlite.SnapshotProgress;
import dev.replicate.sqlite.StateStore;
import dev.replicate.sqlite.TableId;
import java.sql.SQLException;
import java.time.Instant;
import java.util.Optional;

/**
 * Writes where one table's rows stand into {@code _replicate_watermarks}, inside the caller's open
 * transaction (a page's, so that its rows and its position commit together); and, with the first
 * position a run writes, the source types its rows are read under ({@link ReadTypes}), so that no row
 * is ever committed under types the state does not hold (a first sync that a crash cut short included).
 */
final class PositionRecorder {
    private final Replica replica;
    private final StateStore state;
    private final TableId id;
    private final SourceColumn watermark;
    private final Instant runStarted;
    /** {@link ReadTypes#of} the columns that tell the rows apart, as this run reads them. */
    private final String readTypes;
    /** {@link RowFilter#of} the entry, as this run reads it. */
    private final String filter;
    /** The types the state holds for the target (in the open transaction, or committed). */
    private Optional<String> storedTypes;
    /** The filter the state holds for the target, likewise. */
    private Optional<String> storedFilter;
    /** The columns replicate made in the table, for a target whose state did not exist to take them yet. */
    private Optional<String> ownColumns = Optional.empty();

    PositionRecorder(Replica replica, StateStore state, TableId id, SourceColumn watermark, Instant runStarted,
                     String readTypes, Optional<String> storedTypes, String filter, Optional<String> storedFilter) {
        this.replica = replica;
        this.state = state;
        this.id = id;
        this.watermark = watermark;
        this.runStarted = runStarted;
        this.readTypes = readTypes;
        this.storedTypes = storedTypes;
        this.filter = filter;
        this.storedFilter = storedFilter;
    }

    /**
     * Records the types the rows are read under now, where the target has a state that holds others, and
     * commits: no write transaction may stay open while the run waits on the source (a run stopped there
     * by a signal must still be able to record it, StopRecorder). A target without a state yet gets them
     * with its first position.
     */
    void recordReadTypes() throws SQLException {
        if (!recordTypesOnce()) {
            replica.commit();
        }
    }

    /**
     * Records the filter of a state that holds a position and no filter (an earlier release wrote it), and
     * commits; called once the run read its rows under it. Such a state is taken as read under this one ({@link RowFilter#changedSince}); waiting for a
     * position to record it left it unknown for as long as runs wrote none (the cursor's rows deleted, or
     * gone out of the where), and a where changed meanwhile was never found, the rows it let in behind the
     * cursor never read.
     *
     * @param positioned whether the state holds a cursor or a first sync's progress
     */
    void recordFilterOfAnEarlierRelease(boolean positioned) throws SQLException {
        if (positioned && storedFilter.isEmpty() && state.recordRowFilter(id.target(), filter)) {
            storedFilter = Optional.of(filter);
            replica.commit();
        }
    }

    /** @return whether the state already held them */
    private boolean recordTypesOnce() throws SQLException {
        if (storedTypes.equals(Optional.of(readTypes))) {
            return true;
        }
        if (state.recordRowValueTypes(id.target(), readTypes)) {
            storedTypes = Optional.of(readTypes);
        }
        return false;
    }

    /**
     * Records the filter with a position, never before: a filter changed (TableSync#readFromTheStartOnChangedFilter)
     * must stay the old one in the file until a position read under the new one commits, so that a run
     * that fails first (the new where does not run) leaves the change to be found again.
     */
    private void recordFilterOnce() throws SQLException {
        if (!storedFilter.equals(Optional.of(filter)) && state.recordRowFilter(id.target(), filter)) {
            storedFilter = Optional.of(filter);
        }
    }

    /**
     * Records with the first position the columns replicate made in the table ({@code TargetTable}), where
     * the target had no state to take them when the table was made (its first run).
     */
    void ownColumns(Optional<String> unrecorded) {
        ownColumns = unrecorded;
    }

    private void recordOwnColumnsOnce() throws SQLException {
        if (ownColumns.isPresent() && state.recordOwnColumns(id.target(), ownColumns.get())) {
            ownColumns = Optional.empty();
        }
    }

    /** The cursor is at {@code position} (and a first sync's snapshot, if one was under way, is over). */
    void cursor(Position position) throws SQLException {
        state.advance(id, watermark.name(), position.kind().name(), position.encode(), runStarted);
        recordTypesOnce();
        recordFilterOnce();
        recordOwnColumnsOnce();
    }

    /** A first sync's snapshot got after {@code lastKey}, below the boundary {@code below}. */
    void snapshot(SourceColumn key, Position lastKey, Position below) throws SQLException {
        state.snapshotProgress(id, watermark.name(), below.kind().name(), new SnapshotProgress(key.name(),
                lastKey.kind().name(), lastKey.encode(), below.encode()), runStarted);
        recordTypesOnce();
        recordFilterOnce();
        recordOwnColumnsOnce();
    }

    /** Forgets the cursor and a snapshot's progress alike (and the types), keeping the run history. */
    void forget() throws SQLException {
        state.forgetPosition(id);
        storedTypes = Optional.empty();
        storedFilter = Optional.empty();
    }
}
