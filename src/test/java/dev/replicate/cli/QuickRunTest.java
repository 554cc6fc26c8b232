package dev.replicate.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintStream;
import java.io.ByteArrayOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * Main reads a plain {@code run} without picocli (QuickRun, for start-up time). These tests hold that
 * reading to picocli's: whatever arguments it takes, picocli takes too and reads alike; whatever
 * picocli refuses or answers itself (help, version), it leaves to picocli.
 */
class QuickRunTest {
    /** Tokens a cron line or a hostile user might give, the troublesome ones included. */
    private static final List<String> TOKENS = List.of("--force", "--config", "c.json", "--config=c2.json",
            "--db", "r.db", "--db=x=y.db", "-q", "--quiet", "-v", "--verbose", "-vv", "-vq", "--log-file", "l.log",
            "--log-file=", "--metrics-file=m.prom", "--metrics-file", "orders", "--", "@args.txt", "--config=", "-",
            "--force=true", "--quiet=false", "--allow-mass-delete", "--allow-mass-delete=orders", "--help", "-h",
            "-V", "--version", "--unknown", "x y.db", "-x", "", "run", "--config=-c.json", "--db=@r.db", "a\u0000b");

    @Test
    void theCommonCronLinesAreReadWithoutPicocliAndAsPicocliReadsThem() {
        for (String[] args : List.of(
                new String[] {"run"},
                new String[] {"run", "--config", "/etc/replicate.json", "--db", "/var/lib/replica.db"},
                new String[] {"run", "--force", "--config=replicate.json", "-q"},
                new String[] {"run", "-v", "--verbose", "-v", "--log-file", "run.log", "--metrics-file", "m.prom"},
                new String[] {"run", "--db", "with space.db", "--config", "a=b.json"})) {
            assertTrue(QuickRun.parse(args).isPresent(), Arrays.toString(args));
            assertReadAlike(args);
        }
    }

    @Test
    void whatPicocliMustAnswerOrRefuseIsLeftToIt() {
        for (String[] args : List.of(
                new String[] {"run", "--help"}, new String[] {"run", "-h"}, new String[] {"run", "--version"},
                new String[] {"run", "orders"}, new String[] {"run", "--allow-mass-delete", "orders"},
                new String[] {"run", "--config", "a.json", "--config", "b.json"}, new String[] {"run", "-q", "--quiet"},
                new String[] {"run", "--config"}, new String[] {"run", "--config="}, new String[] {"run", "-vv"},
                new String[] {"run", "--db", "--force"}, new String[] {"run", "@args.txt"}, new String[] {"run", "--"},
                new String[] {"run", "--force=true"}, new String[] {"status"}, new String[] {"--version"},
                new String[] {"run", "--config", "a\u0000b"}, new String[0])) {
            assertFalse(QuickRun.parse(args).isPresent(), Arrays.toString(args));
        }
    }

    /** Many random command lines: each one QuickRun takes, picocli takes too and reads alike. */
    @Test
    void randomCommandLinesItTakesArePicoclisReadingToo() {
        Random random = new Random(20261206);
        int taken = 0;
        for (int n = 0; n < 20_000; n++) {
            List<String> args = new ArrayList<>(List.of("run"));
            int length = random.nextInt(7);
            for (int i = 0; i < length; i++) {
                args.add(TOKENS.get(random.nextInt(TOKENS.size())));
            }
            String[] array = args.toArray(String[]::new);
            if (QuickRun.parse(array).isPresent()) {
                taken++;
                assertReadAlike(array);
            }
        }
        assertTrue(taken > 1_000, "only " + taken + " of the random lines were taken: the test says little");
    }

    /** picocli reads otherwise when told to by a system property (trimQuotes: "q.json" is q.json): it reads then. */
    @Test
    void aPicocliSettingLeavesEveryLineToPicocli() {
        System.setProperty("picocli.trimQuotes", "true");
        try {
            assertFalse(QuickRun.parse("run", "--config", "\"q.json\"").isPresent());
            assertFalse(QuickRun.parse("run").isPresent());
        } finally {
            System.clearProperty("picocli.trimQuotes");
        }
        assertTrue(QuickRun.parse("run", "--config", "\"q.json\"").isPresent());
    }

    @Test
    void itCanBeTurnedOff() {
        System.setProperty(QuickRun.SWITCH, "false");
        try {
            assertFalse(QuickRun.parse("run", "--config", "c.json").isPresent());
        } finally {
            System.clearProperty(QuickRun.SWITCH);
        }
        assertTrue(QuickRun.parse("run", "--config", "c.json").isPresent());
    }

    /**
     * The same run read both ways fails alike: the same status, the same words, the same metrics. A
     * source nothing listens on fails its table (1); a configuration file that is not there, or a log
     * file's folder, is a usage error (2) with its message; a SQLite file's folder that is not there, 74.
     */
    @Test
    void aRunReadEitherWayEndsAlike(@TempDir Path dir) throws Exception {
        Path config = dir.resolve("replicate.json");
        Files.writeString(config, """
                [{"source": "postgres", "conn": "postgres://nobody@127.0.0.1:1/none",
                  "tables": [{"name": "t", "watermark": "updated_at", "primaryKey": "id", "target": "t"}]}]
                """);
        int n = 0;
        for (List<String> line : List.of(
                List.of("run", "--config", config.toString(), "--db", "{}/a.db", "--metrics-file", "{}/m.prom"),
                List.of("run", "--config", dir.resolve("missing.json").toString(), "-v"),
                List.of("run", "--config", config.toString(), "--db", "{}/no/such/folder/a.db"),
                List.of("run", "-q", "--config", config.toString(), "--db", "{}/b.db"),
                List.of("run", "--config", config.toString(), "--db", "{}/c.db", "--log-file", "{}/no/such/folder/run.log"))) {
            // Each reading gets files of its own: a failed table is not due again at once.
            Path quickDir = Files.createDirectory(dir.resolve("quick" + n));
            Path picocliDir = Files.createDirectory(dir.resolve("picocli" + n++));
            Cli.Result quick = run(quickDir, in(quickDir, line));
            System.setProperty(QuickRun.SWITCH, "false");
            Cli.Result picocli;
            try {
                picocli = run(picocliDir, in(picocliDir, line));
            } finally {
                System.clearProperty(QuickRun.SWITCH);
            }
            assertEquals(picocli.status(), quick.status(), quick + "\n" + picocli);
            assertEquals(picocli.out(), quick.out());
            assertEquals(normalized(picocli.err(), picocliDir), normalized(quick.err(), quickDir));
            assertEquals(metrics(picocliDir), metrics(quickDir));
        }
    }

    private static String[] in(Path dir, List<String> line) {
        return line.stream().map(arg -> arg.replace("{}", dir.toString())).toArray(String[]::new);
    }

    private static Cli.Result run(Path dir, String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int status;
        try (PrintStream o = new PrintStream(out, true); PrintStream e = new PrintStream(err, true)) {
            status = Main.run(o, e, Cli.cron(dir), Clock.systemUTC(), args);
        }
        return new Cli.Result(status, out.toString(), err.toString());
    }

    /** The metrics file's lines without their times and durations, which differ between two runs. */
    private static String metrics(Path dir) throws Exception {
        Path file = dir.resolve("m.prom");
        if (!Files.exists(file)) {
            return "";
        }
        return Files.readAllLines(file).stream().filter(line -> !line.contains("seconds") && !line.contains("timestamp"))
                .reduce("", (a, b) -> a + b + "\n");
    }

    /** Log lines carry times and durations, and name the run's own files. */
    private static String normalized(String err, Path dir) {
        return err.replace(dir.toString(), "DIR").replaceAll("\\d+(\\.\\d+)? ?(ms|s)\\b", "T").replaceAll("\\d{4}-\\d\\d-\\d\\d[ T][\\d:.]+", "T");
    }

    /** QuickRun's reading of the arguments against picocli's own, option by option. */
    private static void assertReadAlike(String... args) {
        QuickRun quick = QuickRun.parse(args).orElseThrow();
        CommandLine commandLine = Main.commandLine(new Context(System.out, System.err,
                Cli.cron(Path.of("").toAbsolutePath()), Clock.systemUTC()), "run");
        CommandLine.ParseResult parsed = commandLine.parseArgs(args).subcommand();
        String line = Arrays.toString(args);
        assertFalse(parsed.isUsageHelpRequested() || parsed.isVersionHelpRequested(), line);
        assertEquals(parsed.matchedOptionValue("--config", null), quick.options().config, line);
        assertEquals(parsed.matchedOptionValue("--db", null), quick.options().database, line);
        assertEquals(parsed.matchedOptionValue("--log-file", null), quick.options().logFile, line);
        assertEquals(parsed.matchedOptionValue("--metrics-file", null), quick.metricsFile(), line);
        assertEquals(parsed.matchedOptionValue("--force", false), quick.force(), line);
        assertEquals(parsed.matchedOptionValue("--quiet", false), quick.options().quiet, line);
        assertArrayEquals(parsed.matchedOptionValue("--verbose", new boolean[0]), quick.options().verbose, line);
        assertEquals(List.of(), parsed.matchedPositionals().stream().flatMap(p -> p.stringValues().stream()).toList(), line);
        assertEquals(Optional.empty(), Optional.ofNullable(parsed.matchedOption("--allow-mass-delete")), line);
    }
}
