package dev.replicate.cli;

import dev.replicate.cli.command.DemoCommand;
import dev.replicate.cli.command.ReflectCommand;
import dev.replicate.cli.command.ResetCommand;
import dev.replicate.cli.command.VerifyCommand;
import dev.replicate.cli.command.RunCommand;
import dev.replicate.cli.command.StatusCommand;
import dev.replicate.cli.command.ValidateConfigCommand;
import dev.replicate.cli.help.HelpSections;
import dev.replicate.cli.help.HelpText;
import dev.replicate.cli.help.VersionProvider;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

@Command(name = "replicate",
        mixinStandardHelpOptions = true,
        versionProvider = VersionProvider.class,
        description = {
            "Keeps a local SQLite file in step with tables in PostgreSQL and MySQL databases.",
            "Each call does one pass over the tables that are due and exits; run it from cron."},
        exitCodeListHeading = HelpText.EXIT_CODE_HEADING,
        exitCodeList = {
            "0:success",
            "1:a table failed (run), or a table's last run failed (status); a table differs from its source (verify);"
                    + " a source or table cannot be used (validate-config --connect, reflect); a step failed (demo)",
            HelpText.EXIT_USAGE_TOP,
            HelpText.EXIT_SOFTWARE,
            "74:the SQLite file cannot be opened, read or written; or the output cannot be written to stdout (full disk, closed)",
            "75:another run holds the lock on the SQLite file",
            HelpText.EXIT_SIGNAL + " (run, verify)"})
@HelpSections(
        environment = {
            HelpText.ENV_CONFIG,
            HelpText.ENV_DB,
            HelpText.ENV_CLASSPATH,
            HelpText.ENV_NO_COLOR,
            "JAVA_HOME, JAVA_OPTS:the Java that bin/replicate starts, and options for it; no Java 17 or newer there"
                    + " or on the PATH is exit status 2, before anything runs",
            "JAVA_TOOL_OPTIONS, JDK_JAVA_OPTIONS, _JAVA_OPTIONS:Java's own option variables: bin/replicate reads them,"
                    + " split as Java splits them and in Java's order (_JAVA_OPTIONS after JAVA_OPTS), and unsets them, so"
                    + " Java prints no \"Picked up\" line; an agent among them keeps the start-up archive off; an @argfile in"
                    + " JAVA_TOOL_OPTIONS or _JAVA_OPTIONS is exit status 2, as the JVM refuses one there (java reads one"
                    + " in JAVA_OPTS and JDK_JAVA_OPTIONS), unless -XX:+IgnoreUnrecognizedVMOptions is among the options"
                    + " (or in an @argfile or -XX:VMOptionsFile java reads for them; not in a -XX:Flags file), when it"
                    + " is left out as the JVM leaves it out; a second -XX:VMOptionsFile from one of JAVA_TOOL_OPTIONS,"
                    + " the command line (JDK_JAVA_OPTIONS, JAVA_OPTS, their @argfiles) or _JAVA_OPTIONS is exit status 2,"
                    + " as the JVM refuses it",
            "XDG_CACHE_HOME:where bin/replicate keeps its start-up files, in replicate/ (~/.cache when not set)",
            "REPLICATE_CDS:0 keeps bin/replicate from recording and using its start-up archive (class data)"},
        files = {
            HelpText.FILE_CONFIG,
            HelpText.FILE_DB,
            HelpText.FILE_LOCK,
            HelpText.FILE_WAL,
            "lib/ext/*.jar:beside the installation (REPLICATE_HOME): more source types, loaded like REPLICATE_CLASSPATH",
            // What a purge of the .deb leaves (README, Install): said where a user looks after one.
            // The demo's programs go here whatever the install (DemoPrograms); only the launcher's files go elsewhere.
            "~/.cache/replicate/:bin/replicate's start-up files (class-data archives, SQLite's native library), one folder"
                    + " per install (an unpacked archive the user can write keeps them in cache/ beside its lib/ instead, a"
                    + " clone in target/); and the demo's PostgreSQL programs (replicate-demo(1)), always here, whatever the"
                    + " install. $XDG_CACHE_HOME/replicate/ when XDG_CACHE_HOME is set. Removing the package leaves them:"
                    + " delete them by hand"},
        examples = {
            "replicate demo  # try it on a throw-away PostgreSQL",
            "replicate validate-config --config replicate.json",
            "replicate run --config replicate.json --db replica.db",
            "replicate status --config replicate.json",
            "* * * * * cd /srv/replica && replicate run --config replicate.json  # crontab: every minute"})
public final class ReplicateCommand implements Callable<Integer> {
    /**
     * The subcommands, by name, in the order help lists them. Registered by {@link Main#commandLine}
     * rather than in {@code @Command(subcommands=...)}, so that a start builds only the one it runs.
     */
    static final Map<String, Class<?>> SUBCOMMANDS = subcommands();

    private static Map<String, Class<?>> subcommands() {
        Map<String, Class<?>> subcommands = new LinkedHashMap<>();
        subcommands.put("run", RunCommand.class);
        subcommands.put("status", StatusCommand.class);
        subcommands.put("validate-config", ValidateConfigCommand.class);
        subcommands.put("reflect", ReflectCommand.class);
        subcommands.put("reset", ResetCommand.class);
        subcommands.put("verify", VerifyCommand.class);
        subcommands.put("demo", DemoCommand.class);
        subcommands.put("help", CommandLine.HelpCommand.class);
        return subcommands;
    }

    private final Context context;

    @Spec
    CommandSpec spec;

    public ReplicateCommand(Context context) {
        this.context = context;
    }

    public Context context() {
        return context;
    }

    @Override
    public Integer call() {
        spec.commandLine().usage(context.err());
        return ExitStatus.USAGE;
    }
}
