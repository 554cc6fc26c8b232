package dev.replicate.source.postgres;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.replicate.testing.CliRun;
import dev.replicate.testing.PostgresTestDatabase;
import dev.replicate.testing.ReplicaReader;
import dev.replicate.testing.RunPaths;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TimeZone;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.AfterParameterizedClassInvocation;
import org.junit.jupiter.params.BeforeParameterizedClassInvocation;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Every row of the PostgreSQL type table, edge values included, replicated exactly. Surefire runs the
 * tests with a JVM zone (America/St_Johns, a half-hour offset) and TZ (Asia/Kathmandu) that are not
 * UTC, and the server session that writes the rows uses a third zone. Once per way of reading and
 * writing (COPY or the fetch-size cursor; sqlite-jdbc's native methods or its JDBC batches), each on a
 * database of its own, since the tests change the rows.
 */
@ParameterizedClass
@EnumSource(value = RunPaths.class, names = {"DEFAULT", "POSTGRES_FETCH_SIZE", "SQLITE_JDBC"})
class PostgresTypesIntegrationTest {
    private static PostgresTestDatabase db;

    @Parameter
    RunPaths paths;

    private RunPaths.Switched switched;

    @TempDir
    Path dir;

    @BeforeEach
    void switchPaths() {
        switched = paths.apply();
    }

    @AfterEach
    void switchBack() {
        switched.close();
    }

    @BeforeParameterizedClassInvocation
    static void createTable() {
        db = new PostgresTestDatabase();
        db.execute(
                "CREATE TYPE mood AS ENUM ('sad', 'happy')",
                """
                CREATE TABLE every_type (
                  id integer PRIMARY KEY,
                  updated_at timestamptz NOT NULL,
                  c_smallint smallint, c_integer integer, c_bigint bigint,
                  c_boolean boolean, c_real real, c_double double precision,
                  c_numeric numeric, c_money_like numeric(12,2),
                  c_text text, c_varchar varchar(40), c_char char(5), c_enum mood, c_inet inet, c_money money,
                  c_interval interval, c_time time(6),
                  c_bytea bytea, c_date date, c_timestamp timestamp(6), c_timestamptz timestamptz(6),
                  c_uuid uuid, c_json json, c_jsonb jsonb,
                  c_int_array integer[], c_text_array text[], c_tstz_array timestamptz[], c_nested integer[][]
                )""",
                "SET TIME ZONE 'Pacific/Chatham'",
                """
                INSERT INTO every_type VALUES (
                  1, '2024-05-01 12:00:00+00',
                  -32768, 2147483647, 9223372036854775807,
                  true, 1.1, 0.1,
                  '-12345678901234567890.123456789012345678901234567890', 1.50,
                  E'h\\u00e9llo \\U0001F600 e\\u0301 "quoted" \\n line', 'varchar', 'ab', 'happy', '192.168.0.1/24', 12.34,
                  '1 day 02:03:04.5', '13:14:15.123456',
                  '\\x00ff10', '2024-02-29', '2024-02-29 23:59:59.123456', '2024-03-10 01:30:00.654321-05',
                  'A0EEBC99-9C0B-4EF8-BB6D-6BB9BD380A11', '{"b": 1, "a": [1,2]}', '{"b": 1, "a": [1,2]}',
                  '{1,2,3}', '{"a","b c",NULL}', '{"2024-01-01 00:00:00+02"}', '{{1,2},{3,4}}')""",
                """
                INSERT INTO every_type (id, updated_at, c_bigint, c_double, c_numeric, c_timestamp, c_timestamptz, c_date)
                VALUES (2, '2024-05-01 12:00:01+00', -9223372036854775808, 1.7976931348623157e308, 'NaN',
                        '1999-12-31 23:59:59', '1970-01-01 00:00:00.000001+00', '0001-01-01')""",
                "INSERT INTO every_type (id, updated_at) VALUES (3, '2024-05-01 12:00:02+00')");
    }

    @AfterParameterizedClassInvocation
    static void dropDatabase() {
        db.close();
    }

    @Test
    void everyTypeArrivesExactlyAndAgainAfterUpdatesAndALateTie() throws Exception {
        Path config = dir.resolve("config.json");
        Files.writeString(config, "[" + db.sourceBlock("{\"name\": \"every_type\", \"watermark\": \"updated_at\"}") + "]");
        Path replica = dir.resolve("replica.db");
        CliRun first = CliRun.run(dir, "run", "--config", config.toString(), "--db", replica.toString());
        assertEquals(0, first.status, first::toString);
        assertRow1(replica);
        assertRow2(replica);
        assertEquals(Arrays.asList(3L, null, null, null, null),
                ReplicaReader.query(replica, "SELECT id, c_text, c_bytea, c_numeric, c_int_array FROM every_type WHERE id = 3").get(0));

        db.execute("UPDATE every_type SET c_text = 'changed', updated_at = '2024-05-01 12:00:05+00' WHERE id = 1",
                "INSERT INTO every_type (id, updated_at, c_numeric) VALUES (0, '2024-05-01 12:00:05+00', 0.000000000000000000001)");
        CliRun second = CliRun.run(dir, "run", "--force", "--config", config.toString(), "--db", replica.toString());
        assertEquals(0, second.status, second::toString);
        assertEquals("changed", ReplicaReader.single(replica, "SELECT c_text FROM every_type WHERE id = 1"));
        assertEquals("0.000000000000000000001", ReplicaReader.single(replica, "SELECT c_numeric FROM every_type WHERE id = 0"));
        assertEquals(4L, ReplicaReader.count(replica, "every_type"));
        assertEquals("2024-05-01T12:00:05Z", ReplicaReader.single(replica,
                "SELECT last_value FROM _replicate_watermarks WHERE target = 'every_type'"));
        assertEquals("America/St_Johns", TimeZone.getDefault().getID(), "the test must run off UTC");
    }

    /**
     * As values, infinite dates and times are copied like any other. (As a watermark they are not:
     * such rows are skipped like NULL ones, see PostgresReplicationTest; the watermark here is id.)
     */
    @Test
    void infiniteTimestampsAreValuesLikeAnyOther() throws Exception {
        db.execute("CREATE TABLE infinite (id integer PRIMARY KEY, at timestamptz NOT NULL, wall timestamp, day date)",
                "INSERT INTO infinite VALUES (1, '2024-01-01 00:00:00+00', 'infinity', '-infinity'),"
                        + " (2, 'infinity', '-infinity', 'infinity'), (3, '-infinity', '2024-01-01', '2024-01-01')");
        Path config = dir.resolve("infinite.json");
        Files.writeString(config, "[" + db.sourceBlock("{\"name\": \"infinite\", \"watermark\": \"id\"}") + "]");
        Path replica = dir.resolve("infinite.db");
        for (int run = 0; run < 2; run++) {
            CliRun result = CliRun.run(dir, "run", "--force", "--config", config.toString(), "--db", replica.toString());
            assertEquals(0, result.status, result::toString);
        }
        assertEquals(List.of(
                        List.of(1L, "2024-01-01T00:00:00+00:00", "infinity", "-infinity"),
                        List.of(2L, "infinity", "-infinity", "infinity"),
                        List.of(3L, "-infinity", "2024-01-01 00:00:00", "2024-01-01")),
                ReplicaReader.query(replica, "SELECT id, at, wall, day FROM infinite ORDER BY id"));
    }

    /**
     * A database or role may set extra_float_digits (0 is the default before PostgreSQL 12, and a DBA
     * may set a negative one for reports), which prints doubles with fewer digits: 1.0000000000000002
     * came over as 1, silently, and verify found the row different for ever. The session sets it.
     */
    @Test
    void doublesKeepEveryDigitWhateverExtraFloatDigitsTheDatabaseSets() throws Exception {
        try (PostgresTestDatabase fewDigits = new PostgresTestDatabase()) {
            fewDigits.execute("ALTER DATABASE " + fewDigits.databaseName() + " SET extra_float_digits = -15",
                    "CREATE TABLE floats (id integer PRIMARY KEY, d double precision, r real, ds double precision[])",
                    "INSERT INTO floats VALUES (1, 1.0000000000000002, 1.0000001, '{0.30000000000000004}'),"
                            + " (2, 4.9e-324, 3.4028235e38, NULL)");
            Path config = dir.resolve("floats.json");
            Files.writeString(config, "[" + fewDigits.sourceBlock("{\"name\": \"floats\", \"watermark\": \"id\"}") + "]");
            Path replica = dir.resolve("floats.db");
            CliRun run = CliRun.run(dir, "run", "--config", config.toString(), "--db", replica.toString());
            assertEquals(0, run.status, run::toString);
            assertEquals(Arrays.asList(
                            Arrays.asList(1L, 1.0000000000000002, 1.0000001, "[0.30000000000000004]"),
                            Arrays.asList(2L, 4.9e-324, 3.4028235e38, null)),
                    ReplicaReader.query(replica, "SELECT id, d, r, ds FROM floats ORDER BY id"));
            CliRun verify = CliRun.run(dir, "verify", "--config", config.toString(), "--db", replica.toString());
            assertEquals(0, verify.status, verify::toString);
        }
    }

    /**
     * '[0:2]={1,2,3}' is not '{1,2,3}' in PostgreSQL, but their JSON arrays are one: both arrived as
     * [1,2,3], silently. An array whose subscripts do not start at 1 fails its table, naming the column
     * and the bounds; arrays that start at 1, of any dimension, are JSON arrays as before.
     */
    @Test
    void anArrayWhoseSubscriptsDoNotStartAtOneFailsItsTableInsteadOfLosingThem() throws Exception {
        db.execute("CREATE TABLE IF NOT EXISTS bounds (id integer PRIMARY KEY, a integer[])",
                "DELETE FROM bounds",
                "INSERT INTO bounds VALUES (1, '{1,2,3}'), (2, '{{1,2},{3,4}}'), (3, '{}'), (4, NULL)");
        Path config = dir.resolve("bounds.json");
        Files.writeString(config, "[" + db.sourceBlock("{\"name\": \"bounds\", \"watermark\": \"id\"}") + "]");
        Path replica = dir.resolve("bounds.db");
        CliRun ok = CliRun.run(dir, "run", "--config", config.toString(), "--db", replica.toString());
        assertEquals(0, ok.status, ok::toString);
        assertEquals(Arrays.asList(Arrays.asList(1L, "[1,2,3]"), Arrays.asList(2L, "[[1,2],[3,4]]"),
                        Arrays.asList(3L, "[]"), Arrays.asList(4L, null)),
                ReplicaReader.query(replica, "SELECT id, a FROM bounds ORDER BY id"));

        db.execute("INSERT INTO bounds VALUES (5, '[0:2]={1,2,3}'), (6, '[1:2][-1:0]={{1,2},{3,4}}')");
        CliRun failed = CliRun.run(dir, "run", "--force", "--config", config.toString(), "--db", replica.toString());
        assertEquals(1, failed.status, failed::toString);
        assertTrue(failed.err.contains("the column a holds an array whose subscripts do not start at 1 ([0:2])"),
                failed::toString);
        assertEquals(4L, ReplicaReader.count(replica, "bounds"));
    }

    /**
     * A json[] or jsonb[] element that is the JSON value null and an element that is SQL NULL are two
     * values in PostgreSQL ('{null}' is not ARRAY['null'::json]), but both print as null in the JSON
     * array the replica keeps: one arrived as the other, silently. An array holding a JSON null fails
     * its table, naming the column; SQL NULL elements and every other JSON value arrive as before.
     */
    @Test
    void aJsonArrayHoldingTheJsonNullFailsItsTableInsteadOfBecomingAnSqlNull() throws Exception {
        db.execute("CREATE TABLE IF NOT EXISTS jarrays (id integer PRIMARY KEY, j json[], jb jsonb[])",
                "DELETE FROM jarrays",
                "INSERT INTO jarrays VALUES (1, ARRAY['{\"a\": null}'::json, NULL, '\"null\"'::json], ARRAY['[null]'::jsonb, NULL]),"
                        + " (2, '{}', NULL), (3, ARRAY[ARRAY['1'::json, NULL], ARRAY['2'::json, '\"x\"'::json]], ARRAY['{}'::jsonb])");
        Path config = dir.resolve("jarrays.json");
        Files.writeString(config, "[" + db.sourceBlock("{\"name\": \"jarrays\", \"watermark\": \"id\"}") + "]");
        Path replica = dir.resolve("jarrays.db");
        CliRun ok = CliRun.run(dir, "run", "--config", config.toString(), "--db", replica.toString());
        assertEquals(0, ok.status, ok::toString);
        assertEquals(Arrays.asList(Arrays.asList(1L, "[{\"a\": null},null,\"null\"]", "[[null],null]"),
                        Arrays.asList(2L, "[]", null), Arrays.asList(3L, "[[1,null],[2,\"x\"]]", "[{}]")),
                ReplicaReader.query(replica, "SELECT id, j, jb FROM jarrays ORDER BY id"));

        db.execute("INSERT INTO jarrays VALUES (4, ARRAY['1'::json, 'null'::json], NULL)");
        CliRun json = CliRun.run(dir, "run", "--force", "--config", config.toString(), "--db", replica.toString());
        assertEquals(1, json.status, json::toString);
        assertTrue(json.err.contains("the column j holds the JSON value null in an array"), json::toString);
        db.execute("DELETE FROM jarrays WHERE id = 4", "INSERT INTO jarrays VALUES (5, NULL, ARRAY[ARRAY['null'::jsonb]])");
        CliRun jsonb = CliRun.run(dir, "run", "--force", "--config", config.toString(), "--db", replica.toString());
        assertEquals(1, jsonb.status, jsonb::toString);
        assertTrue(jsonb.err.contains("the column jb holds the JSON value null in an array"), jsonb::toString);
        assertEquals(3L, ReplicaReader.count(replica, "jarrays"));
    }

    /**
     * The same for an array of a domain over jsonb (review): its type reads as the domain's name, and
     * its JSON null arrived as an SQL NULL element. An array of a domain over text holding the text
     * 'null' is a string, and arrives.
     */
    @Test
    void anArrayOfAJsonDomainHoldingTheJsonNullFailsItsTableToo() throws Exception {
        db.execute("DO $$ BEGIN CREATE DOMAIN jdom AS jsonb; EXCEPTION WHEN duplicate_object THEN NULL; END $$",
                "DO $$ BEGIN CREATE DOMAIN tdom AS text; EXCEPTION WHEN duplicate_object THEN NULL; END $$",
                "CREATE TABLE IF NOT EXISTS darrays (id integer PRIMARY KEY, jd jdom[], td tdom[])",
                "DELETE FROM darrays",
                "INSERT INTO darrays VALUES (1, ARRAY['{}'::jdom, NULL], ARRAY['null'::tdom, NULL])");
        Path config = dir.resolve("darrays.json");
        Files.writeString(config, "[" + db.sourceBlock("{\"name\": \"darrays\", \"watermark\": \"id\"}") + "]");
        Path replica = dir.resolve("darrays.db");
        CliRun ok = CliRun.run(dir, "run", "--config", config.toString(), "--db", replica.toString());
        assertEquals(0, ok.status, ok::toString);
        assertEquals(List.of(List.of(1L, "[{},null]", "[\"null\",null]")),
                ReplicaReader.query(replica, "SELECT id, jd, td FROM darrays ORDER BY id"));

        db.execute("INSERT INTO darrays VALUES (2, ARRAY['null'::jdom], NULL)");
        CliRun failed = CliRun.run(dir, "run", "--force", "--config", config.toString(), "--db", replica.toString());
        assertEquals(1, failed.status, failed::toString);
        assertTrue(failed.err.contains("the column jd holds the JSON value null in an array"), failed::toString);
        assertEquals(1L, ReplicaReader.count(replica, "darrays"));
    }

    private static void assertRow1(Path replica) {
        Map<String, Object> expected = new LinkedHashMap<>();
        expected.put("updated_at", "2024-05-01T12:00:00+00:00");
        expected.put("c_smallint", -32768L);
        expected.put("c_integer", 2147483647L);
        expected.put("c_bigint", 9223372036854775807L);
        expected.put("c_boolean", 1L);
        expected.put("c_real", 1.1);
        expected.put("c_double", 0.1);
        expected.put("c_numeric", "-12345678901234567890.123456789012345678901234567890");
        expected.put("c_money_like", "1.50");
        expected.put("c_text", "h\u00e9llo \uD83D\uDE00 e\u0301 \"quoted\" \n line");
        expected.put("c_varchar", "varchar");
        expected.put("c_char", "ab   ");
        expected.put("c_enum", "happy");
        expected.put("c_inet", "192.168.0.1/24");
        expected.put("c_money", db.query("SELECT 12.34::money::text").get(0).get(0));
        expected.put("c_interval", "1 day 02:03:04.5");
        expected.put("c_time", "13:14:15.123456");
        expected.put("c_date", "2024-02-29");
        expected.put("c_timestamp", "2024-02-29 23:59:59.123456");
        expected.put("c_timestamptz", "2024-03-10T06:30:00.654321+00:00");
        expected.put("c_uuid", "a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11");
        expected.put("c_json", "{\"b\": 1, \"a\": [1,2]}");
        expected.put("c_jsonb", "{\"a\": [1, 2], \"b\": 1}");
        expected.put("c_int_array", "[1,2,3]");
        expected.put("c_text_array", "[\"a\",\"b c\",null]");
        expected.put("c_tstz_array", "[\"2023-12-31T22:00:00+00:00\"]");
        expected.put("c_nested", "[[1,2],[3,4]]");
        String columns = String.join(", ", expected.keySet());
        List<Object> actual = ReplicaReader.query(replica, "SELECT " + columns + " FROM every_type WHERE id = 1").get(0);
        int i = 0;
        for (Map.Entry<String, Object> entry : expected.entrySet()) {
            assertEquals(entry.getValue(), actual.get(i++), entry.getKey());
        }
        assertArrayEquals(new byte[] {0, (byte) 0xff, 0x10},
                (byte[]) ReplicaReader.single(replica, "SELECT c_bytea FROM every_type WHERE id = 1"));
        assertEquals(List.of("integer", "integer", "real", "text", "text", "blob"), ReplicaReader.query(replica,
                "SELECT typeof(c_bigint), typeof(c_boolean), typeof(c_double), typeof(c_numeric), typeof(c_timestamptz),"
                        + " typeof(c_bytea) FROM every_type WHERE id = 1").get(0));
    }

    private static void assertRow2(Path replica) {
        assertEquals(List.of(-9223372036854775808L, 1.7976931348623157e308, "NaN", "1999-12-31 23:59:59",
                        "1970-01-01T00:00:00.000001+00:00", "0001-01-01"),
                ReplicaReader.query(replica, "SELECT c_bigint, c_double, c_numeric, c_timestamp, c_timestamptz, c_date"
                        + " FROM every_type WHERE id = 2").get(0));
    }
}
