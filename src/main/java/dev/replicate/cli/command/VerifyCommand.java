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
import dev.replicate.log.Counted;
import dev.replicate.sqlite.LockedReplica;
import dev.replicate.sqlite.WriteSettings;
import dev.replicate.sync.Repaired;
import dev.replicate.sync.TableVerdict;
import dev.replicate.sync.Verifier;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
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
            "A table without a primary key is compared as a multiset of its rows, each named by its watermark"
                + " value; a repair reads again the watermark values holding missing rows, and deletes nothing.",
            "A query entry is compared by ranges of its primaryKey over its query, as a run reads it.",
            "A full table is compared with the source now: its replica holds the source as of its last run, so a"
                + " row changed at the source since then is a difference until the next run.",
            "Rows the cursor has not passed yet are no difference. Replica rows not at the source are extra when"
                + " the table reconciles or soft-deletes; under deletes \"keep\" they are listed apart, as kept by"
                + " choice (verify cannot tell them from rows added to the replica by hand).",
            "Rows on the cursor's own value are judged only after a run that ended well; otherwise those that"
                + " differ are \"unverified\" (not equal, exit 1): run replicate run, then verify again.",
            "With --repair, then puts right what it found, as a run writes: the key ranges holding missing, different"
                + " or unverified rows are read again from the source (only rows the cursor has passed: nothing past it"
                + " comes in) and written page by page, each page its own transaction; extra rows are deleted. Rows"
                + " kept by choice stay, and the cursor does not move. Each range is compared again once repaired:"
                + " exit 0 says every difference found was repaired (a second verify would say equal). Killed"
                + " part-way, it leaves only right rows behind; run it again for the rest. Each table repaired gets"
                + " a row of kind \"repair\" in _replicate_log, which is no run to status and the metrics.",
            "Off a terminal, prints one line per table that is not equal."},
        sortOptions = false,
        mixinStandardHelpOptions = true,
        versionProvider = VersionProvider.class,
        exitCodeListHeading = HelpText.EXIT_CODE_HEADING,
        exitCodeList = {
            "0:every table verified equal (with --repair: or every difference found was repaired)",
            "1:some table differs from its source, has rows left unverified, or could not be verified (with --repair:"
                + " or could not be repaired in full)",
            HelpText.EXIT_USAGE,
            HelpText.EXIT_SOFTWARE,
            "74:the SQLite file does not exist or cannot be read; or the report could not be written to stdout (a full disk, stdout closed)",
            "75:another run (or verify) holds the lock on the SQLite file; verify stepped aside and says so"
                + " (with --json, as {\"locked\": true, \"error\": ...})",
            HelpText.EXIT_SIGNAL})
@HelpSections(
        environment = {HelpText.ENV_CONFIG, HelpText.ENV_DB, HelpText.ENV_CLASSPATH, HelpText.ENV_NO_COLOR},
        files = {HelpText.FILE_CONFIG, HelpText.FILE_DB, HelpText.FILE_LOCK},
        examples = {
            "replicate verify --config replicate.json",
            "replicate verify orders --limit 100  # name up to 100 keys of each kind",
            "replicate verify --repair orders  # re-pull the rows that differ; exit 0 when all were repaired",
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

    @Option(names = "--repair", description = "Put right what verify found: read the differing key ranges again from"
            + " the source and write them as a run does, delete extra rows. Takes the run lock, as verify does.")
    boolean repair;

    @Option(names = "--allow-mass-delete", paramLabel = "TARGET",
            description = "With --repair: let the repair of TARGET delete more than its maxDeletePercent of the rows"
                    + " (50 for a table that soft-deletes without a reconcile), or every row, for when the rows really"
                    + " are gone at the source; without it such a table is not repaired at all. Repeatable.")
    List<String> allowMassDelete = List.of();

    @Option(names = "--metrics-file", paramLabel = "FILE",
            description = "Write replicate_table_verify_differences, per table, to this file for node_exporter's"
                    + " textfile collector (replaced atomically); with --repair also"
                    + " replicate_table_verify_repaired_rows (per kind) and replicate_table_verify_differences_left.")
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
        Context.requireNotEmpty(metricsFile, "--metrics-file");
        Path metrics = metricsFile == null ? null : context.environment().resolve(metricsFile.toString());
        Path namedDatabase = context.databaseNamedOutsideConfig(options);
        if (metrics != null) {
            // Named as the SQLite file when --db names it, before the check of what is there (an SQLite database).
            context.refuseOutputClash("--metrics-file", metrics, namedDatabase);
            MetricsFile.requirePlace(metrics);
        }
        if (!allowMassDelete.isEmpty() && !repair) {
            throw new ReplicateException(ExitStatus.USAGE, "--allow-mass-delete lets a repair delete; it needs --repair");
        }
        ReplicationConfig config;
        try {
            config = context.loadConfig(options);
        } catch (ReplicateException e) {
            // Without --db, the SQLite file the configuration meant is known from its text only; a metrics
            // file named as it is refused now too, as run refuses it, not only once the configuration is mended.
            if (metrics != null) {
                context.refusedAfterAnEarlyStop("--metrics-file", metrics, namedDatabase);
            }
            throw e;
        }
        // The SQLite file before the targets, as run checks them: the same bad input, the same first message.
        Path database = context.databasePath(options, config);
        context.refuseOutputClash("--metrics-file", metrics, database);
        Set<String> selected = Targets.check(config, targets);
        Set<String> massDelete = Targets.check(config, allowMassDelete);
        checkDeletes(config, massDelete);
        if (!Files.exists(database)) {
            throw new ReplicateException(ExitStatus.REPLICA_ERROR, "the SQLite file " + database + " does not exist;"
                    + " run `replicate run` first, or check --db");
        }
        List<TableVerdict> verdicts;
        // Under the run lock: the replica and its cursors cannot move while they are compared, so every
        // difference found is one (a run that finds the lock held steps aside for a minute, as it would for
        // another run).
        Optional<LockedReplica> opened = LockedReplica.open(database);
        if (opened.isEmpty()) {
            // Said, unlike run's, which cron starts every minute: a person (or a script) asked.
            String held = ReplicateException.lockHeld(database);
            if (json) {
                JsonObject object = new JsonObject();
                object.addProperty("locked", true);
                object.addProperty("error", held);
                context.out().println(new GsonBuilder().setPrettyPrinting().create().toJson(object));
            }
            throw new ReplicateException(ExitStatus.LOCKED, held);
        }
        try (LockedReplica locked = opened.get()) {
            Verifier verifier = new Verifier(context.registry(), limit, context.clock());
            if (repair) {
                verifier.repairing(new Verifier.RepairOptions(WriteSettings.fromSystemProperties(), massDelete));
            }
            verdicts = verifier.verify(config, locked.replica(), selected);
        }
        if (json) {
            context.out().println(toJson(verdicts));
        } else {
            for (TableVerdict verdict : verdicts) {
                if (context.environment().interactive() || !verdict.equal()) {
                    context.out().println(line(verdict, repair));
                }
            }
        }
        if (metrics != null) {
            writeMetrics(context, metrics, verdicts);
        }
        return verdicts.stream().allMatch(TableVerdict::equalNow) ? ExitStatus.OK : ExitStatus.TABLE_FAILED;
    }

    /**
     * {@code --allow-mass-delete} only for a table whose repair deletes (its deletes are reconciled or soft):
     * anywhere else it would pass a mistyped or misremembered target without a word.
     */
    private static void checkDeletes(ReplicationConfig config, Set<String> massDelete) {
        for (TableConfig table : config.allTables()) {
            if (massDelete.contains(table.target()) && table.reconcile().isEmpty() && table.softDelete().isEmpty()) {
                throw new ReplicateException(ExitStatus.USAGE, "--allow-mass-delete " + table.target() + ": "
                        + table.target() + " keeps rows deleted at the source (\"deletes\" is \"keep\"), so a repair"
                        + " deletes none of its rows; leave the option out");
            }
        }
    }

    /**
     * One line: equal, the kinds of difference with their first keys, or why it could not be verified; with
     * a repair, what it did.
     */
    static String line(TableVerdict verdict, boolean repairing) {
        if (verdict.failed()) {
            return verdict.target() + ": cannot verify" + (repairing ? ", so not repaired" : "") + ": "
                    + verdict.error().get();
        }
        List<String> parts = new ArrayList<>();
        part(parts, verdict.missing(), "missing");
        part(parts, verdict.different(), "different");
        part(parts, verdict.extra(), "extra");
        part(parts, verdict.kept(), "not at the source, kept by choice (deleted there under deletes \"keep\", or left"
                + " out by its \"where\", or added to the replica by hand)");
        part(parts, verdict.unverified(), "could not be judged, on the cursor's value after a run that did not"
                + " finish (run `replicate run`, then verify again)");
        if (!verdict.equal()) {
            verdict.note().ifPresent(parts::add);
        }
        String found = parts.isEmpty() ? "equal" : String.join("; ", parts);
        String repaired = verdict.equal() ? "" : verdict.repair().map(r -> "; " + repairPart(r)).orElse("");
        return verdict.target() + ": " + (verdict.equal() && !parts.isEmpty() ? "equal; " : "") + found + repaired;
    }

    /** What the repair did, and whether the table is equal now. */
    static String repairPart(Repaired repaired) {
        List<String> kinds = new ArrayList<>();
        count(kinds, repaired.missing(), "missing");
        count(kinds, repaired.different(), "different");
        count(kinds, repaired.unverified(), "unverified");
        count(kinds, repaired.extra(), "extra deleted");
        String done = repaired.rowsRepaired() == 0 ? "" : "repaired "
                + Counted.rows(repaired.rowsRepaired()) + " (" + String.join(", ", kinds) + ")";
        if (repaired.error().isPresent()) {
            return (done.isEmpty() ? "" : done + "; ") + "repair failed: " + repaired.error().get();
        }
        if (repaired.left() > 0) {
            return (done.isEmpty() ? "" : done + "; ") + repaired.left() + " still not equal after the repair (changed"
                    + " at the source meanwhile?): run verify --repair again";
        }
        return done + ": equal now";
    }

    private static void count(List<String> kinds, long count, String name) {
        if (count > 0) {
            kinds.add(count + " " + name);
        }
    }

    private static void part(List<String> parts, TableVerdict.Kind kind, String name) {
        if (kind.count() == 0) {
            return;
        }
        String keys = kind.firstKeys().stream().map(VerifyCommand::describe).collect(Collectors.joining(", "));
        parts.add(kind.count() + " " + name + (keys.isEmpty() ? "" : " (" + keys
                + (kind.count() > kind.firstKeys().size() ? ", ..." : "") + ")"));
    }

    /** A key as a person reads it: its value, or the values of a key of more columns in parentheses. */
    private static String describe(Object key) {
        return key instanceof List<?> values
                ? values.stream().map(String::valueOf).collect(Collectors.joining(", ", "(", ")"))
                : String.valueOf(key);
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
            object.addProperty("note", verdict.note().orElse(null));
            verdict.repair().ifPresent(r -> object.add("repair", repairJson(r)));
            array.add(object);
        }
        return new GsonBuilder().serializeNulls().setPrettyPrinting().create().toJson(array);
    }

    private static JsonObject repairJson(Repaired repaired) {
        JsonObject object = new JsonObject();
        object.addProperty("complete", repaired.complete());
        object.addProperty("error", repaired.error().orElse(null));
        object.addProperty("missing", repaired.missing());
        object.addProperty("different", repaired.different());
        object.addProperty("extra", repaired.extra());
        object.addProperty("unverified", repaired.unverified());
        object.addProperty("left", repaired.left());
        object.addProperty("rowsWritten", repaired.rowsWritten());
        object.addProperty("rowsDeleted", repaired.rowsDeleted());
        return object;
    }

    private static JsonObject kind(TableVerdict.Kind kind) {
        JsonObject object = new JsonObject();
        object.addProperty("count", kind.count());
        JsonArray keys = new JsonArray();
        for (Object key : kind.firstKeys()) {
            if (key instanceof List<?> values) {
                // A key of more columns: an array of its values, in the key's order.
                JsonArray tuple = new JsonArray();
                values.forEach(value -> tuple.add(keyValue(value)));
                keys.add(tuple);
            } else {
                keys.add(keyValue(key));
            }
        }
        object.add("keys", keys);
        return object;
    }

    private static JsonPrimitive keyValue(Object value) {
        return value instanceof Number n ? new JsonPrimitive(n) : new JsonPrimitive(String.valueOf(value));
    }

    private static void repairedSample(PrometheusText text, TableVerdict verdict, String kind, long rows) {
        Map<String, String> labels = new LinkedHashMap<>();
        labels.put("target", verdict.target());
        labels.put("kind", kind);
        text.sample("replicate_table_verify_repaired_rows", labels, rows);
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
        if (verdicts.stream().anyMatch(v -> v.repair().isPresent())) {
            text.gauge("replicate_table_verify_repaired_rows", "Rows of the table the last verify --repair put right,"
                    + " by kind: missing and different rows written, unverified rows rewritten, extra rows deleted");
            for (TableVerdict verdict : verdicts) {
                verdict.repair().ifPresent(r -> {
                    repairedSample(text, verdict, "missing", r.missing());
                    repairedSample(text, verdict, "different", r.different());
                    repairedSample(text, verdict, "unverified", r.unverified());
                    repairedSample(text, verdict, "extra", r.extra());
                });
            }
            text.gauge("replicate_table_verify_differences_left", "Rows of the table still not equal after the last"
                    + " verify --repair (0: a second verify would say equal); absent for a table whose repair failed");
            for (TableVerdict verdict : verdicts) {
                verdict.repair().filter(r -> r.error().isEmpty()).ifPresent(r -> text.sample(
                        "replicate_table_verify_differences_left", Map.of("target", verdict.target()), r.left()));
            }
        }
        MetricsFile.write(file, text.toString());
    }
}
