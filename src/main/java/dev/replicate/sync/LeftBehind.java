package dev.replicate.sync;

/**
 * A cursor on an instant found ahead of the clock (more than the lookback and a minute's grace), as an earlier
 * release left it: it followed a row stamped ahead ({@link CursorAhead}), and every row written since with the
 * time of day lies behind it. The table is read again from the start, once, its rows replacing themselves (by key,
 * or recognised by their identities without one), and the cursor comes back to the clock ({@link ClockLimit}).
 * Nothing shorter is sound: the time this machine first found the cursor ahead ({@code cursor_ahead_since}) is on
 * this machine's clock, while rows are stamped by the source's (a host ahead of the server by more than a minute
 * and the lookback lost rows), and it is too late where the cursor went ahead under a build older than that mark.
 */
final class LeftBehind {
    private LeftBehind() {
    }

    /** The run's note. */
    static String note(String column, Position cursor) {
        return "the cursor on " + column + " (" + cursor + ") was ahead of the clock, where an earlier release left it"
                + " following a value stamped ahead, and rows written since lay behind it: the table is read again"
                + " from the start, once, its rows replacing themselves, and the cursor comes back to the last of them"
                + " at or before the clock";
    }
}
