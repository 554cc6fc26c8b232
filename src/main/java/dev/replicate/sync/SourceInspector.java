package dev.replicate.sync;

import dev.replicate.config.ReplicationConfig;
import dev.replicate.config.SourceConfig;
import dev.replicate.config.TableConfig;
import dev.replicate.source.Source;
import dev.replicate.source.SourceColumn;
import dev.replicate.source.SourceRegistry;
import dev.replicate.source.TableSchema;
import dev.replicate.sqlite.RowKeyIndex;
import dev.replicate.sqlite.SqliteSql;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Predicate;

/**
 * Connects to the sources and looks at the configured tables without pulling rows: for
 * {@code validate-config --connect} and {@code reflect}.
 */
public final class SourceInspector {
    private final SourceRegistry registry;

    /**
     * One table as the source has it.
     *
     * @param schema  empty when the table could not be reflected
     * @param columns the columns run would read and store (all of them when the selection is at fault)
     * @param ddl     the CREATE TABLE that {@code run} would issue, and its CREATE INDEX statements
     * @param problem present when the table cannot run as configured
     */
    public record Inspection(TableConfig table, SourceConfig source, Optional<TableSchema> schema,
                             List<String> primaryKey, List<SourceColumn> columns, Optional<String> ddl,
                             Optional<String> problem) {
        public boolean ok() {
            return problem.isEmpty();
        }
    }

    public SourceInspector(SourceRegistry registry) {
        this.registry = registry;
    }

    public List<Inspection> inspect(ReplicationConfig config, Predicate<TableConfig> selected) {
        List<Inspection> results = new ArrayList<>();
        for (SourceConfig sourceConfig : config.sources()) {
            List<TableConfig> tables = sourceConfig.tables().stream().filter(selected).toList();
            if (tables.isEmpty()) {
                continue;
            }
            try (Source source = registry.find(sourceConfig.type()).orElseThrow().open(sourceConfig.settings())) {
                for (TableConfig table : tables) {
                    results.add(inspect(config, sourceConfig, table, source));
                }
            } catch (Exception e) {
                String problem = config.secrets().mask("cannot connect to " + sourceConfig.name() + ": " + ErrorText.of(e));
                tables.forEach(t -> results.add(new Inspection(t, sourceConfig, Optional.empty(), List.of(), List.of(),
                        Optional.empty(), Optional.of(problem))));
            }
        }
        return results;
    }

    private static Inspection inspect(ReplicationConfig config, SourceConfig sourceConfig, TableConfig table, Source source) {
        TableSchema schema;
        try {
            schema = EntryReflection.reflect(source, table);
        } catch (Exception e) {
            return new Inspection(table, sourceConfig, Optional.empty(), List.of(), List.of(), Optional.empty(),
                    Optional.of(config.secrets().mask(ErrorText.of(e))));
        }
        List<String> key = TablePlanner.key(table, schema);
        // The plan run would make for a first sync (or a full table's run): the same checks, the same sentences.
        List<SourceColumn> columns;
        List<dev.replicate.sqlite.ReplicaIndexes.Index> indexes;
        try {
            if (table.mode() == dev.replicate.config.TableMode.FULL) {
                FullPlan plan = TablePlanner.full(table, schema);
                columns = plan.columns();
                indexes = plan.indexes();
            } else {
                TablePlan plan = TablePlanner.plan(table, schema, Optional.empty(), false);
                Reconciler.checkKey(table, plan);
                columns = plan.columns();
                indexes = plan.indexes();
            }
        } catch (TableFailure e) {
            return new Inspection(table, sourceConfig, Optional.of(schema), key, schema.columns(),
                    Optional.of(createTable(table, schema.columns(), key)), Optional.of(e.getMessage()));
        }
        // The CREATE INDEX statements too: on a first sync run issues them after the rows.
        String ddl = createTable(table, columns, key) + indexes.stream()
                .map(index -> ";\n" + index.createSql(table.target())).collect(java.util.stream.Collectors.joining());
        Optional<String> problem = Optional.empty();
        if (table.where().isPresent()) {
            try {
                source.checkFilter(schema, table.where().get());
            } catch (Exception e) {
                problem = Optional.of(config.secrets().mask(table.jsonPath() + ".where does not run on " + schema.describe()
                        + ": " + ErrorText.of(e)));
            }
        }
        return new Inspection(table, sourceConfig, Optional.of(schema), key, columns, Optional.of(ddl), problem);
    }

    /** The CREATE TABLE run issues: a full table without a key has no hidden row key (its rows are never matched). */
    private static String createTable(TableConfig table, List<SourceColumn> columns, List<String> key) {
        List<SqliteSql.Column> shape = columns.stream().map(c -> new SqliteSql.Column(c.name(), c.sqliteType())).toList();
        if (key.isEmpty() && table.mode() == dev.replicate.config.TableMode.FULL) {
            return SqliteSql.createPlainTable(table.target(), shape);
        }
        // Without a key, the index on the row identities, which run makes after a first sync's rows.
        return SqliteSql.createTable(table.target(), shape, key)
                + (key.isEmpty() ? ";\n" + RowKeyIndex.createSql(table.target()) : "");
    }
}
