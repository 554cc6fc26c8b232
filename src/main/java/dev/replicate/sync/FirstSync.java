package dev.replicate.sync;

import dev.replicate.config.TableConfig;
import dev.replicate.source.ReadRequest;
import dev.replicate.source.Source;
import dev.replicate.source.SourceColumn;
import dev.replicate.source.TableSchema;
import dev.replicate.source.WatermarkKind;
import dev.replicate.sqlite.Replica;
import dev.replicate.sqlite.SnapshotProgress;
import dev.replicate.sqlite.TableState;
import dev.replicate.sqlite.TargetTable;
import java.util.Optional;

/**
 * A first sync in key order, resumable. Before the first row it notes the boundary: the newest
 * watermark at the source less the lookback, just where the next cursor read would start had the
 * cursor stood at that newest value. The snapshot reads every row below the boundary in key order,
 * each page committed with the last key it holds, and a run after a crash goes on after that key.
 * Then the table's cursor is set to the boundary, and the cursor read that follows reads every row
 * at or above it. The two reads split the table, so no row is read twice; and a row written after
 * the boundary was noted carries a watermark at or above it (what a watermark promises; the
 * lookback covers late commits, as on every run), so the cursor read meets it, whether the
 * snapshot had passed its key or not. For an instant the boundary never passes the clock ({@link ClockLimit}): a
 * newest value ahead of it gives the clock less the grace instead, or, far ahead, a read in watermark order.
 */
final class FirstSync {
    private final TableConfig config;
    private final TablePlan plan;
    private final Replica replica;
    private final PositionRecorder positions;
    private final TableBooks books;

    FirstSync(TableConfig config, TablePlan plan, Replica replica, PositionRecorder positions, TableBooks books) {
        this.config = config;
        this.plan = plan;
        this.replica = replica;
        this.positions = positions;
        this.books = books;
    }

    /**
     * @param previous the table's state as the run found it, when its SQLite table existed before the run
     * @return where the cursor read continues (inclusive), or empty when it reads from the start
     *         (no row has a watermark, or the lookback reaches before every value)
     */
    Optional<Position> run(Source source, SourceColumn key, Optional<TableState> previous, PageCopy copy,
                           Optional<ClockLimit> limit) throws Exception {
        TableSchema schema = plan.schema();
        SourceColumn watermark = plan.watermark();
        Optional<Resume> resume = resume(key, previous, limit);
        Position below;
        if (resume.isPresent()) {
            below = resume.get().below();
        } else {
            // Among the rows the filter holds for: the boundary splits the rows the reads see.
            Optional<Object> newest = source.newestWatermark(schema, watermark, plan.where());
            Optional<Position> top = newest.map(value -> new Position(plan.kind(), value));
            if (top.isPresent() && limit.isPresent() && limit.get().farPast(top.get())) {
                // A row stamped ahead of the clock by more than the grace (judged as the run judges: this machine's
                // clock, then the source's, asked now, before any read is open): the cursor the boundary becomes
                // must not pass the clock (ClockLimit), or the rows written during the snapshot would lie behind it;
                // nor be the clock, a value no row has, behind which a row stamped before it and committing late is
                // lost where a row's value would have let it in. The newest row at or before the clock is not asked
                // for: the table is read in watermark order instead, the cursor following its rows (a slower first
                // sync on MariaDB, which sorts them, for a table whose newest value is that far ahead).
                return Optional.empty();
            }
            if (top.isPresent() && limit.isPresent() && limit.get().past(top.get())) {
                // Ahead by less, a busy table or a host a few seconds behind the server: the key order stays, but
                // the boundary is the clock less the grace, not that newest value. The boundary becomes the cursor,
                // and a cursor ahead of the clock by less than the grace is read from as it stands (nothing tells
                // it from two hosts' disagreement): a row updated with the time of day before the clock reached it
                // was never read. The rows of the minute before the clock are read by the cursor read, and by the
                // next run again, which costs little.
                top = Optional.of(limit.get().position());
            }
            Optional<Position> boundary = top.isEmpty() ? Optional.empty() : TablePlanner.startFrom(config, top.get());
            if (boundary.isEmpty()) {
                return Optional.empty();
            }
            below = boundary.get();
        }
        Optional<Position> after = resume.map(Resume::after);
        ReadRequest request = ReadRequest.byKey(schema, plan.columns(), watermark, key,
                after.map(Position::value), below.value(), config.pageSize()).filtered(plan.where());
        SnapshotCommit step = new SnapshotCommit(positions, key, after, below);
        if (key.watermarkKind().orElseThrow() == WatermarkKind.INTEGER) {
            // Rows come in the order of the table's integer key, and its indexes are made after the load:
            // every page is appended at the B-tree's right edge.
            try (AutoCloseable appending = replica.appending()) {
                copy.copy(source, request, null, step);
            }
        } else {
            // A text key's order at the source (its collation) need not be SQLite's: its rows land anywhere.
            copy.copy(source, request, null, step);
        }
        // Every key is read: from here on the table is an ordinary cursor, at the boundary.
        positions.cursor(below);
        replica.commit();
        return Optional.of(below);
    }

    /** Where a snapshot stopped: after {@code after}, below {@code below}. */
    private record Resume(Position after, Position below) {
    }

    /**
     * Whether the progress was kept for a key of this kind. The releases that began the key-order first sync
     * (main of 2026-11-25, up to 0fc1d4b) kept no kind, and read integer keys in order (text keys only in their
     * last nine minutes): an integer key whose stored last key reads as an integer goes on after it, where
     * starting over read the whole table again.
     */
    private static boolean sameKind(SnapshotProgress progress, WatermarkKind keyKind) {
        if (progress.keyType() == null) {
            return keyKind == WatermarkKind.INTEGER && progress.after().matches("-?[0-9]+");
        }
        return keyKind.name().equals(progress.keyType());
    }

    /** The stored progress this snapshot may go on from, if any. */
    private Optional<Resume> resume(SourceColumn key, Optional<TableState> previous, Optional<ClockLimit> limit)
            throws Exception {
        WatermarkKind keyKind = key.watermarkKind().orElseThrow();
        // Progress is only resumed for the same key column, of the same kind (a key retyped from integer
        // to text would resume in another order)...
        Optional<SnapshotProgress> stored = previous.flatMap(TableState::snapshot)
                .filter(progress -> progress.keyColumn().equals(key.name()) && sameKind(progress, keyKind));
        if (stored.isEmpty()) {
            return Optional.empty();
        }
        // ... and below a finite boundary: an earlier version took an infinite newest value for one,
        // and the cursor would then have stood at infinity after the snapshot. Such a snapshot starts over.
        Position below = TablePlanner.stored(config, plan.kind(), "snapshot_below", stored.get().below());
        if (!below.isFinite()) {
            books.note("the first sync's boundary (" + plan.watermark().name() + " below " + stored.get().below()
                    + ") was not finite; it started over");
            return Optional.empty();
        }
        // ... and at or before the clock: an earlier release took a newest value stamped ahead of it for one, and the
        // rows written since the snapshot began would have been left behind the cursor (ClockLimit). When the
        // snapshot began is not kept, so it starts over, its rows replacing themselves.
        if (limit.isPresent() && limit.get().past(below)) {
            books.note("the first sync's boundary (" + plan.watermark().name() + " below " + stored.get().below()
                    + ") was ahead of the clock; it started over");
            return Optional.empty();
        }
        // ... and into the table that holds it: the snapshot never deletes, so the row of its last key
        // must be there (not so after a DELETE, or a table dropped and made again elsewhere).
        Position after = TablePlanner.stored(config, keyKind, "snapshot_after", stored.get().after());
        if (!TargetTable.holdsKey(replica, config.target(), key.name(), after.value())) {
            books.note("the first sync's progress (after " + key.name() + " " + stored.get().after()
                    + ") does not match the SQLite table's rows; it started over");
            return Optional.empty();
        }
        return Optional.of(new Resume(after, below));
    }
}
