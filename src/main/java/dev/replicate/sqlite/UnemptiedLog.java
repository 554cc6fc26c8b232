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
 *
 * <p>The line names the last run kept from emptying the log as well: a stretch without such runs longer
 * than {@link #SAID_AFTER} (a night a cron job of working hours does not run, checkpoints that were not a
 * run's) says nothing of a reader held across it, so the count starts anew after it. A schedule sparser
 * than that is never warned of.
 */
public final class UnemptiedLog {
    /** How long the runs' checkpoints must all have been kept from emptying the log before a run says so. */
    public static final Duration SAID_AFTER = Duration.ofMinutes(10);
    private static final String PREFIX = "write-ahead log not emptied by a run since ";
    private static final String LAST = ", last ";

    /** Since when no run's checkpoint has emptied the log, and the last run end that could not. */
    private record Line(Instant since, Instant last) {
    }

    private UnemptiedLog() {
    }

    /**
     * Records how this run's checkpoint went, at {@code now}.
     *
     * @return since when no run's checkpoint has emptied the log (the first run end that could not, this
     *         one's when the last run's emptied it or the last that could not is over {@link #SAID_AFTER}
     *         ago), or empty when this one's did
     */
    public static Optional<Instant> record(ReplicaLock lock, boolean emptied, Instant now) throws IOException {
        Optional<Line> line = line(lock.text());
        if (emptied) {
            if (line.isPresent()) {
                lock.text("");
            }
            return Optional.empty();
        }
        Instant since = line.filter(l -> !worthSaying(l.last(), now)).map(Line::since).orElse(now);
        lock.text(PREFIX + since + LAST + now + "\n");
        return Optional.of(since);
    }

    /** Whether the log has not been emptied for long enough to say so. */
    public static boolean worthSaying(Instant since, Instant now) {
        return Duration.between(since, now).compareTo(SAID_AFTER) >= 0;
    }

    private static Optional<Line> line(String text) {
        if (!text.startsWith(PREFIX)) {
            return Optional.empty();
        }
        String rest = text.substring(PREFIX.length()).strip();
        int last = rest.indexOf(LAST);
        try {
            Instant since = Instant.parse(last < 0 ? rest : rest.substring(0, last));
            // A line without the last run (an earlier build's) has that run at its since.
            return Optional.of(new Line(since, last < 0 ? since : Instant.parse(rest.substring(last + LAST.length()))));
        } catch (DateTimeParseException e) {
            return Optional.empty(); // not this release's line: as if no run had left one
        }
    }
}
