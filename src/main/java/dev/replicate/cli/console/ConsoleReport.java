package dev.replicate.cli.console;

import dev.replicate.cli.CommonOptions;
import dev.replicate.cli.Context;
import dev.replicate.log.Counted;
import dev.replicate.log.Log;
import dev.replicate.sync.RunListener;
import dev.replicate.sync.RunReport;
import dev.replicate.sync.TableOutcome;
import java.io.PrintStream;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.OptionalLong;

/**
 * What a run shows. At a terminal: a progress line while a table is pulled, and a line per table at
 * the end. Not at a terminal (cron): nothing on success, since cron mails every byte; failures always
 * go to stderr.
 */
public final class ConsoleReport implements RunListener {
    private static final Duration PROGRESS_EVERY = Duration.ofMillis(250);

    private final PrintStream out;
    private final PrintStream err;
    private final boolean interactive;
    private final boolean quiet;
    private final Style style;
    private final java.time.Clock clock;
    private Instant tableStarted;
    private OptionalLong expectedRows = OptionalLong.empty();
    private Instant lastProgress = Instant.MIN;
    private boolean progressShown;
    private int progressWidth;

    public ConsoleReport(Context context, CommonOptions options) {
        this.out = context.out();
        this.err = context.err();
        this.interactive = context.environment().interactive();
        this.quiet = options.verbosity() < 0;
        this.style = new Style(context.environment().colour());
        this.clock = context.clock();
    }

    @Override
    public void tableStarted(String target) {
        tableStarted = clock.instant();
        expectedRows = OptionalLong.empty();
    }

    @Override
    public boolean wantsRowEstimates() {
        return interactive && !quiet;
    }

    @Override
    public void expectedRows(String target, long rows) {
        expectedRows = OptionalLong.of(rows);
    }

    @Override
    public void progress(String target, long rowsSoFar) {
        if (!interactive || quiet) {
            return;
        }
        Instant now = clock.instant();
        if (Duration.between(lastProgress, now).compareTo(PROGRESS_EVERY) < 0) {
            return;
        }
        lastProgress = now;
        String line = ProgressLine.format(target, rowsSoFar, Duration.between(tableStarted, now), expectedRows);
        // A carriage return and spaces over the rest of the old line, rather than an ANSI erase: no escape
        // codes with NO_COLOR or on a dumb terminal.
        err.print("\r" + line + " ".repeat(Math.max(0, progressWidth - line.length())));
        progressWidth = line.length();
        err.flush();
        progressShown = true;
    }

    @Override
    public void tableFinished(TableOutcome outcome) {
        clearProgress();
        // Through the logger, so that --log-file keeps a line per table; failures show on stderr even with -q.
        if (outcome.ok()) {
            Log.info("{}: {}{} in {}", outcome.target(), Counted.rows(outcome.rowsPulled()),
                    outcome.rowsChanged() == outcome.rowsPulled() ? "" : " (" + outcome.rowsChanged() + " changed)",
                    RelativeTime.duration(outcome.duration()));
        } else {
            Log.error("{} failed: {}", outcome.target(), outcome.error().orElseThrow());
        }
    }

    public void summary(RunReport report) {
        Log.info("run finished: {} ran, {} failed, {} in {}", Counted.of(report.outcomes().size(), "table"),
                report.outcomes().stream().filter(o -> !o.ok()).count(), Counted.rows(report.rowsPulled()),
                RelativeTime.duration(report.duration()));
        if (!interactive || quiet) {
            return;
        }
        if (report.outcomes().isEmpty()) {
            out.println("nothing due (`replicate status` shows when each table is next due; --force runs them now)");
            return;
        }
        int width = report.outcomes().stream().mapToInt(o -> o.target().length()).max().orElse(0);
        // Numbers in Locale.ROOT, as the progress line above these lines has them, whatever LANG says.
        for (TableOutcome outcome : report.outcomes()) {
            String result = outcome.ok() ? style.green("ok") : style.red("failed");
            // Of the rows read, those the replica took in, when not all: every run reads the rows on the
            // stored watermark again, and a quiet table must not look as if it changed.
            String counts = outcome.rowsChanged() == outcome.rowsPulled() ? ""
                    : String.format(Locale.ROOT, " (%,d changed)", outcome.rowsChanged());
            if (outcome.rowsDeleted() > 0) {
                counts += String.format(Locale.ROOT, " (%,d deleted)", outcome.rowsDeleted());
            }
            out.printf(Locale.ROOT, "%-" + width + "s  %s  %,d %s%s in %s%n", outcome.target(), result, outcome.rowsPulled(),
                    Counted.noun(outcome.rowsPulled(), "row"), counts, RelativeTime.duration(outcome.duration()));
            for (String note : outcome.notes()) {
                out.println("  " + style.dim(note));
            }
        }
    }

    private void clearProgress() {
        if (progressShown) {
            err.print("\r" + " ".repeat(progressWidth) + "\r");
            progressWidth = 0;
            err.flush();
            progressShown = false;
        }
    }
}
