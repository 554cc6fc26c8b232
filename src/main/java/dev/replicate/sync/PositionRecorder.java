package dev.replicate.sync;

import dev.replicate.source.SourceColumn;
import dev.replicate.sqlite.Replica;
import dev.replicate.sqlite.SnapshotProgress;
import dev.replicate.sqlite.StateStore;
import dev.replicate.sqlite.TableId;
import dev.replicate.sqlite.TableState;
import java.sql.SQLException;
import java.time.Instant;
import java.util.Optional;

/**
 * Writes where one table's rows stand into {@code _replicate_watermarks}, and what they were read under:
 * the source types that tell them apart ({@link ReadTypes}) and the filter ({@link RowFilter}).
 *
 * <p>A position ({@link #cursor}, {@link #snapshot}, {@link #forget}) is written inside the caller's open
 * transaction (a page's, so that its rows and its position commit together), with the types and the
 * filter not recorded yet, and the caller commits: no row is ever committed under types the state does
 * not hold (a first sync that a crash cut short included), and the state holds none that no row was read
 * under. Two calls commit on their own instead, outside any page: {@link #recordReadTypes}, before the
 * first page of a table that holds a position; and {@link #recordFilterOfAnEarlierRelease}, once the run
 * read its rows.
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
    /** {@link RowFilter#softDeleteOf} the entry, as this run reads it, and the one the state holds. */
    private final String softDelete;
    private Optional<String> storedSoftDelete;
    /** The cursor this run recorded, if any; whether it forgot the position (or began a snapshot) since. */
    private Optional<Position> recorded = Optional.empty();
    private boolean dropped;
    /**
     * The cursor the file holds for this table, while known: the one the run found, then each this run
     * recorded; none under a first sync's progress, or once forgotten.
     */
    private Optional<Held> inFile;

    /** A cursor as {@link StateStore#advance} writes it: its kind's name and its encoded value. */
    private record Held(String type, String value) {
        static Held of(Position position) {
            return new Held(position.kind().name(), position.encode());
        }
    }

    /**
     * @param found the target's state as the run found it ({@code withoutPosition} where the run reads from the
     *              start while the file keeps its position): the types, filter and soft-delete column it records,
     *              and the cursor it holds, count as in the file
     */
    PositionRecorder(Replica replica, StateStore state, TableId id, SourceColumn watermark, Instant runStarted,
                     String readTypes, String filter, String softDelete, Optional<TableState> found) {
        this.inFile = found.filter(s -> s.describes(id) && s.snapshot().isEmpty()
                        && s.watermarkColumn().equals(watermark.name()))
                .flatMap(s -> s.watermarkType().flatMap(type -> s.lastValue().map(value -> new Held(type, value))));
        this.replica = replica;
        this.state = state;
        this.id = id;
        this.watermark = watermark;
        this.runStarted = runStarted;
        this.readTypes = readTypes;
        this.storedTypes = found.flatMap(TableState::rowValueTypes);
        this.filter = filter;
        this.storedFilter = found.flatMap(TableState::rowFilter);
        this.softDelete = softDelete;
        this.storedSoftDelete = found.flatMap(TableState::rowSoftDelete);
    }

    /**
     * Records the types the rows are read under now, where the target's state holds others or none, and
     * commits: no write transaction may stay open while the run waits on the source (a run stopped there
     * by a signal must still be able to record it, StopRecorder). Only where the state holds a position
     * ({@code positioned}): a table without one gets them with its first position, so that a first run that
     * fails before its first page (its where does not run, a lock) leaves none: types held with no position
     * would make the empty table pass for one whose rows were read under them, and a key retyped before the
     * next run would fail it as one replicate has no record of making (TableSync#rebuildRespelledKey).
     */
    void recordReadTypes(boolean positioned) throws SQLException {
        if (positioned && !recordTypesOnce()) {
            replica.commit();
        }
    }

    /**
     * Records the filter, and the soft-delete column, of a state that holds a position and not them (an
     * earlier release wrote it), or the filter as this release keeps it where an earlier one kept it otherwise
     * ({@link RowFilter#asOf}), and commits; called once the run read its rows under them. Such a state is
     * taken as read under these ({@link RowFilter#changedSince}); waiting for a position to record them would
     * leave them unknown for as long as runs write none (the cursor's rows deleted, or gone out of the where),
     * and a where or soft-delete column changed meanwhile would never be found, the rows it lets in (or marks
     * deleted) behind the cursor never read.
     *
     * @param positioned whether the state holds a cursor or a first sync's progress
     */
    void recordFilterOfAnEarlierRelease(boolean positioned) throws SQLException {
        if (!positioned) {
            return;
        }
        boolean recorded = false;
        if (storedFilter.isEmpty() && state.recordRowFilter(id.target(), filter)) {
            storedFilter = Optional.of(filter);
            recorded = true;
        }
        if (storedSoftDelete.isEmpty() && state.recordRowSoftDelete(id.target(), softDelete)) {
            storedSoftDelete = Optional.of(softDelete);
            recorded = true;
        }
        // A filter kept as its text (RowFilter#asOf) is kept as its digest instead, meaning the same: what a
        // where's ${VAR}s held leaves the file at once, not only with the next cursor.
        Optional<String> digest = storedFilter.map(RowFilter::asOf);
        if (!digest.equals(storedFilter) && state.recordRowFilter(id.target(), digest.get())) {
            storedFilter = digest;
            recorded = true;
        }
        if (recorded) {
            replica.commit();
        }
    }

    /** @return whether the state already held them */
    private boolean recordTypesOnce() throws SQLException {
        if (typesRecorded()) {
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
        if (!filterRecorded() && state.recordRowFilter(id.target(), filter)) {
            storedFilter = Optional.of(filter);
        }
        if (!softDeleteRecorded() && state.recordRowSoftDelete(id.target(), softDelete)) {
            storedSoftDelete = Optional.of(softDelete);
        }
    }

    /** The cursor is at {@code position} (and a first sync's snapshot, if one was under way, is over). */
    void cursor(Position position) throws SQLException {
        Held written = Held.of(position);
        state.advance(id, watermark.name(), written.type(), written.value(), runStarted);
        inFile = Optional.of(written);
        recorded = Optional.of(position);
        recordTypesOnce();
        recordFilterOnce();
    }

    /** A first sync's snapshot got after {@code lastKey}, below the boundary {@code below}. */
    void snapshot(SourceColumn key, Position lastKey, Position below) throws SQLException {
        inFile = Optional.empty();
        recorded = Optional.empty();
        dropped = true;
        state.snapshotProgress(id, watermark.name(), below.kind().name(), new SnapshotProgress(key.name(),
                lastKey.kind().name(), lastKey.encode(), below.encode()), runStarted);
        recordTypesOnce();
        recordFilterOnce();
    }

    /**
     * Whether {@link #cursor}({@code position}) would write nothing the table's outcome does not write again
     * (StateStore#recordOutcome: the run's time): the file holds that very cursor, and the types, filter and
     * soft-delete column this run reads under.
     */
    boolean holds(Position position) {
        return inFile.equals(Optional.of(Held.of(position))) && typesRecorded() && filterRecorded()
                && softDeleteRecorded();
    }

    private boolean typesRecorded() {
        return storedTypes.equals(Optional.of(readTypes));
    }

    private boolean filterRecorded() {
        return storedFilter.equals(Optional.of(filter));
    }

    private boolean softDeleteRecorded() {
        return storedSoftDelete.equals(Optional.of(softDelete));
    }

    /** The cursor the table holds once this run's pages are in, given the one it started with. */
    Optional<Position> held(Optional<Position> before) {
        return recorded.isPresent() || dropped ? recorded : before;
    }

    /** Forgets the cursor and a snapshot's progress alike (and the types), keeping the run history. */
    void forget() throws SQLException {
        state.forgetPosition(id);
        inFile = Optional.empty();
        recorded = Optional.empty();
        dropped = true;
        storedTypes = Optional.empty();
        storedFilter = Optional.empty();
        storedSoftDelete = Optional.empty();
    }
}
