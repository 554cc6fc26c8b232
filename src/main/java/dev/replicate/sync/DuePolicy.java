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

    /** The moment from which the table counts as due. */
    public static Optional<Instant> dueAt(Optional<Instant> lastRunStarted, int intervalSeconds) {
        return lastRunStarted.map(last -> last.plusSeconds(intervalSeconds).minus(tolerance(intervalSeconds)));
    }

    public static boolean isDue(Optional<Instant> lastRunStarted, int intervalSeconds, Instant now) {
        return dueAt(lastRunStarted, intervalSeconds).map(due -> !now.isBefore(due)).orElse(true);
    }
}
