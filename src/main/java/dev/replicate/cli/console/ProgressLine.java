package dev.replicate.cli.console;

import dev.replicate.log.Counted;
import java.time.Duration;
import java.util.Locale;
import java.util.OptionalLong;

/**
 * The line a terminal shows while a table is pulled: rows so far and the rate, and, when the number of
 * rows to pull is known, how far along it is and about how long is left. That is a first sync whose
 * source gives an estimate from its statistics ({@code Source.estimatedRows}): never a count(*), which
 * can cost as much as the pull.
 */
final class ProgressLine {
    private ProgressLine() {
    }

    static String format(String target, long rows, Duration elapsed, OptionalLong total) {
        double seconds = Math.max(0.001, elapsed.toMillis() / 1000.0);
        double rate = rows / seconds;
        if (total.isPresent() && total.getAsLong() > 0) {
            long all = total.getAsLong();
            long percent = Math.min(100, rows * 100 / all);
            String eta = rows == 0 || rows >= all ? "" : ", about " + RelativeTime.span(
                    Duration.ofSeconds((long) Math.ceil((all - rows) / rate))) + " left";
            return String.format(Locale.ROOT, "%s: %,d of %,d %s (%d%%, %,.0f rows/s%s)", target, rows, all,
                    Counted.noun(all, "row"), percent, rate, eta);
        }
        return String.format(Locale.ROOT, "%s: %,d %s (%,.0f rows/s)", target, rows, Counted.noun(rows, "row"),
                rate);
    }
}
