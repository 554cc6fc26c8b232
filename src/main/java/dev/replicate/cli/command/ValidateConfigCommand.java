package dev.replicate.cli.command;

import dev.replicate.cli.CommonOptions;
import dev.replicate.cli.Context;
import dev.replicate.cli.ExitStatus;
import dev.replicate.cli.ReplicateCommand;
import dev.replicate.cli.console.Style;
import dev.replicate.cli.help.HelpSections;
import dev.replicate.cli.help.HelpText;
import dev.replicate.cli.help.VersionProvider;
import dev.replicate.config.ReplicationConfig;
import dev.replicate.log.Counted;
import dev.replicate.sync.SourceInspector;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

@Command(name = "validate-config",
        description = {"Checks the configuration and reports every problem, each with its JSON path.",
            "Offline by default; --connect also checks each source and table."},
        sortOptions = false,
        mixinStandardHelpOptions = true,
        versionProvider = VersionProvider.class,
        exitCodeListHeading = HelpText.EXIT_CODE_HEADING,
        exitCodeList = {
            "0:the configuration is valid (and, with --connect, every table is reachable)",
            "1:with --connect: a source or table cannot be reached or used",
            "2:the configuration is invalid, or usage error",
            HelpText.EXIT_SOFTWARE,
            "74:what it printed could not be written to stdout (a full disk, stdout closed)"})
@HelpSections(
        environment = {HelpText.ENV_CONFIG, HelpText.ENV_CLASSPATH, HelpText.ENV_NO_COLOR,
            "any ${VAR} in the configuration:interpolated; an unset or empty one without a default is reported"},
        files = {HelpText.FILE_CONFIG},
        examples = {
            "replicate validate-config --config replicate.json",
            "REPLICATION_CONFIG_JSON=\"$(cat replicate.json)\" replicate validate-config --connect"})
public final class ValidateConfigCommand implements Callable<Integer> {
    @ParentCommand
    ReplicateCommand parent;

    @Mixin
    CommonOptions options;

    @Option(names = "--connect", description = "Also connect to each source and check each table, its watermark, key"
            + " and selected columns, and run each \"where\" and each \"query\" without reading rows.")
    boolean connect;

    @Override
    public Integer call() {
        Context context = parent.context();
        ReplicationConfig config = context.loadConfig(options);
        int tables = config.allTables().size();
        if (!connect) {
            if (options.verbosity() >= 0) {
                context.out().printf(Locale.ROOT, "%s: valid (%s, %s)%n", config.origin(),
                        Counted.of(config.sources().size(), "source"), Counted.of(tables, "table"));
            }
            return ExitStatus.OK;
        }
        List<SourceInspector.Inspection> results = new SourceInspector(context.registry()).inspect(config, t -> true);
        Style style = new Style(context.environment().colour());
        for (SourceInspector.Inspection result : results) {
            if (result.ok()) {
                if (options.verbosity() >= 0) {
                    context.out().println(style.green("ok") + "      " + result.table().target() + " <- "
                            + result.source().name() + " " + result.table().name());
                }
            } else {
                context.err().println(style.red("failed") + "  " + result.table().target() + " <- " + result.source().name()
                        + " " + result.table().name() + ": " + result.problem().orElseThrow());
            }
        }
        return results.stream().allMatch(SourceInspector.Inspection::ok) ? ExitStatus.OK : ExitStatus.TABLE_FAILED;
    }
}
