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

    /** @param after the last key already copied, or empty to start with the first */
    SnapshotCommit(PositionRecorder positions, SourceColumn key, java.util.Optional<Position> after, Position below) {
        this.positions = positions;
        this.key = key;
        this.keyKind = key.watermarkKind().orElseThrow();
        this.below = below;
        this.lastKey = after.map(Position::value).orElse(null);
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
    public void record() throws Exception {
        positions.snapshot(key, new Position(keyKind, lastKey), below);
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
