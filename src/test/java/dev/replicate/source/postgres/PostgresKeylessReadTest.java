package dev.replicate.source.postgres;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.replicate.source.ReadRequest;
import dev.replicate.source.RowStream;
import dev.replicate.source.SourceColumn;
import dev.replicate.source.TableName;
import dev.replicate.source.TableSchema;
import dev.replicate.testing.PostgresTestDatabase;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The read of a table without a key orders ties of a text watermark by their exact text only where the
 * column's equal values may be spelt otherwise (PostgresSource#exactOrder). Whether its collation is
 * deterministic was asked of pg_collation by each such read, one round trip more on every incremental
 * run; it now comes with the table's reflection (SourceColumn#tiesSpeltAlike), which a run makes anyway.
 */
class PostgresKeylessReadTest {
    /** The column's collation is deterministic, as the read used to ask it of the catalog. */
    private static final String DETERMINISTIC_SQL = "SELECT COALESCE((to_jsonb(c) ->> 'collisdeterministic')::boolean,"
            + " true) FROM pg_attribute a JOIN pg_collation c ON c.oid = a.attcollation"
            + " WHERE a.attrelid = 'public.spellings'::regclass AND a.attname = '%s'";

    private static PostgresTestDatabase db;

    @BeforeAll
    static void createTable() {
        db = new PostgresTestDatabase();
        try {
            db.execute("CREATE COLLATION replicate_ci (provider = icu, locale = 'und-u-ks-level2', deterministic = false)");
        } catch (RuntimeException e) {
            db.close();
            db = null;
            Assumptions.abort("this server has no nondeterministic ICU collations: " + e.getMessage());
        }
        db.execute("CREATE TABLE spellings (t text, v varchar(10), c text COLLATE \"C\", icu text COLLATE \"und-x-icu\","
                        + " ci text COLLATE replicate_ci, vci varchar(10) COLLATE replicate_ci, bp char(3), bpu bpchar,"
                        + " n name, i integer)",
                "INSERT INTO spellings VALUES ('k', 'k', 'k', 'k', 'k', 'k', 'k', 'k', 'k', 1),"
                        + " ('K', 'K', 'K', 'K', 'K', 'K', 'k ', 'k ', 'K', 2)");
    }

    @AfterAll
    static void dropDatabase() {
        if (db != null) {
            db.close();
        }
    }

    /**
     * Each column's tiesSpeltAlike is what the read decided from pg_collation before: a deterministic
     * collation (the default, "C", an ICU one named explicitly, a name's), and not character(n), nor a
     * nondeterministic collation; a batch of tables says the same as the table alone.
     */
    @Test
    void theReflectionSaysWhatTheCatalogSaysOfEachColumnsCollation() throws Exception {
        Map<String, Boolean> expected = new LinkedHashMap<>();
        for (String column : List.of("t", "v", "c", "icu", "ci", "vci", "bp", "bpu", "n")) {
            boolean deterministic = Set.of("t", "true").contains(db.query(DETERMINISTIC_SQL.formatted(column)).get(0).get(0));
            boolean padded = Set.of("bp", "bpu").contains(column);
            expected.put(column, deterministic && !padded);
        }
        assertEquals(Map.of("t", true, "v", true, "c", true, "icu", true, "ci", false, "vci", false, "bp", false,
                "bpu", false, "n", true), expected, "what the catalog says, as the read used to ask it");
        expected.put("i", false);
        try (Connection connection = db.connect()) {
            PostgresSource source = new PostgresSource(connection, PostgresReadSettings.COPY);
            TableSchema alone = source.reflect(TableName.parse("spellings"));
            Map<String, Boolean> reflected = new LinkedHashMap<>();
            for (SourceColumn column : alone.columns()) {
                reflected.put(column.name(), column.tiesSpeltAlike());
            }
            assertEquals(expected, reflected);
            assertEquals(alone, source.reflect(List.of(TableName.parse("spellings"))).get(TableName.parse("spellings")));
        }
    }

    /**
     * The read sends its one statement and nothing else (through the fetch-size cursor, the statement is
     * the read; through COPY, none goes through the connection's statements at all), and orders by the
     * exact text only for the nondeterministic collation and character(n). Before, each such read
     * prepared a query on pg_collation first.
     */
    @Test
    void aKeylessReadOfATextWatermarkAsksTheCatalogNothing() throws Exception {
        for (PostgresReadSettings settings : List.of(PostgresReadSettings.FETCH_SIZE, PostgresReadSettings.COPY)) {
            for (String watermark : List.of("t", "c", "icu", "ci", "bp")) {
                List<String> sent = new ArrayList<>();
                try (Connection connection = db.connect()) {
                    PostgresSource source = new PostgresSource(counting(connection, sent), settings);
                    TableSchema schema = source.reflect(TableName.parse("spellings"));
                    ReadRequest request = ReadRequest.byWatermark(schema, schema.columns(),
                            schema.column(watermark).orElseThrow(), Optional.empty(), List.of(), 100);
                    assertTrue(request.toldApartByValues());
                    sent.clear();
                    int rows = 0;
                    try (RowStream stream = source.read(request)) {
                        while (stream.next()) {
                            rows++;
                        }
                    }
                    assertEquals(2, rows);
                    String what = settings + ", watermark " + watermark + ": " + sent;
                    if (settings.copy()) {
                        assertEquals(List.of(), sent, what);
                    } else {
                        assertEquals(1, sent.size(), what);
                        assertEquals(Set.of("ci", "bp").contains(watermark), sent.get(0).contains("COLLATE \"C\""), what);
                    }
                }
            }
        }
    }

    /** The connection, each statement it prepares or creates noted in {@code sent} (its SQL, where given). */
    private static Connection counting(Connection connection, List<String> sent) {
        return (Connection) Proxy.newProxyInstance(Connection.class.getClassLoader(), new Class<?>[] {Connection.class},
                (proxy, method, args) -> {
                    if (Set.of("prepareStatement", "prepareCall", "createStatement").contains(method.getName())) {
                        sent.add(args != null && args.length > 0 && args[0] instanceof String sql ? sql : method.getName());
                    }
                    try {
                        return method.invoke(connection, args);
                    } catch (InvocationTargetException e) {
                        throw e.getCause();
                    }
                });
    }
}
