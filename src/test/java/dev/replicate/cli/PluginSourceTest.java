package dev.replicate.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.replicate.source.SourceConnector;
import dev.replicate.testing.CliRun;
import dev.replicate.testing.ReplicaReader;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.stream.Stream;
import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The extension point, used as a third party would: a connector compiled here against nothing but
 * the public source interface, packed into a jar with its META-INF/services entry, and put on
 * REPLICATE_CLASSPATH. {@code replicate run} must find it by its type and land its rows in SQLite.
 */
class PluginSourceTest {
    private static final String CONNECTOR = """
            package org.example.counting;

            import dev.replicate.source.ReadRequest;
            import dev.replicate.source.RowStream;
            import dev.replicate.source.Source;
            import dev.replicate.source.SourceColumn;
            import dev.replicate.source.SourceConnector;
            import dev.replicate.source.SourceException;
            import dev.replicate.source.SourceSettings;
            import dev.replicate.source.SqliteType;
            import dev.replicate.source.TableName;
            import dev.replicate.source.TableSchema;
            import dev.replicate.source.WatermarkKind;
            import java.util.List;
            import java.util.Optional;

            /** Serves one table, numbers(n, word), with the rows 1 to N of a counting://N URL. */
            public final class CountingConnector implements SourceConnector {
                @Override
                public String type() {
                    return "counting";
                }

                @Override
                public List<String> check(SourceSettings settings) {
                    return settings.conn().matches("counting://\\\\d+") ? List.of()
                            : List.of("a counting source needs a counting://N URL");
                }

                @Override
                public String identity(SourceSettings settings) {
                    return "counting";
                }

                @Override
                public String defaultSchema(SourceSettings settings) {
                    return "main";
                }

                @Override
                public Source open(SourceSettings settings) {
                    long rows = Long.parseLong(settings.conn().substring("counting://".length()));
                    return new Source() {
                        @Override
                        public TableSchema reflect(TableName table) throws SourceException {
                            if (!table.table().equals("numbers")) {
                                throw new SourceException("table " + table + " does not exist at the source");
                            }
                            return new TableSchema(table, List.of(
                                    new SourceColumn("n", "integer", SqliteType.INTEGER, Optional.of(WatermarkKind.INTEGER)),
                                    new SourceColumn("word", "text", SqliteType.TEXT, Optional.empty())),
                                    List.of("n"));
                        }

                        @Override
                        public RowStream read(ReadRequest request) {
                            long first = request.from().map(value -> (Long) value).orElse(1L);
                            return new RowStream() {
                                private long current = first - 1;

                                @Override
                                public boolean next() {
                                    return ++current <= rows;
                                }

                                @Override
                                public Object[] values() {
                                    return request.columns().stream()
                                            .map(c -> c.name().equals("n") ? (Object) current : "number " + current)
                                            .toArray();
                                }

                                @Override
                                public Object position() {
                                    return current;
                                }

                                @Override
                                public void close() {
                                }
                            };
                        }

                        @Override
                        public long countNullWatermarks(TableSchema table, SourceColumn watermark) {
                            return 0;
                        }

                        @Override
                        public Optional<Object> newestWatermark(TableSchema table, SourceColumn watermark) {
                            return rows == 0 ? Optional.empty() : Optional.of(rows);
                        }

                        @Override
                        public void close() {
                        }
                    };
                }
            }
            """;

    @TempDir
    Path dir;

    /** Compiles the connector against the classes of the public interface; returns the class folder. */
    private Path compilePlugin() throws Exception {
        JavaCompiler compiler = ToolProvider.getSystemJavaCompiler();
        assertTrue(compiler != null, "the tests need a JDK, not a JRE");
        Path sources = dir.resolve("plugin-src/org/example/counting");
        Files.createDirectories(sources);
        Path source = sources.resolve("CountingConnector.java");
        Files.writeString(source, CONNECTOR);
        Path classes = dir.resolve("plugin-classes");
        Files.createDirectories(classes);
        String api = Path.of(SourceConnector.class.getProtectionDomain().getCodeSource().getLocation().toURI()).toString();
        int status = compiler.run(null, null, null, "--release", "17", "-proc:none", "-cp", api,
                "-d", classes.toString(), source.toString());
        assertEquals(0, status, "the plugin does not compile");
        Path services = classes.resolve("META-INF/services");
        Files.createDirectories(services);
        Files.writeString(services.resolve(SourceConnector.class.getName()), "org.example.counting.CountingConnector\n");
        return classes;
    }

    private static Path jar(Path classes, Path jar) throws IOException {
        try (OutputStream file = Files.newOutputStream(jar); JarOutputStream out = new JarOutputStream(file);
             Stream<Path> walk = Files.walk(classes)) {
            for (Path path : walk.filter(Files::isRegularFile).sorted().toList()) {
                out.putNextEntry(new JarEntry(classes.relativize(path).toString().replace('\\', '/')));
                out.write(Files.readAllBytes(path));
                out.closeEntry();
            }
        }
        return jar;
    }

    private Path config(int rows) throws IOException {
        Path config = dir.resolve("counting-" + rows + ".json");
        Files.writeString(config, "[{\"source\": \"counting\", \"conn\": \"counting://" + rows + "\","
                + " \"tables\": [{\"name\": \"numbers\", \"watermark\": \"n\", \"pageSize\": 2}]}]",
                StandardCharsets.UTF_8);
        return config;
    }

    private CliRun run(Map<String, String> variables, Path config, Path replica) {
        return CliRun.run(dir, variables, false, Clock.systemUTC(), "run", "--force", "--config", config.toString(),
                "--db", replica.toString());
    }

    @Test
    void aConnectorInAJarOnTheClasspathVariableIsFoundAndRun() throws Exception {
        Path jar = jar(compilePlugin(), dir.resolve("counting-source.jar"));
        Path replica = dir.resolve("counting.db");

        CliRun unknown = run(Map.of(), config(3), replica);
        assertEquals(2, unknown.status, unknown::toString);
        assertTrue(unknown.err.contains("unknown source type \"counting\""), unknown.err);

        Map<String, String> variables = Map.of("REPLICATE_CLASSPATH", jar.toString());
        CliRun first = run(variables, config(3), replica);
        assertEquals(0, first.status, first::toString);
        assertEquals(List.of(List.of(1L, "number 1"), List.of(2L, "number 2"), List.of(3L, "number 3")),
                ReplicaReader.query(replica, "SELECT n, word FROM numbers ORDER BY n"));

        CliRun second = run(variables, config(5), replica);
        assertEquals(0, second.status, second::toString);
        assertEquals(5L, ReplicaReader.count(replica, "numbers"));
        assertEquals("5", ReplicaReader.single(replica, "SELECT last_value FROM _replicate_watermarks"));
    }

    @Test
    void aClassFolderAndTheJarsOfLibExtWorkToo() throws Exception {
        Path classes = compilePlugin();
        CliRun fromFolder = run(Map.of("REPLICATE_CLASSPATH", classes.toString()), config(2), dir.resolve("folder.db"));
        assertEquals(0, fromFolder.status, fromFolder::toString);
        assertEquals(2L, ReplicaReader.count(dir.resolve("folder.db"), "numbers"));

        Path home = dir.resolve("home");
        Files.createDirectories(home.resolve("lib/ext"));
        jar(classes, home.resolve("lib/ext/counting-source.jar"));
        CliRun fromHome = run(Map.of("REPLICATE_HOME", home.toString()), config(4), dir.resolve("home.db"));
        assertEquals(0, fromHome.status, fromHome::toString);
        assertEquals(4L, ReplicaReader.count(dir.resolve("home.db"), "numbers"));
    }

    /**
     * A connector written before filters existed does not say it applies one: a "where" for its tables
     * is a configuration error (exit 2, nothing written), never a filter silently ignored.
     */
    @Test
    void aWhereOnAConnectorThatDoesNotApplyFiltersIsRefused() throws Exception {
        Path classes = compilePlugin();
        Path config = dir.resolve("counting-where.json");
        Files.writeString(config, "[{\"source\": \"counting\", \"conn\": \"counting://3\", \"tables\": [{\"name\":"
                + " \"numbers\", \"watermark\": \"n\", \"where\": \"n > 1\"}]}]", StandardCharsets.UTF_8);
        Path replica = dir.resolve("where.db");
        CliRun result = run(Map.of("REPLICATE_CLASSPATH", classes.toString()), config, replica);
        assertEquals(2, result.status, result::toString);
        assertTrue(result.err.contains("$[0].tables[0].where") && result.err.contains("does not apply a \"where\""),
                result.err);
        assertFalse(Files.exists(replica), "nothing written");
    }

    /**
     * A connector written before queries existed does not say it reads one: a "query" for its tables is
     * a configuration error (exit 2, nothing written), never a query's schema taken for a table's.
     */
    @Test
    void aQueryOnAConnectorThatDoesNotReadQueriesIsRefused() throws Exception {
        Path classes = compilePlugin();
        Path config = dir.resolve("counting-query.json");
        Files.writeString(config, "[{\"source\": \"counting\", \"conn\": \"counting://3\", \"tables\": [{\"query\":"
                + " \"SELECT n FROM numbers\", \"target\": \"numbers\", \"primaryKey\": \"n\", \"watermark\": \"n\"}]}]",
                StandardCharsets.UTF_8);
        Path replica = dir.resolve("query.db");
        CliRun result = run(Map.of("REPLICATE_CLASSPATH", classes.toString()), config, replica);
        assertEquals(2, result.status, result::toString);
        assertTrue(result.err.contains("$[0].tables[0].query") && result.err.contains("does not read a \"query\""),
                result.err);
        assertFalse(Files.exists(replica), "nothing written");
    }

    /**
     * A connector written before full tables existed does not say it reads a whole table: a table
     * without a watermark (full, the default then) is a configuration error naming the way on, and the
     * Source's default readWhole refuses too, should anything call it.
     */
    @Test
    void aFullTableOnAConnectorThatCannotReadOneWholeIsRefused() throws Exception {
        Path classes = compilePlugin();
        Path config = dir.resolve("counting-full.json");
        Files.writeString(config, "[{\"source\": \"counting\", \"conn\": \"counting://3\", \"tables\": [{\"name\":"
                + " \"numbers\"}, {\"name\": \"numbers\", \"target\": \"n2\", \"mode\": \"full\"}]}]",
                StandardCharsets.UTF_8);
        Path replica = dir.resolve("full.db");
        CliRun result = run(Map.of("REPLICATE_CLASSPATH", classes.toString()), config, replica);
        assertEquals(2, result.status, result::toString);
        assertTrue(result.err.contains("$[0].tables[0].watermark: is required: the source type \"counting\" cannot read"
                + " a whole table"), result.err);
        assertTrue(result.err.contains("$[0].tables[1].mode: the source type \"counting\" cannot read a whole table"),
                result.err);
        assertFalse(Files.exists(replica), "nothing written");
    }

    /**
     * A connector written before reconciles existed lists no keys: a reconcile for its tables is a
     * configuration error (exit 2, nothing written), never a table failing on every run, nor a
     * Source#readKeys default that would answer no keys and empty the replica.
     */
    @Test
    void aReconcileOnAConnectorThatCannotListKeysIsRefused() throws Exception {
        Path classes = compilePlugin();
        Path config = dir.resolve("counting-reconcile.json");
        Files.writeString(config, "[{\"source\": \"counting\", \"conn\": \"counting://3\", \"tables\": [{\"name\":"
                + " \"numbers\", \"watermark\": \"n\", \"deletes\": {\"reconcile\": \"PT1H\"}}]}]",
                StandardCharsets.UTF_8);
        Path replica = dir.resolve("reconcile.db");
        CliRun result = run(Map.of("REPLICATE_CLASSPATH", classes.toString()), config, replica);
        assertEquals(2, result.status, result::toString);
        assertTrue(result.err.contains("$[0].tables[0].deletes.reconcile: the source type \"counting\" cannot list a"
                + " table's keys"), result.err);
        assertFalse(Files.exists(replica), "nothing written");
    }
}
