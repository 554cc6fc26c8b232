package dev.replicate.sqlite;

import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Optional;

/**
 * Since when the runs' own checkpoints ({@link WalCheckpoint#afterRun}) have each been kept from emptying
 * the write-ahead log: a line in the lock file, left by the run whose checkpoint a reader held, and
 * removed by the first run that empties the log. Only a run's end writes or removes it, so a log that
 * another command left behind (reset, {@code verify --repair}, a state migration, a run killed before
 * its checkpoint, the application's own writes) says nothing of readers, as its size did. A duration
 * rather than a count of runs: a report that outlasts two runs of a cron job every minute lets go in the
 * end, while a reader stuck inside one transaction is still there minutes later.
 */
public final class UnemptiedLog {
    /** How long the runs' checkpoints must all have been kept from emptying the log before a run says so. */
    public static final Duration SAID_AFTER = Duration.ofMinutes(10);
    private static final String PREFIX = "write-ahead log not emptied by a run since ";

    private UnemptiedLog() {
    }

    /**
     * Records how this run's checkpoint went, at {@code now}.
     *
     * @return since when no run's checkpoint has emptied the log (the first run end that could not, this
     *         one's when the last run's emptied it), or empty when this one's did
     */
    public static Optional<Instant> record(ReplicaLock lock, boolean emptied, Instant now) throws IOException {
        Optional<Instant> last = since(lock.text());
        if (emptied) {
            if (last.isPresent()) {
                lock.text("");
            }
            return Optional.empty();
        }
        if (last.isEmpty()) {
            lock.text(PREFIX + now + "\n");
            return Optional.of(now);
        }
        return last;
    }

    /** Whether the log has not been emptied for long enough to say so. */
    public static boolean worthSaying(Instant since, Instant now) {
        return Duration.between(since, now).compareTo(SAID_AFTER) >= 0;
    }

    private static Optional<Instant> since(String text) {
        if (!text.startsWith(PREFIX)) {
            return Optional.empty();
        }
        try {
            return Optional.of(Instant.parse(text.substring(PREFIX.length()).strip()));
        } catch (DateTimeParseException e) {
            return Optional.empty(); // not this release's line: as if no run had left one
        }
    }
}
