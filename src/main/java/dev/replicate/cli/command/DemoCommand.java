package dev.replicate.cli.command;

import dev.replicate.cli.Context;
import dev.replicate.cli.Environment;
import dev.replicate.cli.ExitStatus;
import dev.replicate.cli.Main;
import dev.replicate.cli.ReplicateCommand;
import dev.replicate.cli.ReplicateException;
import dev.replicate.cli.help.HelpSections;
import dev.replicate.cli.help.HelpText;
import dev.replicate.cli.help.VersionProvider;
import dev.replicate.demo.Demo;
import dev.replicate.demo.DemoException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

@Command(name = "demo",
        description = {"Shows replicate at work on a throw-away PostgreSQL; never touches your own databases.",
            "Starts an embedded PostgreSQL, creates a small shop (customers and orders with updated_at, append-only"
                + " events without a primary key), writes a configuration, runs, changes rows at the source, runs"
                + " again and shows the status. Keeps the SQLite file for you to look into."},
        sortOptions = false,
        mixinStandardHelpOptions = true,
        versionProvider = VersionProvider.class,
        exitCodeListHeading = HelpText.EXIT_CODE_HEADING,
        exitCodeList = {
            "0:the demo ran, and the SQLite file matches the source",
            "1:a step failed (the message says which); the files are left for a look",
            "2:usage error, or the folder holds a demo.db or replicate.json that the demo did not make",
            HelpText.EXIT_SOFTWARE,
            "74:what it printed could not be written to stdout (a full disk, stdout closed)"})
@HelpSections(
        environment = {HelpText.ENV_NO_COLOR,
            "REPLICATE_DB, REPLICATION_CONFIG_JSON:ignored: the demo uses only its own files"},
        files = {
            "replicate-demo/replicate.json:the configuration the demo writes",
            "replicate-demo/demo.db:the SQLite file, kept after the demo",
            "replicate-demo/.replicate-demo:marks the folder as the demo's, so a later demo may replace its files",
            "/tmp/replicate-demo-postgres*:the embedded PostgreSQL's data (in java.io.tmpdir), deleted when the demo ends",
            "~/.cache/replicate/demo-postgres/:the PostgreSQL programs (in $XDG_CACHE_HOME/replicate/ when that is set),"
                + " unpacked from a Maven jar on the first demo and reused; only the user can enter it. Without a cache"
                + " folder of the user's own (no HOME; another user's HOME or XDG_CACHE_HOME, as under sudo -E; a folder"
                + " others can write): a private folder in java.io.tmpdir, deleted when the demo ends"},
        examples = {
            "replicate demo",
            "replicate demo --dir /tmp/try-replicate",
            "sqlite3 replicate-demo/demo.db 'select * from orders limit 5'  # afterwards"})
public final class DemoCommand implements Callable<Integer> {
    /** Variables that would point the demo's runs at the user's own files. */
    private static final List<String> IGNORED = List.of(Context.DB_VARIABLE, "REPLICATION_CONFIG_JSON");

    @ParentCommand
    ReplicateCommand parent;

    @Option(names = "--dir", paramLabel = "DIR", description = "Where to keep the configuration and the SQLite file."
            + " Default: replicate-demo in the current folder.")
    Path dir = Path.of("replicate-demo");

    @Override
    public Integer call() {
        Context context = parent.context();
        Environment environment = context.environment();
        Map<String, String> variables = new HashMap<>(environment.variables());
        IGNORED.forEach(variables::remove);
        Environment inner = new Environment(Map.copyOf(variables), environment.interactive(), environment.workingDir());
        Demo demo = new Demo(environment.resolve(dir.toString()), environment.workingDir(), context.out(),
                args -> Main.run(context.out(), context.err(), inner, context.clock(), args.toArray(String[]::new)),
                environment.interactive());
        try {
            demo.run();
            return ExitStatus.OK;
        } catch (DemoException e) {
            throw new ReplicateException(e.kind() == DemoException.Kind.USAGE ? ExitStatus.USAGE : ExitStatus.TABLE_FAILED,
                    "demo: " + e.getMessage());
        }
    }
}
