package dev.replicate.cli;

import dev.replicate.cli.command.RunCommand;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Optional;
import java.util.Set;

/**
 * The command line cron gives every minute, {@code run} with the common options only, read without
 * picocli. Measured (BENCHMARKS.md, the thirteenth session): building picocli's model of the command
 * by reflection over its annotations, and parsing through it, cost a 1,000-row incremental run about
 * 0.11 s of CPU of 0.8-0.9 s, and an idle run as much of 0.6 s, on every call; a run that finds
 * nothing to do is mostly that. The command itself ({@link RunCommand#call}), its logging and its
 * failures are picocli's path's own ({@link Main}); only the reading of the arguments differs.
 *
 * <p>It takes what it can read exactly as picocli reads it, and declines everything else, which
 * then goes to picocli as before: help and version requests, positional targets,
 * {@code --allow-mass-delete}, an option given twice (picocli refuses it), an option value that is
 * empty or starts with {@code -} or {@code @}, any {@code @file} argument (picocli expands those), {@code --},
 * clustered short options, and every line when a {@code picocli.*} system property changes how picocli
 * reads. QuickRunTest holds it to picocli's reading of the same arguments.
 * {@code -Dreplicate.cli.quickRun=false} turns it off.
 */
final class QuickRun {
    static final String SWITCH = "replicate.cli.quickRun";

    private final CommonOptions options = new CommonOptions();
    private boolean force;
    private Path metricsFile;
    private int verbose;

    private QuickRun() {
    }

    /** The arguments read as picocli would read them for {@code run}; empty where picocli must read them. */
    static Optional<QuickRun> parse(String... args) {
        if (args.length == 0 || !args[0].equals("run") || "false".equals(System.getProperty(SWITCH))
                || picocliSettings()) {
            return Optional.empty();
        }
        QuickRun quick = new QuickRun();
        Set<String> given = new HashSet<>();
        for (int i = 1; i < args.length; i++) {
            String arg = args[i];
            int equals = arg.indexOf('=');
            String name = arg.startsWith("--") && equals > 0 ? arg.substring(0, equals) : arg;
            String value = null;
            if (name.equals("--config") || name.equals("--db") || name.equals("--log-file")
                    || name.equals("--metrics-file")) {
                if (equals > 0 && name.length() == equals) {
                    value = arg.substring(equals + 1);
                } else if (i + 1 < args.length) {
                    value = args[++i];
                }
                if (value == null || value.isEmpty() || value.startsWith("-") || value.startsWith("@")) {
                    return Optional.empty();
                }
            } else if (name.length() != arg.length()) {
                return Optional.empty();   // --force=true, --quiet=..., -v=...: picocli's to judge
            }
            if (!name.equals("-v") && !name.equals("--verbose") && !given.add(canonical(name))) {
                return Optional.empty();   // given twice: picocli's error
            }
            try {
                switch (name) {
                    case "--config" -> quick.options.config = Path.of(value);
                    case "--db" -> quick.options.database = Path.of(value);
                    case "--log-file" -> quick.options.logFile = Path.of(value);
                    case "--metrics-file" -> quick.metricsFile = Path.of(value);
                    case "--force" -> quick.force = true;
                    case "-q", "--quiet" -> quick.options.quiet = true;
                    case "-v", "--verbose" -> quick.verbose++;
                    default -> {
                        return Optional.empty();
                    }
                }
            } catch (InvalidPathException e) {
                return Optional.empty();   // picocli's usage error names the option
            }
        }
        quick.options.verbose = new boolean[quick.verbose];
        java.util.Arrays.fill(quick.options.verbose, true);
        return Optional.of(quick);
    }

    /**
     * Whether a system property tells picocli how to read (picocli.trimQuotes, picocli.useSimplifiedAtFiles,
     * picocli.endofoptions...): then only picocli reads as the user asked (review: with trimQuotes a quoted
     * --config value was read with its quotes).
     */
    private static boolean picocliSettings() {
        for (Object name : System.getProperties().keySet()) {
            if (name instanceof String text && text.startsWith("picocli.")) {
                return true;
            }
        }
        return false;
    }

    private static String canonical(String name) {
        return name.equals("-q") ? "--quiet" : name;
    }

    /** Runs the command as picocli's path does: logging from the options, then the command, failures handled alike. */
    int execute(Context context, Main.FailureHandler failures) {
        try {
            context.startLogging(options);
            return RunCommand.read(new ReplicateCommand(context), options, force, metricsFile).call();
        } catch (Exception | Error e) {
            // Errors too, as Main's picocli path hands them to the handler.
            return failures.handle(e);
        }
    }

    // What the tests compare with picocli's reading.

    CommonOptions options() {
        return options;
    }

    boolean force() {
        return force;
    }

    Path metricsFile() {
        return metricsFile;
    }
}
