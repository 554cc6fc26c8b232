package dev.replicate.sync;

import dev.replicate.source.SourceColumn;
import dev.replicate.source.WatermarkKind;

/**
 * A first sync's pages in key order: each commits the last key it holds (a run after a crash goes on
 * after it) with the snapshot's boundary. Refuses a key that does not come strictly after the one
 * before, since resuming after the last key is only right then.
 */
final class SnapshotCommit implements PageCopy.CommitStep {
    private final PositionRecorder positions;
    private final SourceColumn key;
    private final WatermarkKind keyKind;
    private final Position below;
    /** Raw, as the rows bring it: a Position is made per page, not per row. */
    private Object lastKey;
    /**
     * The last key whose row the replica holds: what a page commits. A run after a crash resumes only
     * into a table that holds the row of that key ({@link FirstSync}); a row read soft-deleted is not
     * stored, so it cannot be the one. Resuming after an earlier key reads the deleted rows past it
     * again, and deletes them again: nothing.
     */
    private Object lastStored;

    /** @param after the last key already copied, or empty to start with the first */
    SnapshotCommit(PositionRecorder positions, SourceColumn key, java.util.Optional<Position> after, Position below) {
        this.positions = positions;
        this.key = key;
        this.keyKind = key.watermarkKind().orElseThrow();
        this.below = below;
        this.lastKey = after.map(Position::value).orElse(null);
        this.lastStored = lastKey;
    }

    @Override
    public void admit(Object rowKey) throws KeyOrderBroken {
        if (lastKey != null && !ascending(lastKey, rowKey)) {
            throw new KeyOrderBroken("the source returned " + key.name() + " " + rowKey + " after "
                    + lastKey + " in a read ordered by it (is the key unique?)");
        }
        lastKey = rowKey;
    }

    @Override
    public void written(Object rowKey) {
        lastStored = rowKey;
    }

    @Override
    public void deleted(Object rowKey) {
        // Not stored: the progress stays at the last row that is (see lastStored).
    }

    @Override
    public void record() throws Exception {
        // Until a row is stored there is no progress to keep: a run after a crash starts over, exactly.
        if (lastStored != null) {
            positions.snapshot(key, new Position(keyKind, lastStored), below);
        }
    }

    /**
     * Whether {@code next} may follow {@code previous} in a read by key. Integers are compared; text
     * is ordered by the column's collation at the source, which Java does not know, so only a repeat
     * of the very same text is caught there (a unique key under that collation holds no two texts it
     * calls equal, and the database orders and compares by the same collation).
     */
    private static boolean ascending(Object previous, Object next) {
        return previous instanceof Long before ? (Long) next > before : !previous.equals(next);
    }

    /** A read in key order that did not come in strictly ascending keys. */
    static final class KeyOrderBroken extends Exception {
        KeyOrderBroken(String message) {
            super(message, null, false, false);
        }
    }
}
