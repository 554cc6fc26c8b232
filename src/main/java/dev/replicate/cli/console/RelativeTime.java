package dev.replicate.cli.console;

import java.time.Duration;
import java.time.Instant;
import java.util.Locale;

/** Times as people read them at a terminal: "3 min ago", "due in 42 s". */
public final class RelativeTime {
    private RelativeTime() {
    }

    public static String ago(Instant then, Instant now) {
        Duration elapsed = Duration.between(then, now);
        return elapsed.isNegative() ? "in " + span(elapsed.negated()) : span(elapsed) + " ago";
    }

    public static String due(Instant due, Instant now) {
        Duration wait = Duration.between(now, due);
        return wait.isNegative() || wait.isZero() ? "due now" : "due in " + span(wait);
    }

    static String span(Duration duration) {
        long seconds = duration.getSeconds();
        if (seconds < 60) {
            return seconds + " s";
        }
        if (seconds < 3600) {
            return seconds / 60 + " min";
        }
        if (seconds < 86400) {
            return seconds / 3600 + " h " + (seconds % 3600) / 60 + " min";
        }
        return seconds / 86400 + " d " + (seconds % 86400) / 3600 + " h";
    }

    static String duration(Duration duration) {
        long millis = duration.toMillis();
        return millis < 1000 ? millis + " ms" : String.format(Locale.ROOT, "%.1f s", millis / 1000.0);
    }
}
