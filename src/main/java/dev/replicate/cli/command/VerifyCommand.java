package dev.replicate.cli.command;

import com.google.gson.GsonBuilder;
import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import com.google.gson.JsonPrimitive;
import dev.replicate.cli.CommonOptions;
import dev.replicate.cli.Context;
import dev.replicate.cli.ExitStatus;
import dev.replicate.cli.ReplicateCommand;
import dev.replicate.cli.ReplicateException;
import dev.replicate.cli.help.HelpSections;
import dev.replicate.cli.help.HelpText;
import dev.replicate.cli.help.VersionProvider;
import dev.replicate.cli.metrics.MetricsFile;
import dev.replicate.cli.metrics.PrometheusText;
import dev.replicate.config.ReplicationConfig;
import dev.replicate.config.TableConfig;
import dev.replicate.sqlite.LockedReplica;
import dev.replicate.sync.TableVerdict;
import dev.replicate.sync.Verifier;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

@Command(name = "verify",
        description = {"Compares each table's replica with its source, by checksums of key ranges, and names the"
                + " rows that differ: missing from the replica, extra in it, or with other values.",
            "Rows the cursor has not passed yet are no difference. Replica rows not at the source are extra when"
                + " the table reconciles or soft-deletes; under deletes \"keep\" they are listed apart, as kept by"
                + " choice (verify cannot tell them from rows added to the replica by hand).",
            "Rows on the cursor's own value are judged only after a run that ended well; otherwise those that"
                + " differ are \"unverified\" (not equal, exit 1): run replicate run, then verify again.",
            "Off a terminal, prints one line per table that is not equal."},
        sortOptions = false,
        mixinStandardHelpOptions = true,
        versionProvider = VersionProvider.class,
        exitCodeListHeading = HelpText.EXIT_CODE_HEADING,
        exitCodeList = {
            "0:every table verified equal",
            "1:some table differs from its source, has rows left unverified, or could not be verified",
            HelpText.EXIT_USAGE,
            HelpText.EXIT_SOFTWARE,
            "74:the SQLite file does not exist or cannot be read",
            "75:a run holds the lock on the SQLite file; verify stepped aside"})
@HelpSections(
        environment = {HelpText.ENV_CONFIG, HelpText.ENV_DB, HelpText.ENV_CLASSPATH, HelpText.ENV_NO_COLOR},
        files = {HelpText.FILE_CONFIG, HelpText.FILE_DB, HelpText.FILE_LOCK},
        examples = {
            "replicate verify --config replicate.json",
            "replicate verify orders --limit 100  # name up to 100 keys of each kind",
            "replicate verify --json | jq '.[] | select(.equal == false)'"})
public final class VerifyCommand implements Callable<Integer> {
    @ParentCommand
    ReplicateCommand parent;

    @Mixin
    CommonOptions options;

    @Option(names = "--json", description = "Print a JSON array, one object per table, for scripts.")
    boolean json;

    @Option(names = "--limit", paramLabel = "N", defaultValue = "10",
            description = "Name at most N keys of each kind of difference per table (default: ${DEFAULT-VALUE}).")
    int limit;

    @Option(names = "--metrics-file", paramLabel = "FILE",
            description = "Write replicate_table_verify_differences, per table, to this file for node_exporter's"
                    + " textfile collector (replaced atomically).")
    Path metricsFile;

    @Parameters(paramLabel = "TARGET", arity = "0..*", description = "Verify only these SQLite tables (the"
            + " configured targets).")
    List<String> targets = List.of();

    @Override
    public Integer call() throws Exception {
        Context context = parent.context();
        if (limit < 0) {
            throw new ReplicateException(ExitStatus.USAGE, "--limit must be 0 or more, not " + limit);
        }
        Path metrics = metricsFile == null ? null : context.environment().resolve(metricsFile.toString());
        if (metrics != null && (metrics.getParent() == null || !Files.isDirectory(metrics.getParent()))) {
            throw new ReplicateException(ExitStatus.USAGE, "the folder of the metrics file does not exist: "
                    + metrics.getParent());
        }
        ReplicationConfig config = context.loadConfig(options);
        Set<String> selected = checkTargets(config);
        Path database = context.databasePath(options, config);
        if (!Files.exists(database)) {
            throw new ReplicateException(ExitStatus.REPLICA_ERROR, "the SQLite file " + database + " does not exist;"
                    + " run `replicate run` first, or check --db");
        }
        List<TableVerdict> verdicts;
        // Under the run lock: the replica and its cursors cannot move while they are compared, so every
        // difference found is one (a run that finds the lock held steps aside for a minute, as it would for
        // another run).
        try (LockedReplica locked = LockedReplica.open(database).orElseThrow(() -> ReplicateException.quiet(
                ExitStatus.LOCKED, "a run holds the lock on " + database + "; stepping aside"))) {
            verdicts = new Verifier(context.registry(), limit).verify(config, locked.replica(), selected);
        }
        if (json) {
            context.out().println(toJson(verdicts));
        } else {
            for (TableVerdict verdict : verdicts) {
                if (context.environment().interactive() || !verdict.equal()) {
                    context.out().println(line(verdict));
                }
            }
        }
        if (metrics != null) {
            writeMetrics(context, metrics, verdicts);
        }
        return verdicts.stream().allMatch(TableVerdict::equal) ? ExitStatus.OK : ExitStatus.TABLE_FAILED;
    }

    private Set<String> checkTargets(ReplicationConfig config) {
        Set<String> known = new TreeSet<>(config.allTables().stream().map(TableConfig::target).toList());
        for (String target : targets) {
            if (!known.contains(target)) {
                throw new ReplicateException(ExitStatus.USAGE, "no configured table has the target \"" + target
                        + "\"; the targets are: " + String.join(", ", known));
            }
        }
        return Set.copyOf(targets);
    }

    /** One line: equal, the kinds of difference with their first keys, or why it could not be verified. */
    static String line(TableVerdict verdict) {
        if (verdict.failed()) {
            return verdict.target() + ": cannot verify: " + verdict.error().get();
        }
        List<String> parts = new ArrayList<>();
        part(parts, verdict.missing(), "missing");
        part(parts, verdict.different(), "different");
        part(parts, verdict.extra(), "extra");
        part(parts, verdict.kept(), "not at the source, kept by choice (deleted there under deletes \"keep\", or left"
                + " out by its \"where\", or added to the replica by hand)");
        part(parts, verdict.unverified(), "could not be judged, on the cursor's value after a run that did not"
                + " finish (run `replicate run`, then verify again)");
        String found = parts.isEmpty() ? "equal" : String.join("; ", parts);
        return verdict.target() + ": " + (verdict.equal() && !parts.isEmpty() ? "equal; " : "") + found;
    }

    private static void part(List<String> parts, TableVerdict.Kind kind, String name) {
        if (kind.count() == 0) {
            return;
        }
        String keys = kind.firstKeys().stream().map(String::valueOf).collect(Collectors.joining(", "));
        parts.add(kind.count() + " " + name + (keys.isEmpty() ? "" : " (" + keys
                + (kind.count() > kind.firstKeys().size() ? ", ..." : "") + ")"));
    }

    private static String toJson(List<TableVerdict> verdicts) {
        JsonArray array = new JsonArray();
        for (TableVerdict verdict : verdicts) {
            JsonObject object = new JsonObject();
            object.addProperty("target", verdict.target());
            object.addProperty("equal", verdict.equal());
            object.addProperty("error", verdict.error().orElse(null));
            object.add("missing", kind(verdict.missing()));
            object.add("different", kind(verdict.different()));
            object.add("extra", kind(verdict.extra()));
            object.add("kept", kind(verdict.kept()));
            object.add("unverified", kind(verdict.unverified()));
            object.addProperty("sourceQueries", verdict.sourceQueries());
            array.add(object);
        }
        return new GsonBuilder().serializeNulls().setPrettyPrinting().create().toJson(array);
    }

    private static JsonObject kind(TableVerdict.Kind kind) {
        JsonObject object = new JsonObject();
        object.addProperty("count", kind.count());
        JsonArray keys = new JsonArray();
        for (Object key : kind.firstKeys()) {
            keys.add(key instanceof Number n ? new JsonPrimitive(n) : new JsonPrimitive(String.valueOf(key)));
        }
        object.add("keys", keys);
        return object;
    }

    private static void writeMetrics(Context context, Path file, List<TableVerdict> verdicts) throws IOException {
        PrometheusText text = new PrometheusText().gauge("replicate_table_verify_differences",
                "Rows of the table that differ from its source (missing, extra or with other values) at the last"
                        + " verify; absent for a table that could not be verified");
        for (TableVerdict verdict : verdicts) {
            if (!verdict.failed()) {
                text.sample("replicate_table_verify_differences", Map.of("target", verdict.target()),
                        verdict.differences());
            }
        }
        MetricsFile.write(file, text.toString());
    }
}
