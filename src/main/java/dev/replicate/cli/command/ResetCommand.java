package dev.replicate.cli.command;

import dev.replicate.cli.CommonOptions;
import dev.replicate.cli.Context;
import dev.replicate.cli.ExitStatus;
import dev.replicate.cli.ReplicateCommand;
import dev.replicate.cli.ReplicateException;
import dev.replicate.cli.help.HelpSections;
import dev.replicate.cli.help.HelpText;
import dev.replicate.cli.help.VersionProvider;
import dev.replicate.config.ReplicationConfig;
import dev.replicate.config.TableConfig;
import dev.replicate.config.TableMode;
import dev.replicate.sqlite.LockedReplica;
import dev.replicate.sqlite.Replica;
import dev.replicate.sqlite.ReplicaException;
import dev.replicate.sqlite.TableReset;
import dev.replicate.sqlite.StateStore;
import dev.replicate.sqlite.TargetRecord;
import dev.replicate.sqlite.WriteLockWait;
import java.nio.file.Path;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

@Command(name = "reset",
        description = {"Drops replicated tables and forgets their watermarks, so the next run syncs them from the start.",
            "For when a table's key or watermark column changed at the source."},
        mixinStandardHelpOptions = true,
        sortOptions = false,
        versionProvider = VersionProvider.class,
        exitCodeListHeading = HelpText.EXIT_CODE_HEADING,
        exitCodeList = {
            "0:the tables were reset",
            "2:usage or configuration error (such as an unknown target), a table replicate has no record of making, one with indexes or triggers made by hand on it, or a view of yours holding a target's name; nothing was changed",
            HelpText.EXIT_SOFTWARE,
            "74:the SQLite file cannot be opened or written; or what it printed could not be written to stdout (a full disk, stdout closed)",
            "75:a run holds the lock on the SQLite file; try again"})
@HelpSections(
        environment = {HelpText.ENV_CONFIG, HelpText.ENV_DB, HelpText.ENV_CLASSPATH},
        files = {HelpText.FILE_CONFIG, HelpText.FILE_DB, HelpText.FILE_LOCK},
        examples = {
            "replicate reset --config replicate.json orders",
            "replicate reset --config replicate.json orders customers && replicate run --config replicate.json"})
public final class ResetCommand implements Callable<Integer> {
    @ParentCommand
    ReplicateCommand parent;

    @Mixin
    CommonOptions options;

    @Parameters(paramLabel = "TARGET", arity = "1..*", description = "The SQLite tables (configured targets) to reset."
            + " A source table that feeds other targets too leaves those as they are. A target replicate made that the"
            + " configuration no longer has (renamed, or its table taken out) is dropped with its state.")
    List<String> targets;

    @Override
    public Integer call() throws Exception {
        Context context = parent.context();
        ReplicationConfig config = context.loadConfig(options);
        Path database = context.databasePath(options, config);
        try (LockedReplica locked = LockedReplica.open(database).orElseThrow(() -> new ReplicateException(
                ExitStatus.LOCKED, "a run holds the lock on " + database + "; try again"))) {
            Replica replica = locked.replica();
            // The checks read the file before the drops write it: while an application holds the write lock
            // for a moment, SQLite refuses that at once, without the busy timeout's wait. Waited for as a run
            // waits (WriteLockWait), and done again from the file as it then stands; nothing committed before.
            List<String> leftBehind = new ArrayList<>();
            WriteLockWait.run(replica, () -> reset(config, replica, leftBehind));
            if (options.verbosity() >= 0) {
                for (String target : targets) {
                    context.out().println(leftBehind.contains(target)
                            ? target + ": dropped, with its state (it is no longer configured)"
                            : target + ": dropped; the next run syncs it from the start");
                }
            }
        } catch (SQLException e) {
            // The file's trouble (another process's write transaction, a full disk, read-only): its own
            // words, exit 74, not an internal error. Nothing was reset: the transaction never committed.
            if (Replica.isFileLevel(e)) {
                throw new ReplicaException("cannot reset in the SQLite file " + database + ": "
                        + Replica.describe(e, "reset again once it ends") + "; nothing was reset", e);
            }
            throw e;
        }
        return ExitStatus.OK;
    }

    /** Checks every target, then drops them all and commits; a refusal throws before anything is dropped. */
    private void reset(ReplicationConfig config, Replica replica, List<String> leftBehind) throws SQLException {
        leftBehind.clear();
        // Every target is checked before any is dropped, so that a refusal leaves the file as it was.
        List<String> refusals = new ArrayList<>();
        Set<String> configured = Targets.known(config);
        for (String target : targets) {
            if (!configured.contains(target) && !Targets.spelt(configured, target).isEmpty()) {
                // The SQLite table of that name is the configured target's (SQLite's names ignore case).
                throw new ReplicateException(ExitStatus.USAGE, "no configured table has the target \""
                        + target + "\"" + Targets.spelt(configured, target) + " Its SQLite table is that"
                        + " target's, since SQLite's names ignore case: reset that target to drop it; nothing was reset");
            }
            if (!configured.contains(target)) {
                // A target the configuration no longer has (renamed, or its table taken out): its table
                // and state stay in the file, and only reset can take them away, when replicate made them.
                if (!TargetRecord.made(replica, target)
                        || !new StateStore(replica).byTable().containsKey(target)) {
                    throw new ReplicateException(ExitStatus.USAGE, "no configured table has the target \""
                            + target + "\"" + Targets.spelt(configured, target)
                            + ", and the SQLite file holds no table replicate made under that name");
                }
                leftBehind.add(target);
            }
            Optional<TableConfig> entry = config.allTables().stream().filter(table -> table.target().equals(target))
                    .findFirst();
            TableReset.refusal(replica, target, next(entry), entry.map(TableConfig::jsonPath)).ifPresent(refusals::add);
        }
        if (!refusals.isEmpty()) {
            throw new ReplicateException(ExitStatus.USAGE, String.join("\n", refusals)
                    + (targets.size() > 1 ? "\nNothing was reset." : ""));
        }
        for (String target : targets) {
            TableReset.reset(replica, target);
        }
        replica.commit();
    }

    /** What becomes of the target after a reset, by its entry in the configuration (none: no longer configured). */
    private static TableReset.Next next(Optional<TableConfig> entry) {
        if (entry.isEmpty()) {
            return TableReset.Next.NOT_MADE_AGAIN;
        }
        return entry.get().mode() == TableMode.FULL ? TableReset.Next.REWRITTEN_EVERY_RUN : TableReset.Next.SYNCED_AGAIN;
    }
}
