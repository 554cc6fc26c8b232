package dev.replicate.sync;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * When a table is due: once its interval has passed since its last run started, less a tolerance.
 * Without the tolerance, a table with a 60-second interval under a {@code * * * * *} crontab would
 * run only every other minute whenever a run started a few milliseconds later than the one before.
 * The tolerance is a tenth of the interval, at most 30 seconds.
 */
public final class DuePolicy {
    private static final Duration MAX_TOLERANCE = Duration.ofSeconds(30);

    private DuePolicy() {
    }

    public static Duration tolerance(int intervalSeconds) {
        Duration tenth = Duration.ofMillis(intervalSeconds * 100L);
        return tenth.compareTo(MAX_TOLERANCE) > 0 ? MAX_TOLERANCE : tenth;
    }

    /**
     * The moment from which the table counts as due, seen at {@code now}: now itself when the last run is
     * stamped after it (see {@link #isDue}).
     */
    public static Optional<Instant> dueAt(Optional<Instant> lastRunStarted, int intervalSeconds, Instant now) {
        return lastRunStarted.map(last -> ranInTheFuture(last, now) ? now
                : last.plusSeconds(intervalSeconds).minus(tolerance(intervalSeconds)));
    }

    /**
     * Whether the table is due at {@code now}. A last run stamped after now means the clock was set back
     * since (NTP stepping back a clock that ran ahead, a VM restored from a snapshot, a file copied from a
     * host whose clock was ahead): waiting for the clock to reach that stamp plus the interval would stop
     * the table, silently, for as long as the clock jumped. So such a table is due: one more run costs
     * nothing, and it stamps the run with the clock as it is now.
     */
    public static boolean isDue(Optional<Instant> lastRunStarted, int intervalSeconds, Instant now) {
        return dueAt(lastRunStarted, intervalSeconds, now).map(due -> !now.isBefore(due)).orElse(true);
    }

    /** Whether {@code last}, a run's or a reconcile's start, is stamped after {@code now}: the clock went back. */
    public static boolean ranInTheFuture(Instant last, Instant now) {
        return last.isAfter(now);
    }
}
