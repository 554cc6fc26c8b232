package dev.replicate.sync;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import dev.replicate.testing.CliRun;
import dev.replicate.testing.PostgresTestDatabase;
import dev.replicate.testing.ReplicaReader;
import dev.replicate.testing.TestDatabase;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

class PostgresVerifyTest extends VerifyBehaviour {
    @Override
    protected TestDatabase createDatabase() {
        return new PostgresTestDatabase();
    }

    @Override
    protected List<String> everyTypeTable(String name) {
        String type = name + "_mood";
        return List.of(
                "CREATE TYPE " + type + " AS ENUM ('sad', 'happy')",
                "CREATE TABLE " + name + " (id integer PRIMARY KEY, updated_at timestamptz NOT NULL,"
                        + " c_smallint smallint, c_integer integer, c_bigint bigint,"
                        + " c_boolean boolean, c_real real, c_double double precision,"
                        + " c_numeric numeric, c_money_like numeric(12,4),"
                        + " c_text text, c_varchar varchar(40), c_char char(5), c_enum " + type + ", c_inet inet,"
                        + " c_money money, c_interval interval, c_time time(6),"
                        + " c_bytea bytea, c_date date, c_timestamp timestamp(6), c_timestamptz timestamptz(6),"
                        + " c_uuid uuid, c_json json, c_jsonb jsonb,"
                        + " c_int_array integer[], c_text_array text[], c_tstz_array timestamptz[], c_nested integer[][])",
                "SET TIME ZONE 'Pacific/Chatham'",
                "INSERT INTO " + name + " VALUES (1, '2024-05-01 12:00:00+00', -32768, 2147483647, 9223372036854775807,"
                        + " true, 1.1, 0.1, '-12345678901234567890.123456789012345678901234567890', 1.5,"
                        + " E'h\\u00e9llo \\U0001F600 e\\u0301 \"quoted\" \\n line', 'varchar', 'ab', 'happy',"
                        + " '192.168.0.1/24', 12.34, '1 day 02:03:04.5', '13:14:15.123456',"
                        + " '\\x00ff10', '2024-02-29', '2024-02-29 23:59:59.123456', '2024-03-10 01:30:00.654321-05',"
                        + " 'A0EEBC99-9C0B-4EF8-BB6D-6BB9BD380A11', '{\"b\": 1, \"a\": [1,2]}', '{\"b\": 1, \"a\": [1,2]}',"
                        + " '{1,2,3}', '{\"a\",\"b c\",NULL}', '{\"2024-01-01 00:00:00+02\"}', '{{1,2},{3,4}}')",
                "INSERT INTO " + name + " (id, updated_at, c_bigint, c_real, c_double, c_numeric, c_text, c_varchar,"
                        + " c_bytea, c_timestamp, c_timestamptz, c_date)"
                        + " VALUES (2, '2024-05-01 12:00:01+00', -9223372036854775808, 'NaN', 1.7976931348623157e308, 'NaN',"
                        + " '', 'NULL', '\\x', '1999-12-31 23:59:59', '1970-01-01 00:00:00.000001+00', '0001-01-01')",
                "INSERT INTO " + name + " (id, updated_at, c_double, c_timestamp, c_date, c_real)"
                        + " VALUES (3, '2024-05-01 12:00:02+00', '-Infinity', 'infinity', '-infinity', -0.0)",
                "INSERT INTO " + name + " (id, updated_at) VALUES (4, '2024-05-01 12:00:03+00')",
                // Edge values of the forms built in SQL: BC and five-digit years, the ends of each range, the
                // bounds of the plain years, fractions of every length, subnormal and extreme doubles, padding.
                "INSERT INTO " + name + " (id, updated_at, c_real, c_double, c_char, c_date, c_timestamp, c_timestamptz,"
                        + " c_varchar, c_text_array, c_jsonb) VALUES (5, '2024-05-01 12:00:04.1+00', 1.4e-45, 4.9e-324, ' a',"
                        + " '4713-01-01 BC',"
                        + " '4713-01-01 00:00:00 BC', '4713-01-01 00:00:00.000001+00 BC', 'a;b\\c\\;', '{\";\\\\\"}',"
                        + " '{\"a;\": \"\\\\\\\\;\"}')",
                "INSERT INTO " + name + " (id, updated_at, c_real, c_double, c_char, c_date, c_timestamp, c_timestamptz)"
                        + " VALUES (6, '2024-05-01 12:00:04.12+00', 'Infinity', 'Infinity', '', '5874897-12-31',"
                        + " '294276-12-31 23:59:59.999999', '294276-12-31 23:59:59.999999+00')",
                "INSERT INTO " + name + " (id, updated_at, c_real, c_double, c_char, c_date, c_timestamp, c_timestamptz)"
                        + " VALUES (7, '2024-05-01 12:00:04.123+00', -3.4028235e38, 2.2250738585072014e-308, 'abcde',"
                        + " '0001-12-31 BC', '0001-12-31 23:59:59.99 BC', '0001-01-01 00:00:00+00')",
                "INSERT INTO " + name + " (id, updated_at, c_real, c_double, c_date, c_timestamp, c_timestamptz)"
                        + " VALUES (8, '2024-05-01 12:00:04.1234+00', 'NaN', -1.7976931348623157e308, '0002-12-31 BC',"
                        + " '0999-12-31 23:59:59.12345 BC', '0044-03-15 12:00:00.5+00 BC')",
                "INSERT INTO " + name + " (id, updated_at, c_double, c_date, c_timestamp, c_timestamptz)"
                        + " VALUES (9, '2024-05-01 12:00:04.12345+00', 0.30000000000000004, '9999-12-31',"
                        + " '9999-12-31 23:59:59.999999', '9999-12-31 23:59:59.999999+00')",
                "INSERT INTO " + name + " (id, updated_at, c_double, c_date, c_timestamp, c_timestamptz)"
                        + " VALUES (10, '2024-05-01 12:00:04.123456+00', 1e23, '10000-01-01', '10000-01-01 00:00:00',"
                        + " '10000-01-01 00:00:00+00')",
                "INSERT INTO " + name + " (id, updated_at, c_double, c_date, c_timestamp, c_timestamptz)"
                        + " VALUES (11, '2024-05-01 12:00:05+00', -5e-324, '0001-01-01', '0001-01-01 00:00:00',"
                        + " '0001-01-01 00:00:00-00:01 BC')",
                "INSERT INTO " + name + " (id, updated_at, c_timestamptz)"
                        + " VALUES (12, '2024-05-01 12:00:06+00', 'infinity')",
                "INSERT INTO " + name + " (id, updated_at) VALUES (99, '2024-06-01 00:00:00+00')");
    }

    /**
     * A server whose encoding is not UTF8: its texts are hashed as UTF-8 all the same (convert_to), so a
     * fresh replica verifies equal and an edited accent is found.
     */
    @Test
    void aLatin1DatabaseVerifiesAsUtf8() throws Exception {
        try (PostgresTestDatabase latin1 = new PostgresTestDatabase(
                "ENCODING 'LATIN1' LC_COLLATE 'C' LC_CTYPE 'C' TEMPLATE template0")) {
            latin1.execute("CREATE TABLE " + table + " (id integer PRIMARY KEY, updated_at timestamptz NOT NULL,"
                            + " name text, code char(4))",
                    "INSERT INTO " + table + " VALUES (1, '2024-01-01 00:00:00+00', 'caf\u00e9 \u00bd;\\', '\u00e9'),"
                            + " (2, '2024-01-01 00:00:01+00', '\u00fc', NULL), (3, '2024-01-02 00:00:00+00', 'newest', 'x')");
            Path config = writeConfig("[" + latin1.sourceBlock(tableBlock("")) + "]");
            runOk(config);
            CliRun equal = verify(config);
            assertEquals(0, equal.status, equal::toString);
            ReplicaReader.edit(replicaPath(), "UPDATE \"" + table + "\" SET name = 'u' WHERE id = 2");
            CliRun result = verify(config);
            assertEquals(1, result.status, result::toString);
            assertEquals(List.of("2"), keys(verdict(result), "different"), result::toString);
        }
    }

    /**
     * A timestamptz key, stored in UTC as 2024-01-01T08:00:00.5+00:00 whatever zone the rows were written
     * in: its text's order is the instants' ('+' sorts before the fraction's point), so it is cut into
     * ranges at that text and compared as timestamptz at the source.
     */
    @Test
    void aTimestamptzKeyIsComparedAndRepaired() throws Exception {
        db.execute("CREATE TABLE " + q(table) + " (ts timestamptz PRIMARY KEY, updated_at timestamptz NOT NULL, v text)",
                "SET TIME ZONE 'Pacific/Chatham'",
                "INSERT INTO " + q(table) + " SELECT timestamptz '2024-01-01 00:00:00+00' + (g / 6) * interval '1 second'"
                        + " + (ARRAY[0, 1, 100000, 120000, 123456, 500000])[g % 6 + 1] * interval '1 microsecond',"
                        + " timestamptz '2024-01-01 00:00:00+00' + g * interval '1 millisecond', 'v' || g"
                        + " FROM generate_series(0, 11999) g",
                "INSERT INTO " + q(table) + " VALUES ('2030-01-01 00:00:00+00', '2024-03-01 00:00:00+00', 'newest')");
        Path config = config(tableBlock(""));
        runOk(config);
        CliRun equal = verify(config);
        assertEquals(0, equal.status, equal::toString);
        db.execute("UPDATE " + q(table) + " SET v = 'changed' WHERE ts = '2024-01-01 00:22:45.000001+00'");
        ReplicaReader.edit(replicaPath(), "DELETE FROM \"" + table + "\" WHERE ts = '2024-01-01T00:22:45.5+00:00'",
                "UPDATE \"" + table + "\" SET v = 'edited' WHERE ts = '2024-01-01T00:00:00+00:00'");
        CliRun result = verify(config);
        assertEquals(1, result.status, result::toString);
        JsonObject verdict = verdict(result);
        assertEquals(List.of("2024-01-01T00:22:45.5+00:00"), keys(verdict, "missing"), result::toString);
        assertEquals(List.of("2024-01-01T00:00:00+00:00", "2024-01-01T00:22:45.000001+00:00"), keys(verdict, "different"),
                result::toString);
        CliRun repaired = verify(config, "--repair");
        assertEquals(0, repaired.status, repaired::toString);
        CliRun after = verify(config);
        assertEquals(0, after.status, after::toString);
    }

    /**
     * Outside the years 1 to 9999 a date's stored text no longer sorts as the date (-0043-03-15 before
     * -0100-01-01, infinity after every digit): a key that holds such a value is refused, naming the column
     * and the value, before any range is cut.
     */
    @Test
    void aDateKeyOutsideTheYearsWhoseTextSortsAsTheyDoIsRefused() throws Exception {
        db.execute("CREATE TABLE " + q(table) + " (d date PRIMARY KEY, updated_at timestamp NOT NULL, v text)",
                "INSERT INTO " + q(table) + " VALUES ('2024-01-01', '2024-01-01 00:00:00', 'a'),"
                        + " ('2024-01-02', '2024-01-02 00:00:00', 'newest')");
        Path config = config(tableBlock(""));
        runOk(config);
        // Below the cursor, so that no run reads them first: verify still sees them among the source's rows.
        db.execute("INSERT INTO " + q(table) + " VALUES ('0044-03-15 BC', '2023-01-01 00:00:00', 'bc')");
        CliRun bc = verify(config);
        assertEquals(1, bc.status, bc::toString);
        assertEquals("its key column d (date) holds 0044-03-15 BC, outside the years 1 to 9999 (no BC year, no"
                + " infinity), where SQLite orders the stored texts as the source orders the values: verify cannot cut"
                + " such a key into ranges", verdict(bc).get("error").getAsString(), bc::toString);
        db.execute("DELETE FROM " + q(table) + " WHERE v = 'bc'",
                "INSERT INTO " + q(table) + " VALUES ('infinity', '2023-01-01 00:00:00', 'inf')");
        CliRun infinity = verify(config);
        assertEquals(1, infinity.status, infinity::toString);
        assertTrue(verdict(infinity).get("error").getAsString().startsWith("its key column d (date) holds infinity,"),
                infinity::toString);
    }

    @Override
    protected String singlePrecisionType() {
        return "real";
    }

    @Override
    protected String bytewiseTextKeyType() {
        return "text COLLATE \"C\"";
    }

    /**
     * A uuid key, compared as uuid (its order is that of its lower-case text's bytes): 20,000 rows verify
     * equal after a sync; planted drift is found with its keys and repaired, among them keys typed into
     * the replica by hand that are no uuid's canonical text (upper case, not a uuid at all), which must
     * bound no range (the source would read the first as the same uuid, refuse the second).
     */
    @Test
    void aUuidKeyIsComparedAsUuidAndRepaired() throws Exception {
        db.execute("CREATE TABLE " + q(table) + " (uid uuid PRIMARY KEY, updated_at timestamp NOT NULL, v text)",
                "INSERT INTO " + q(table) + " SELECT md5(g::text)::uuid, timestamp '2024-01-01' + g * interval '1 second',"
                        + " 'v' || g FROM generate_series(1, 20000) g",
                "INSERT INTO " + q(table) + " VALUES ('ffffffff-ffff-ffff-ffff-ffffffffffff', '2024-03-01', 'newest')");
        Path config = config(tableBlock("\"deletes\": {\"reconcile\": \"PT1H\"}"));
        runOk(config);
        CliRun equal = verify(config);
        assertEquals(0, equal.status, equal::toString);

        String changed = uuid(17);
        String gone = uuid(5);
        String deleted = uuid(3000);
        String upper = uuid(12).toUpperCase(java.util.Locale.ROOT);
        db.execute("UPDATE " + q(table) + " SET v = 'changed' WHERE uid = '" + changed + "'",
                "DELETE FROM " + q(table) + " WHERE uid = '" + gone + "'");
        ReplicaReader.edit(replicaPath(), "DELETE FROM \"" + table + "\" WHERE uid = '" + deleted + "'",
                "INSERT INTO \"" + table + "\" (uid, updated_at, v) VALUES ('" + upper + "', '2024-01-01 00:00:00', 'x'),"
                        + " ('not a uuid', '2024-01-01 00:00:00', 'x')");
        CliRun result = verify(config);
        assertEquals(1, result.status, result::toString);
        JsonObject verdict = verdict(result);
        assertEquals(List.of(deleted), keys(verdict, "missing"), result::toString);
        assertEquals(List.of(changed), keys(verdict, "different"), result::toString);
        assertEquals(java.util.stream.Stream.of(upper, gone, "not a uuid").sorted().toList(), keys(verdict, "extra"),
                result::toString);

        CliRun repaired = verify(config, "--repair");
        assertEquals(0, repaired.status, repaired::toString);
        CliRun after = verify(config);
        assertEquals(0, after.status, after::toString);
        assertEquals(20_000, ReplicaReader.count(replicaPath(), table));
    }

    /** The uuid of row {@code g} of {@link #aUuidKeyIsComparedAsUuidAndRepaired}, as PostgreSQL prints it. */
    private String uuid(int g) throws Exception {
        return db.query("SELECT md5('" + g + "')::uuid::text").get(0).get(0);
    }

    @Override
    protected String insertMany(String name, int rows) {
        return "INSERT INTO " + q(name) + " (id, updated_at, name) SELECT g, timestamp '2024-01-01' + g * interval"
                + " '1 second', 'row ' || g FROM generate_series(1, " + rows + ") AS g";
    }

    /**
     * A database whose encoding is not UTF8 (WIN1252, with the C collation): its "C" order is that of its
     * own bytes (€ 0x80, Œ 0x8C, é 0xE9), not of the UTF-8 bytes SQLite orders by (é C3 A9, Œ C5 92,
     * € E2 82 AC), so a range bound taken from the replica must not split the source's rows by it. 12000
     * keys, so that the first range ends among the non-ASCII ones; then a repair under reconcile deletes
     * only the row deleted at the source.
     */
    @Test
    void textKeysCompareByTheirUtf8BytesInADatabaseOfAnotherEncoding() throws Exception {
        try (PostgresTestDatabase win1252 = new PostgresTestDatabase(
                "ENCODING 'WIN1252' LC_COLLATE 'C' LC_CTYPE 'C' TEMPLATE template0")) {
            win1252.execute("CREATE TABLE " + q(table) + " (k varchar(20) PRIMARY KEY, v text, updated_at int NOT NULL)",
                    "INSERT INTO " + q(table) + " SELECT 'a' || lpad(g::text, 5, '0'), 'v' || g, g"
                            + " FROM generate_series(1, 6000) g",
                    "INSERT INTO " + q(table) + " SELECT (ARRAY['\u00e9', '\u0152', '\u20ac'])[1 + g % 3]"
                            + " || lpad(g::text, 5, '0'), 'w' || g, 6000 + g FROM generate_series(1, 6000) g");
            Path config = writeConfig("[" + win1252.sourceBlock("{\"name\": \"" + table + "\", \"watermark\":"
                    + " \"updated_at\", \"deletes\": {\"reconcile\": \"P1D\"}}") + "]");
            runOk(config);
            CliRun equal = verify(config);
            assertEquals(0, equal.status, equal::toString);
            assertTrue(verdict(equal).get("equal").getAsBoolean(), equal::toString);

            win1252.execute("DELETE FROM " + q(table) + " WHERE k = '\u20ac00002'");
            ReplicaReader.edit(replicaPath(), "UPDATE \"" + table + "\" SET v = 'x' WHERE k = '\u015200001'");
            CliRun repaired = verify(config, "--repair");
            assertEquals(0, repaired.status, repaired::toString);
            JsonObject verdict = verdict(repaired);
            assertEquals(List.of("\u20ac00002"), keys(verdict, "extra"), repaired::toString);
            assertEquals(List.of("\u015200001"), keys(verdict, "different"), repaired::toString);
            assertEquals(0, verdict.get("missing").getAsJsonObject().get("count").getAsLong(), repaired::toString);
            assertEquals(1, verdict.getAsJsonObject("repair").get("rowsDeleted").getAsLong(), repaired::toString);
            assertEquals(11_999, ReplicaReader.count(replicaPath(), table));
            CliRun after = verify(config);
            assertEquals(0, after.status, after::toString);
        }
    }

    /**
     * A key stored as text in SQLite that the source orders otherwise than by that text's bytes cannot
     * be cut into the same ranges on both sides: refused, with that reason (not "neither an integer nor a
     * text").
     */
    @Test
    void anEnumKeyIsRefusedForItsOrder() throws Exception {
        db.execute("CREATE TYPE " + table + "_size AS ENUM ('small', 'large')",
                "CREATE TABLE " + q(table) + " (id " + table + "_size PRIMARY KEY, updated_at timestamp NOT NULL)",
                "INSERT INTO " + q(table) + " VALUES ('small', '2024-01-01 00:00:00'), ('large', '2024-01-01 00:00:01')");
        Path config = config(tableBlock(""));
        runOk(config);
        CliRun result = verify(config);
        assertEquals(1, result.status, result::toString);
        String error = verdict(result).get("error").getAsString();
        assertTrue(error.startsWith("its key column id (" + table + "_size") && error.endsWith(") is stored as text, which SQLite orders"
                + " by its bytes and the source by its type's order: verify cannot cut such a key into ranges yet"),
                result::toString);
    }

    @Override
    protected String repeatedKeyCause() {
        return "FROM ONLY";
    }

    @Override
    protected String otherServersRepeatedKeyCause() {
        return "MERGE";
    }
}
