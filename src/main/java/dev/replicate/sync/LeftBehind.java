package dev.replicate.sync;

import dev.replicate.config.Lookback;
import dev.replicate.source.WatermarkKind;
import java.time.Instant;
import java.util.Optional;

/**
 * A cursor on an instant found ahead of the clock (more than the lookback and a minute's grace), as an earlier
 * release left it: it followed a row stamped ahead ({@link CursorAhead}), and every row written since with the
 * time of day lies behind it. The read starts where those rows begin, and the cursor comes back to the clock
 * ({@link ClockLimit}). That is the moment the cursor went ahead: the run that took it there was the first to find
 * it so, and recorded its start ({@code cursor_ahead_since}); every row stamped before that run read was read by
 * it, bar a late commit, so the read starts there less a minute (two hosts' clocks disagree) and the lookback (late
 * commits, as ever). A state without that record (a release before it) cannot tell: the table is read again from
 * the start, once, its rows replacing themselves. One exception is beyond it: a run that took the cursor ahead and
 * failed before it judged the cursor (a later page refused) recorded nothing, and the next run recorded its own
 * start, a run's interval late; rows stamped in between and written after are what {@code verify --repair} finds.
 */
final class LeftBehind {
    private LeftBehind() {
    }

    /**
     * Where the read starts (empty: from the start), given where it would ({@code start}) and the time the cursor
     * was first found ahead, if recorded.
     */
    static Optional<Position> start(Optional<Position> start, Optional<Instant> since, Optional<Lookback> lookback) {
        if (since.isEmpty() || start.isEmpty()) {
            return Optional.empty();
        }
        Optional<Position> back = new Position(WatermarkKind.TIMESTAMPTZ, since.get().minus(CursorAhead.GRACE))
                .minus(lookback);
        if (back.isEmpty()) {
            return back;
        }
        return back.get().compareTo(start.get()) < 0 ? back : start;
    }

    /** The run's note. */
    static String note(String column, Position cursor, Optional<Position> start) {
        return "the cursor on " + column + " (" + cursor + ") was ahead of the clock, where an earlier release left it"
                + " following a value stamped ahead, and rows written since lay behind it: "
                + start.map(at -> "they are read from " + at).orElse("the table is read again from the start, since"
                + " when is not recorded") + ", and the cursor comes back to the last of them at or before the clock";
    }
}
