package dev.replicate.sync;

import dev.replicate.config.ReplicationConfig;
import dev.replicate.config.SourceConfig;
import dev.replicate.config.TableConfig;
import dev.replicate.log.Log;
import dev.replicate.source.Source;
import dev.replicate.source.SourceColumn;
import dev.replicate.source.SourceConnector;
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
            SourceConnector connector = registry.find(sourceConfig.type()).orElseThrow();
            Source source = null;
            String openError = null;
            for (TableConfig table : tables) {
                // As a run does (ReplicationEngine#runSource): a look that got no answer leaves the connection
                // closed by the driver, which would fail every later table of the source; they get a fresh one.
                if (source != null && !source.usable()) {
                    closeQuietly(source);
                    source = null;
                }
                if (source == null && openError == null) {
                    try {
                        source = connector.open(sourceConfig.settings());
                    } catch (Exception e) {
                        openError = config.secrets().mask("cannot connect to " + sourceConfig.name() + ": " + ErrorText.of(e));
                    }
                }
                if (source == null) {
                    results.add(new Inspection(table, sourceConfig, Optional.empty(), List.of(), List.of(),
                            Optional.empty(), Optional.of(openError)));
                } else {
                    try {
                        results.add(inspect(config, sourceConfig, table, source));
                    } catch (RuntimeException e) {
                        // One table's unforeseen failure is that table's alone.
                        results.add(new Inspection(table, sourceConfig, Optional.empty(), List.of(), List.of(),
                                Optional.empty(), Optional.of(config.secrets().mask(explained(sourceConfig, source, e)))));
                    }
                }
            }
            if (source != null) {
                closeQuietly(source);
            }
        }
        return results;
    }

    private static void closeQuietly(Source source) {
        try {
            source.close();
        } catch (Exception e) {
            Log.debug(e, "closing the source failed");
        }
    }

    /**
     * The failure's words, a lock wait ({@link LockWait}) or a silence ({@link Silence}) explained: the driver's
     * alone say neither whose lock it waited for, nor that the server went quiet.
     */
    private static String explained(SourceConfig sourceConfig, Source source, Exception e) {
        return SourceTrouble.explained(sourceConfig, source, e, ErrorText.of(e),
                "its table could not be looked at; look again once the lock is gone",
                "its table could not be looked at");
    }

    private static Inspection inspect(ReplicationConfig config, SourceConfig sourceConfig, TableConfig table, Source source) {
        TableSchema schema;
        try {
            schema = EntryReflection.reflect(source, table);
        } catch (Exception e) {
            return new Inspection(table, sourceConfig, Optional.empty(), List.of(), List.of(), Optional.empty(),
                    Optional.of(config.secrets().mask(explained(sourceConfig, source, e))));
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
            // No statement: run issues none for a table it cannot plan, and one of every source column
            // (a "columns" naming a column the source lacks) was a table no run would ever make. The
            // columns as configured, though: every one shown selected hid the ones left out.
            return new Inspection(table, sourceConfig, Optional.of(schema), key, TablePlanner.configuredColumns(table, schema),
                    Optional.empty(), Optional.of(e.getMessage()));
        }
        // The CREATE INDEX statements too: on a first sync run issues them after the rows.
        String ddl = createTable(table, columns, key) + indexes.stream()
                .map(index -> ";\n" + index.createSql(table.target())).collect(java.util.stream.Collectors.joining());
        Optional<String> problem = Optional.empty();
        if (table.where().isPresent()) {
            try {
                source.checkFilter(schema, table.where().get());
            } catch (Exception e) {
                // As for a run's read (SourceTrouble#notTheStatement): a lock wait or a lost connection is not the where's doing.
                problem = Optional.of(config.secrets().mask(SourceTrouble.notTheStatement(source, e)
                        ? explained(sourceConfig, source, e)
                        : table.jsonPath() + ".where does not run on " + schema.describe() + ": " + ErrorText.of(e)));
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
