package dev.replicate.cli.command;

import com.google.gson.GsonBuilder;
import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import dev.replicate.cli.CommonOptions;
import dev.replicate.cli.Context;
import dev.replicate.cli.ExitStatus;
import dev.replicate.cli.ReplicateCommand;
import dev.replicate.cli.help.HelpSections;
import dev.replicate.cli.help.HelpText;
import dev.replicate.cli.help.VersionProvider;
import dev.replicate.config.ReplicationConfig;
import dev.replicate.config.TableConfig;
import dev.replicate.source.SourceColumn;
import dev.replicate.sync.SourceInspector;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

@Command(name = "reflect",
        description = "Shows each configured table's source columns, their SQLite types and the CREATE TABLE and CREATE INDEX statements that run would issue, without pulling rows.",
        sortOptions = false,
        mixinStandardHelpOptions = true,
        versionProvider = VersionProvider.class,
        exitCodeListHeading = HelpText.EXIT_CODE_HEADING,
        exitCodeList = {
            "0:every table was reflected",
            "1:a source or table cannot be reached or used",
            HelpText.EXIT_USAGE,
            HelpText.EXIT_SOFTWARE,
            "74:what it printed could not be written to stdout (a full disk, stdout closed)"})
@HelpSections(
        environment = {HelpText.ENV_CONFIG, HelpText.ENV_CLASSPATH},
        files = {HelpText.FILE_CONFIG},
        examples = {
            "replicate reflect --config replicate.json orders",
            "replicate reflect --json | jq '.[].columns'"})
public final class ReflectCommand implements Callable<Integer> {
    @ParentCommand
    ReplicateCommand parent;

    @Mixin
    CommonOptions options;

    @Option(names = "--json", description = "Print JSON, for scripts.")
    boolean json;

    @Parameters(paramLabel = "TARGET", arity = "0..*", description = "Only these targets.")
    List<String> targets = List.of();

    @Override
    public Integer call() {
        Context context = parent.context();
        ReplicationConfig config = context.loadConfig(options);
        List<SourceInspector.Inspection> results = new SourceInspector(context.registry())
                .inspect(config, (TableConfig t) -> targets.isEmpty() || targets.contains(t.target()));
        if (json) {
            context.out().println(toJson(results));
        } else {
            for (SourceInspector.Inspection result : results) {
                printText(context, result);
            }
        }
        results.stream().filter(r -> !r.ok()).forEach(r -> context.err().println(
                "replicate: " + r.table().target() + ": " + r.problem().orElseThrow()));
        return results.stream().allMatch(SourceInspector.Inspection::ok) ? ExitStatus.OK : ExitStatus.TABLE_FAILED;
    }

    private static void printText(Context context, SourceInspector.Inspection result) {
        if (result.schema().isEmpty()) {
            return;
        }
        context.out().println("-- " + result.source().name() + " " + result.schema().get().describe() + " -> "
                + result.table().target());
        int width = result.schema().get().columns().stream().mapToInt(c -> c.name().length()).max().orElse(0);
        for (SourceColumn column : result.schema().get().columns()) {
            String marks = (result.table().watermark().filter(column.name()::equals).isPresent() ? "  watermark" : "")
                    + (result.primaryKey().contains(column.name()) ? "  key" : "")
                    + (result.columns().contains(column) ? "" : "  excluded");
            context.out().printf("--   %-" + width + "s  %-28s -> %s%s%n", column.name(), column.sourceType(),
                    column.sqliteType(), marks);
        }
        context.out().println(result.ddl().map(ddl -> ddl + ";")
                .orElse("-- no CREATE TABLE: run fails this table as configured (the error is on stderr)"));
        context.out().println();
    }

    private static String toJson(List<SourceInspector.Inspection> results) {
        JsonArray array = new JsonArray();
        for (SourceInspector.Inspection result : results) {
            JsonObject object = new JsonObject();
            object.addProperty("target", result.table().target());
            object.addProperty("source", result.source().name());
            object.addProperty("table", result.table().name().toString());
            object.addProperty("query", result.table().query().map(q -> q.sql()).orElse(null));
            object.addProperty("mode", result.table().mode().jsonName());
            object.addProperty("watermark", result.table().watermark().orElse(null));
            JsonArray key = new JsonArray();
            result.primaryKey().forEach(key::add);
            object.add("primaryKey", key);
            JsonArray columns = new JsonArray();
            result.schema().ifPresent(schema -> schema.columns().forEach(column -> {
                JsonObject c = new JsonObject();
                c.addProperty("name", column.name());
                c.addProperty("sourceType", column.sourceType());
                c.addProperty("sqliteType", column.sqliteType().name());
                c.addProperty("canBeWatermark", column.watermarkKind().isPresent());
                c.addProperty("selected", result.columns().contains(column));
                columns.add(c);
            }));
            object.add("columns", columns);
            object.addProperty("ddl", result.ddl().orElse(null));
            object.addProperty("error", result.problem().orElse(null));
            array.add(object);
        }
        return new GsonBuilder().serializeNulls().setPrettyPrinting().create().toJson(array);
    }
}
