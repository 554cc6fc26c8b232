package dev.replicate.sync;

import dev.replicate.source.SourceColumn;
import dev.replicate.sqlite.SnapshotProgress;
import dev.replicate.sqlite.StateStore;
import dev.replicate.sqlite.TableId;
import java.sql.SQLException;
import java.time.Instant;

/**
 * Writes where one table's rows stand into {@code _replicate_watermarks}, inside the caller's open
 * transaction (a page's, so that its rows and its position commit together).
 */
final class PositionRecorder {
    private final StateStore state;
    private final TableId id;
    private final SourceColumn watermark;
    private final Instant runStarted;

    PositionRecorder(StateStore state, TableId id, SourceColumn watermark, Instant runStarted) {
        this.state = state;
        this.id = id;
        this.watermark = watermark;
        this.runStarted = runStarted;
    }

    /** The cursor is at {@code position} (and a first sync's snapshot, if one was under way, is over). */
    void cursor(Position position) throws SQLException {
        state.advance(id, watermark.name(), position.kind().name(), position.encode(), runStarted);
    }

    /** A first sync's snapshot got after {@code lastKey}, below the boundary {@code below}. */
    void snapshot(SourceColumn key, Position lastKey, Position below) throws SQLException {
        state.snapshotProgress(id, watermark.name(), below.kind().name(), new SnapshotProgress(key.name(),
                lastKey.kind().name(), lastKey.encode(), below.encode()), runStarted);
    }

    /** Forgets the cursor and a snapshot's progress alike, keeping the run history. */
    void forget() throws SQLException {
        state.forgetPosition(id);
    }
}
