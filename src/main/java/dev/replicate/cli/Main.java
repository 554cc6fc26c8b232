package dev.replicate.cli;

import dev.replicate.cli.help.HelpSectionRenderer;
import dev.replicate.cli.help.HelpText;
import dev.replicate.cli.logging.CliWriter;
import dev.replicate.cli.startup.ArchivePreloader;
import dev.replicate.cli.startup.StaleArchive;
import dev.replicate.log.Log;
import dev.replicate.log.Slf4jGate;
import dev.replicate.sqlite.ReplicaException;
import dev.replicate.sync.OutOfMemory;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import picocli.CommandLine;

/** The entry point. Only {@link #main} exits; everything else returns a status, so tests run the CLI in-process. */
public final class Main {
    private Main() {
    }

    public static void main(String[] args) {
        Log.oneCommandProcess();
        Slf4jGate.pin();
        int status = run(System.out, System.err, Environment.current(), Clock.systemUTC(), true, args);
        ArchivePreloader.commandFinished(Main.class.getClassLoader());
        StaleArchive.checkAtExit();
        System.exit(status);
    }

    public static int run(PrintStream out, PrintStream err, String... args) {
        return run(out, err, Environment.current(), args);
    }

    public static int run(PrintStream out, PrintStream err, Environment environment, String... args) {
        return run(out, err, environment, Clock.systemUTC(), args);
    }

    public static int run(PrintStream out, PrintStream err, Environment environment, Clock clock, String... args) {
        return run(out, err, environment, clock, false, args);
    }

    /**
     * {@code standardOutput}: out is the process's stdout, whose lost output makes a succeeding command
     * exit 74 ({@link StandardOutputCheck}); checked before the log file closes, so that it says so too.
     */
    private static int run(PrintStream out, PrintStream err, Environment environment, Clock clock,
                           boolean standardOutput, String... args) {
        Context context = new Context(out, err, environment, clock);
        // One handler for every command: the message for stderr, and the status from ExitStatus.of.
        FailureHandler failures = new FailureHandler(err, context);
        Optional<QuickRun> quick = QuickRun.parse(args);
        if (quick.isPresent()) {
            try {
                return outputChecked(context, out, err, standardOutput, quick.get().execute(context, failures));
            } finally {
                CliWriter.unroute();
                out.flush();
                err.flush();
            }
        }
        CommandLine commandLine = commandLine(context, invokedSubcommand(args));
        commandLine.setOut(new PrintWriter(out, true));
        commandLine.setErr(new PrintWriter(err, true));
        commandLine.setExecutionExceptionHandler(failures);
        commandLine.setExitCodeExceptionMapper(failures);
        commandLine.setExecutionStrategy(new StartLogging(context));
        try {
            int status;
            try {
                status = commandLine.execute(args);
            } catch (Error e) {
                // picocli hands the handler a command's exceptions only; a JVM Error went past it.
                status = failures.handle(e);
            }
            return outputChecked(context, out, err, standardOutput, status);
        } finally {
            CliWriter.unroute();
            out.flush();
            err.flush();
        }
    }

    private static int outputChecked(Context context, PrintStream out, PrintStream err, boolean standardOutput, int status) {
        if (!standardOutput) {
            return status;
        }
        out.flush();
        int checked = StandardOutputCheck.checked(out, err, status);
        if (checked != status && context.logFileCleared()) {
            // Else the log's last word on this run was its summary ("0 failed") while it exited 74.
            CliWriter.failureToLogFile(StandardOutputCheck.LOST);
        }
        return checked;
    }

    /**
     * Installs logging once for whichever command runs, from its {@link CommonOptions} (verbosity,
     * --quiet, --log-file), before the command's own code: the commands never set it up themselves
     * (picocli's logging_mixin_advanced). Help and version requests are answered first, so
     * {@code run --help} needs no log file. A record rather than a lambda, for the class-data archive
     * (see {@link FailureHandler}).
     */
    record StartLogging(Context context) implements CommandLine.IExecutionStrategy {
        @Override
        public int execute(CommandLine.ParseResult parseResult) {
            Integer helpShown = CommandLine.executeHelpRequest(parseResult);
            if (helpShown != null) {
                return helpShown;
            }
            CommandLine.ParseResult invoked = parseResult;
            while (invoked.hasSubcommand()) {
                invoked = invoked.subcommand();
            }
            for (CommandLine.Model.CommandSpec mixin : invoked.commandSpec().mixins().values()) {
                if (mixin.userObject() instanceof CommonOptions options) {
                    try {
                        context.startLogging(options);
                    } catch (ReplicateException e) {
                        // Outside a command's call(), picocli would let it escape execute(): hand it to
                        // the one failure handler as a command's own failure.
                        throw new CommandLine.ExecutionException(invoked.commandSpec().commandLine(), e.getMessage(), e);
                    }
                }
            }
            return new CommandLine.RunLast().execute(parseResult);
        }
    }

    /**
     * Turns what a command throws into its message and exit status (picocli's exit-code exception
     * mapper, {@link ExitStatus#of}). A class rather than a lambda: picocli's interfaces are compiled
     * for Java 5, and a lambda implementing one kept the interface out of the class-data archive (see
     * HelpSectionRenderer.Section).
     */
    record FailureHandler(PrintStream err, Context context)
            implements CommandLine.IExecutionExceptionHandler, CommandLine.IExitCodeExceptionMapper {
        @Override
        public int getExitCode(Throwable exception) {
            // picocli asks the mapper about command lines it cannot parse too (its default parameter
            // exception handler): those stay the usage error they were before a mapper was installed.
            return exception instanceof CommandLine.ParameterException ? ExitStatus.USAGE : ExitStatus.of(exception);
        }

        @Override
        public int handleExecutionException(Exception exception, CommandLine cmd, CommandLine.ParseResult parseResult) {
            return handle(exception);
        }

        /**
         * Says what a command's failure was, on stderr, and gives its exit status. A JVM Error too: 70, as
         * run's metrics file records it, and what followed from it said after it (a metrics file refused); it
         * used to end the process on a bare stack trace, status 1, with those never said. An OutOfMemoryError
         * outside a table's work is said as a table's is (OutOfMemory: the heap to give, or the memory that is
         * not the heap's), not as a bug; another (a StackOverflowError) is an internal error to report.
         */
        int handle(Throwable exception) {
            if (exception instanceof ReplicateException failure) {
                // The verbosity as picocli parsed it: -v, -vv, -v -v and --verbose alike.
                if (!failure.silent() || context.verbosity() > 0) {
                    err.println("replicate: " + context.secrets().mask(failure.getMessage()));
                }
            } else if (exception instanceof ReplicaException) {
                // The SQLite file's own words (missing folder, read-only, not a database): not a bug.
                err.println("replicate: " + context.secrets().mask(exception.getMessage()));
            }
            // The README's "a line per run" in --log-file: the failures of the SQLite file, the run's
            // own, too; not before the log file is known not to be the SQLite file (a configuration error).
            if (context.logFileCleared() && getExitCode(exception) == ExitStatus.REPLICA_ERROR) {
                CliWriter.failureToLogFile(exception.getMessage());
            } else if (context.logFileCleared() && getExitCode(exception) == ExitStatus.SOFTWARE) {
                // One line per entry: an exception's message may hold line breaks.
                CliWriter.failureToLogFile(internal(exception).replaceAll("\\s*\\R\\s*", " "));
            }
            if (!(exception instanceof ReplicateException) && !(exception instanceof ReplicaException)) {
                err.println("replicate: " + context.secrets().mask(internal(exception)));
                if (OutOfMemory.cause(exception).isEmpty()) {
                    err.println("Please report it with the output of the same command run with -vv.");
                }
                if (context.verbosity() >= 2) {
                    exception.printStackTrace(err);
                }
            }
            context.saidAfterFailure().forEach(message -> err.println("replicate: " + context.secrets().mask(message)));
            return getExitCode(exception);
        }

        /**
         * What a failure that is no command's own is said as: an OutOfMemoryError as a table's is, less what a
         * table needs (OutOfMemory: the heap to give, or the memory that is not the heap's), not a bug (the
         * README's promise); anything else an internal error.
         */
        private static String internal(Throwable exception) {
            Optional<OutOfMemoryError> memory = OutOfMemory.cause(exception);
            return memory.isPresent() ? OutOfMemory.explainedOutsideTables(memory.get())
                    : "internal error: " + exception;
        }
    }

    /** The whole command tree, with its help sections installed: what help, completion and man pages describe. */
    static CommandLine commandLine(Context context) {
        return commandLine(context, null);
    }

    /**
     * The command tree for one call. When the arguments name a subcommand other than {@code help},
     * the tree holds only that one: picocli builds each command's model by reflection over its
     * annotations on every start, and building the six a call does not run was start-up time spent
     * for nothing (BENCHMARKS.md). Anything else (no subcommand, an unknown one, help) gets the whole
     * tree, so usage, suggestions and help read as they always did.
     */
    static CommandLine commandLine(Context context, String invoked) {
        CommandLine commandLine = new CommandLine(new ReplicateCommand(context));
        commandLine.setCaseInsensitiveEnumValuesAllowed(true);
        Class<?> only = "help".equals(invoked) ? null : ReplicateCommand.SUBCOMMANDS.get(invoked);
        ReplicateCommand.SUBCOMMANDS.forEach((name, type) -> {
            if (only == null || only == type) {
                commandLine.addSubcommand(name, type);
            }
        });
        CommandLine help = commandLine.getSubcommands().get("help");
        if (help != null) {
            // picocli's own help command cannot be annotated; give it the exit statuses every command documents.
            Map<String, String> helpStatuses = new LinkedHashMap<>();
            helpStatuses.put("0", "the help was shown");
            helpStatuses.put("2", "no such command");
            help.getCommandSpec().usageMessage()
                    .exitCodeListHeading(HelpText.EXIT_CODE_HEADING).exitCodeList(helpStatuses);
        }
        HelpSectionRenderer.install(commandLine);
        return commandLine;
    }

    /**
     * The subcommand the arguments name: the first argument. The top-level command's only options are
     * --help and --version, so an option first means help, the version or a usage error, which all
     * get the whole tree (null).
     */
    static String invokedSubcommand(String... args) {
        return args.length == 0 || args[0].startsWith("-") ? null : args[0];
    }

    /**
     * The command tree for generating documentation (shell completion, man pages): nothing in it runs,
     * so its context is never used.
     */
    public static CommandLine model() {
        return commandLine(new Context(System.out, System.err,
                new Environment(Map.of(), false, Path.of("").toAbsolutePath()), Clock.systemUTC()));
    }
}
