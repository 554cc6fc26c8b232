package dev.replicate.cli;

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
        subcommands = {RunCommand.class, StatusCommand.class, ValidateConfigCommand.class, ReflectCommand.class,
            ResetCommand.class, CommandLine.HelpCommand.class},
        footerHeading = "%nExamples:%n",
        footer = {
            "  replicate validate-config --config replicate.json",
            "  replicate run --config replicate.json --db replica.db",
            "  * * * * * cd /srv/replica && replicate run --config replicate.json   (crontab)",
            "",
            "Environment: REPLICATION_CONFIG_JSON (the configuration, when --config is not given),",
            "REPLICATE_DB (the SQLite file), REPLICATE_CLASSPATH (jars with more source types),",
            "NO_COLOR (no colour at the terminal).",
            "",
            "Exit statuses: 0 ok, 1 a table failed, 2 usage or configuration error, 70 internal error,",
            "74 the SQLite file cannot be used, 75 another run holds the lock."})
public final class ReplicateCommand implements Callable<Integer> {
    private final Context context;

    @Spec
    CommandSpec spec;

    public ReplicateCommand(Context context) {
        this.context = context;
    }

    Context context() {
        return context;
    }

    @Override
    public Integer call() {
        spec.commandLine().usage(context.err());
        return ExitStatus.USAGE;
    }
}
