package dev.replicate.source.jdbc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.replicate.source.DigestRequest;
import dev.replicate.source.KeyRange;
import dev.replicate.source.SourceColumn;
import dev.replicate.source.SourceSettings;
import dev.replicate.source.TableName;
import dev.replicate.source.TableSchema;
import dev.replicate.source.mysql.MysqlConnector;
import dev.replicate.source.postgres.PostgresConnector;
import dev.replicate.source.SourceConnector;
import dev.replicate.testing.MysqlTestDatabase;
import dev.replicate.testing.PostgresTestDatabase;
import dev.replicate.testing.TestDatabase;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * A date or time key cut at its stored text (StoredTextKeys): the source casts each stored text back to
 * exactly the value it was read from, at every precision of the column and every width of fraction, so
 * that the range (previous key, key] holds that one row on the source as in the replica; and the cast
 * bounds are read through the key's index.
 */
class StoredTextKeysTest {
    /** Each value two seconds after the last, so that no rounding to a coarser precision makes two equal. */
    private static final String[] FRACTIONS = {"", ".000001", ".1", ".12", ".123", ".1234", ".12345", ".123456",
            ".5", ".999999", ".9999996", ".0000004", ".05"};

    @Test
    void postgresCastsEveryStoredTextBackToItsValue() throws Exception {
        try (PostgresTestDatabase db = new PostgresTestDatabase()) {
            List<String> tables = new ArrayList<>(List.of("tk_date"));
            db.execute("CREATE TABLE tk_date (k date PRIMARY KEY)",
                    "INSERT INTO tk_date SELECT date '0001-01-01' + g * 997 FROM generate_series(0, 3600) g",
                    "SET TIME ZONE 'Asia/Kathmandu'");
            for (int precision = 0; precision <= 6; precision++) {
                for (String type : List.of("timestamp", "timestamptz")) {
                    String table = "tk_" + type + precision;
                    tables.add(table);
                    db.execute("CREATE TABLE " + table + " (k " + type + "(" + precision + ") PRIMARY KEY)",
                            "INSERT INTO " + table + " VALUES " + values(type.equals("timestamptz") ? "+05:30" : ""));
                }
            }
            assertEachKeyIsItsOwnRange(db, new PostgresConnector(), tables);
        }
    }

    @Test
    void mysqlCastsEveryStoredTextBackToItsValue() throws Exception {
        try (MysqlTestDatabase db = new MysqlTestDatabase()) {
            List<String> tables = new ArrayList<>(List.of("tk_date"));
            StringBuilder dates = new StringBuilder();
            for (int i = 0; i < 3600; i++) {
                dates.append(i == 0 ? "" : ", ").append("('").append(java.time.LocalDate.of(1000, 1, 1).plusDays(i * 900L))
                        .append("')");
            }
            db.execute("CREATE TABLE tk_date (k DATE PRIMARY KEY)", "INSERT INTO tk_date VALUES " + dates,
                    "SET time_zone = '+05:45'");
            for (int precision = 0; precision <= 6; precision++) {
                for (String type : List.of("DATETIME", "TIMESTAMP")) {
                    String table = "tk_" + type.toLowerCase(java.util.Locale.ROOT) + precision;
                    tables.add(table);
                    db.execute("CREATE TABLE " + table + " (k " + type + "(" + precision + ") NOT NULL PRIMARY KEY)",
                            "INSERT INTO " + table + " VALUES " + values(""));
                }
            }
            assertEachKeyIsItsOwnRange(db, new MysqlConnector(), tables);
        }
    }

    /** The values, each two seconds after the last, at every fraction; an instant in {@code zone}. */
    private static String values(String zone) {
        StringBuilder values = new StringBuilder();
        java.time.LocalDateTime start = java.time.LocalDateTime.of(2024, 12, 31, 23, 59, 0);
        for (int i = 0; i < 60; i++) {
            java.time.LocalDateTime at = start.plusSeconds(2L * i);
            values.append(i == 0 ? "" : ", ").append("('").append(at.toLocalDate()).append(' ')
                    .append(String.format("%02d:%02d:%02d", at.getHour(), at.getMinute(), at.getSecond()))
                    .append(FRACTIONS[i % FRACTIONS.length]).append(zone).append("')");
        }
        return values.toString();
    }

    private static void assertEachKeyIsItsOwnRange(TestDatabase db, SourceConnector connector, List<String> tables)
            throws Exception {
        try (JdbcSource source = (JdbcSource) connector.open(new SourceSettings(db.conn(), Optional.empty(),
                Optional.empty(), Map.of()))) {
            for (String table : tables) {
                TableSchema schema = source.reflect(new TableName(Optional.empty(), table));
                SourceColumn key = schema.column("k").orElseThrow();
                assertTrue(source.cutsAtStoredText(key), key::toString);
                DigestRequest request = new DigestRequest(schema, schema.columns(), List.of(key), null, null,
                        Optional.empty(), Optional.empty(), false, true);
                assertTrue(request.cutAtStoredText(key), key::toString);
                assertEquals(Optional.empty(), source.keyOutsideTextOrder(request, key), table);
                List<String> texts = storedTexts(source, key, table);
                assertEquals(texts.stream().sorted().toList(), texts, table + ": the texts sort as the values");
                JdbcDigests digests = new JdbcDigests(source, source.digestSql(request).orElseThrow(), request);
                for (int i = 0; i < texts.size(); i++) {
                    assertTrue(digests.bound(List.of(texts.get(i))), texts.get(i));
                    KeyRange range = new KeyRange(i == 0 ? Optional.empty() : Optional.of(List.of(texts.get(i - 1))),
                            Optional.of(List.of(texts.get(i))));
                    assertEquals(1, digests.rangeDigest(range).rows(), table + " " + range);
                }
                assertEquals(0, digests.rangeDigest(new KeyRange(Optional.of(List.of(texts.get(texts.size() - 1))),
                        Optional.empty())).rows(), table);
            }
        }
    }

    /** The key's values as a run stores them, in the source's order. */
    private static List<String> storedTexts(JdbcSource source, SourceColumn key, String table) throws Exception {
        JdbcColumn column = source.jdbcColumn(key);
        List<String> texts = new ArrayList<>();
        try (PreparedStatement statement = source.prepareStreaming("SELECT " + column.selectExpression() + " FROM "
                + table + " ORDER BY " + source.quote("k"), 1000);
             ResultSet rs = statement.executeQuery()) {
            while (rs.next()) {
                texts.add((String) column.reader().read(rs, 1));
            }
        }
        source.endStatement();
        return texts;
    }
}
