package dev.replicate.cli.console;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.replicate.cli.CommonOptions;
import dev.replicate.cli.Context;
import dev.replicate.cli.Environment;
import dev.replicate.sync.RunReport;
import dev.replicate.sync.TableOutcome;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

class ConsoleReportTest {
    /** A clock the test moves by hand. */
    static final class ManualClock extends Clock {
        Instant now = Instant.parse("2026-11-25T12:00:00Z");

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();
    private final ManualClock clock = new ManualClock();

    private ConsoleReport report(boolean interactive, String... options) {
        CommonOptions common = new CommonOptions();
        new CommandLine(common).parseArgs(options); // the options as a command line gives them: -q sets quiet
        Context context = new Context(new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8),
                new Environment(Map.of("NO_COLOR", "1"), interactive, Path.of("/")), clock);
        return new ConsoleReport(context, common);
    }

    private static TableOutcome ok(String target, long rows) {
        return ok(target, rows, rows);
    }

    private static TableOutcome ok(String target, long rows, long changed) {
        return new TableOutcome(target, "pg", target, rows, 0, changed, 0, Duration.ofMillis(1500), Optional.empty(),
                List.of(), true);
    }

    /**
     * Of the rows read, those that changed the replica are shown when not all of them did: every run
     * reads the rows on the stored watermark again, and a quiet table must not look as if it changed.
     */
    @Test
    void theRowsThatChangedAreShownWhenNotAllRowsReadDid() {
        ConsoleReport report = report(true);
        report.summary(new RunReport(List.of(ok("orders", 1_016, 1_015), ok("events", 3), ok("quiet", 100_000, 0)),
                Duration.ofSeconds(1)));
        assertEquals("orders  ok  1,016 rows (1,015 changed) in 1.5 s\nevents  ok  3 rows in 1.5 s\n"
                + "quiet   ok  100,000 rows (0 changed) in 1.5 s\n", out.toString(StandardCharsets.UTF_8));
    }

    /**
     * Hostile test: in a German or Turkish locale (LANG=de_DE.UTF-8) the end-of-run lines read
     * "3.000 rows (2.998 changed) in 1,5 s" under a progress line that said "1,000 rows": the progress
     * line was formatted for no locale, the summary for the user's. Both read the same everywhere.
     */
    @Test
    void theSummaryReadsTheSameInEveryLocale() {
        java.util.Locale before = java.util.Locale.getDefault();
        try {
            for (java.util.Locale locale : List.of(java.util.Locale.GERMANY, new java.util.Locale("tr", "TR"))) {
                java.util.Locale.setDefault(locale);
                out.reset();
                report(true).summary(new RunReport(List.of(ok("orders", 1_016, 1_015)), Duration.ofSeconds(1)));
                assertEquals("orders  ok  1,016 rows (1,015 changed) in 1.5 s\n", out.toString(StandardCharsets.UTF_8),
                        locale.toString());
            }
        } finally {
            java.util.Locale.setDefault(before);
        }
    }

    @Test
    void oneRowIsSaidAsOne() {
        ConsoleReport report = report(true);
        report.summary(new RunReport(List.of(ok("orders", 1), ok("events", 1, 0)), Duration.ofSeconds(1)));
        assertEquals("orders  ok  1 row in 1.5 s\nevents  ok  1 row (0 changed) in 1.5 s\n",
                out.toString(StandardCharsets.UTF_8));
    }

    @Test
    void theRowsDeletedAreShownApart() {
        ConsoleReport report = report(true);
        TableOutcome deleting = new TableOutcome("orders", "pg", "orders", 1_016, 1, 1_012, 3, Duration.ofMillis(1500),
                Optional.empty(), List.of(), true);
        report.summary(new RunReport(List.of(deleting), Duration.ofSeconds(1)));
        assertEquals("orders  ok  1,016 rows (1,012 changed) (3 deleted) in 1.5 s\n", out.toString(StandardCharsets.UTF_8));
    }

    @Test
    void atATerminalAProgressLineThatIsWipedWhenTheTableEnds() {
        ConsoleReport report = report(true);
        report.tableStarted("orders");
        clock.now = clock.now.plusSeconds(2);
        report.progress("orders", 10_000);
        clock.now = clock.now.plusMillis(100);
        report.progress("orders", 11_000); // too soon after the last line: skipped
        clock.now = clock.now.plusSeconds(2);
        report.progress("orders", 40_000);
        report.tableFinished(ok("orders", 40_000));
        report.summary(new RunReport(List.of(ok("orders", 40_000)), Duration.ofSeconds(4)));

        String progress = err.toString(StandardCharsets.UTF_8);
        String last = "orders: 40,000 rows (9,756 rows/s)";
        assertEquals("\rorders: 10,000 rows (5,000 rows/s)" + "\r" + last + "\r" + " ".repeat(last.length()) + "\r",
                progress);
        assertFalse(progress.contains("\033"), "no escape codes");
        assertEquals("orders  ok  40,000 rows in 1.5 s\n", out.toString(StandardCharsets.UTF_8));
    }

    @Test
    void notAtATerminalNothingAtAll() {
        ConsoleReport report = report(false);
        report.tableStarted("orders");
        clock.now = clock.now.plusSeconds(2);
        report.progress("orders", 10_000);
        report.tableFinished(ok("orders", 10_000));
        report.summary(new RunReport(List.of(ok("orders", 10_000)), Duration.ofSeconds(2)));
        assertEquals("", out.toString(StandardCharsets.UTF_8) + err.toString(StandardCharsets.UTF_8));
    }

    @Test
    void quietAtATerminalNothingEither() {
        ConsoleReport report = report(true, "-q");
        report.tableStarted("orders");
        clock.now = clock.now.plusSeconds(2);
        report.progress("orders", 10_000);
        report.summary(new RunReport(List.of(ok("orders", 10_000)), Duration.ofSeconds(2)));
        assertEquals("", out.toString(StandardCharsets.UTF_8) + err.toString(StandardCharsets.UTF_8));
    }

    @Test
    void aRunWithNothingDueSaysSoAtATerminal() {
        report(true).summary(new RunReport(List.of(), Duration.ZERO));
        assertTrue(out.toString(StandardCharsets.UTF_8).startsWith("nothing due"));
    }

    @Test
    void aFirstSyncWithAnEstimateShowsHowFarAlongItIsAndAboutHowLongIsLeft() {
        ConsoleReport report = report(true);
        assertTrue(report.wantsRowEstimates());
        assertFalse(report(false).wantsRowEstimates(), "off a terminal nobody watches: no statistics query");
        assertFalse(report(true, "-q").wantsRowEstimates());
        report.tableStarted("orders");
        report.expectedRows("orders", 10_000);
        clock.now = clock.now.plusSeconds(2);
        report.progress("orders", 2_000);
        String line = err.toString(StandardCharsets.UTF_8);
        assertTrue(line.contains("orders: 2,000 of 10,000 rows (20%, 1,000 rows/s, about 8 s left)"), line);
        report.tableStarted("customers");
        clock.now = clock.now.plusSeconds(2);
        report.progress("customers", 500);
        assertTrue(err.toString(StandardCharsets.UTF_8).contains("customers: 500 rows (250 rows/s)"),
                "the estimate belongs to its table only");
    }
}
