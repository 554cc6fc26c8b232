package dev.replicate.config;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.replicate.source.SourceRegistry;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ConfigLoaderTest {
    private static final Map<String, String> ENV = Map.of("DB_PASSWORD", "s3cr3t-pw", "EMPTY", "");

    private static ReplicationConfig load(String json) throws ConfigException {
        return new ConfigLoader(ENV, SourceRegistry.discover()).load(json, "test.json");
    }

    private static List<String> problems(String json) {
        ConfigException e = assertThrows(ConfigException.class, () -> load(json));
        return e.problems().stream().map(ConfigProblem::toString).toList();
    }

    @Test
    void theReplicationPluginShapeWorksAsItIs() throws Exception {
        ReplicationConfig config = load("""
                [ { "source": "postgres", "conn": "postgres://app:pw@db.example.com:5432/shop",
                    "intervalSeconds": 300, "pageSize": 500,
                    "tables": [ { "name": "orders", "watermark": "updated_at", "primaryKey": "id", "target": "orders_copy" } ] } ]""");
        SourceConfig source = config.sources().get(0);
        assertEquals("postgres", source.type());
        assertEquals("postgres://db.example.com:5432/shop", source.name(), "identity without secrets");
        TableConfig table = source.tables().get(0);
        assertEquals("orders", table.name().table());
        assertEquals(Optional.of(List.of("id")), table.primaryKey());
        assertEquals("orders_copy", table.target());
        assertEquals(300, table.intervalSeconds());
        assertEquals(500, table.pageSize());
        assertEquals(Optional.empty(), config.database());
    }

    @Test
    void theObjectShapeNamesTheDatabaseAndDefaultsApply() throws Exception {
        ReplicationConfig config = load("""
                {"database": "replica.db", "logRetentionDays": 7, "sources": [
                  {"source": "postgres", "conn": "jdbc:postgresql://h/db", "name": "main",
                   "tables": [{"name": "sales.orders", "watermark": "id", "primaryKey": [], "lookback": 100},
                              {"name": "events", "watermark": "ts", "lookback": "PT5M", "intervalSeconds": 5}]}]}""");
        assertEquals(Optional.of("replica.db"), config.database());
        assertEquals(7, config.logRetentionDays());
        SourceConfig source = config.sources().get(0);
        assertEquals("main", source.name());
        TableConfig orders = source.tables().get(0);
        assertEquals(Optional.of("sales"), orders.name().schema());
        assertEquals("orders", orders.target(), "the target defaults to the bare table name");
        assertEquals(Optional.of(List.of()), orders.primaryKey(), "[] means append-only");
        assertEquals(Optional.of(new Lookback.Amount(new BigDecimal("100"))), orders.lookback());
        assertEquals(ConfigLoader.DEFAULT_INTERVAL_SECONDS, orders.intervalSeconds());
        assertEquals(ConfigLoader.DEFAULT_PAGE_SIZE, orders.pageSize());
        TableConfig events = source.tables().get(1);
        assertEquals(Optional.of(new Lookback.Span(Duration.ofMinutes(5))), events.lookback());
        assertEquals(5, events.intervalSeconds());
        assertEquals(Optional.empty(), events.primaryKey(), "absent: reflect the source's key");
    }

    /**
     * A number out of range is named shortly: 1e309 was written out whole, 310 digits, and a number written with
     * hundreds of digits (valid JSON) was refused as "invalid JSON ... a comma or } is missing": it was read as
     * its first 40 characters.
     */
    @Test
    void aNumberOutOfRangeIsNamedAsWrittenAndAHugeOneCutShort() throws Exception {
        String digits = "9".repeat(400);
        assertEquals(List.of(
                "$[0].pageSize: must be a whole number from 1 to 1000000, not 1E+309",
                "$[1].pageSize: must be a whole number from 1 to 1000000, not 2.50",
                "$[2].pageSize: must be a whole number from 1 to 1000000, not 99999999999999999999... (400 characters)"),
                problems("""
                [{"source": "postgres", "conn": "postgres://h/a", "pageSize": 1e309,
                  "tables": [{"name": "t", "watermark": "id"}]},
                 {"source": "postgres", "conn": "postgres://h/b", "pageSize": 2.50,
                  "tables": [{"name": "u", "watermark": "id"}]},
                 {"source": "postgres", "conn": "postgres://h/c", "pageSize": %s,
                  "tables": [{"name": "v", "watermark": "id"}]}]""".formatted(digits)));
        // A number's word is read whole: 10x is named, not cut at its x.
        assertEquals(List.of("$[0].pageSize: invalid JSON at line 1 column 63: 10x is not a JSON number"),
                problems("""
                [{"source": "postgres", "conn": "postgres://h/a", "pageSize": 10x,
                  "tables": [{"name": "t", "watermark": "id"}]}]"""));
    }

    /** How long a read waits for another session's lock on a table: 30 s unless the source block says. */
    @Test
    void aSourcesLockTimeoutDefaultsToThirtySecondsAndIsCheckedWithItsPath() throws Exception {
        ReplicationConfig config = load("""
                [{"source": "postgres", "conn": "postgres://h/a", "tables": [{"name": "t", "watermark": "id"}]},
                 {"source": "postgres", "conn": "postgres://h/b", "lockTimeoutSeconds": 0,
                  "tables": [{"name": "u", "watermark": "id"}]},
                 {"source": "mysql", "conn": "mysql://h/c", "lockTimeoutSeconds": 5,
                  "tables": [{"name": "v", "watermark": "id"}]}]""");
        assertEquals(List.of(30, 0, 5), config.sources().stream().map(s -> s.settings().lockTimeoutSeconds()).toList());
        assertEquals(List.of(
                "$[0].lockTimeoutSeconds: must be a whole number from 0 to 86400, not -1",
                "$[1].lockTimeoutSeconds: must be a whole number from 0 to 86400, not 1.5",
                "$[2].lockTimeoutSeconds: must be a whole number from 0 to 86400, not a string"),
                problems("""
                [{"source": "postgres", "conn": "postgres://h/a", "lockTimeoutSeconds": -1,
                  "tables": [{"name": "t", "watermark": "id"}]},
                 {"source": "postgres", "conn": "postgres://h/b", "lockTimeoutSeconds": 1.5,
                  "tables": [{"name": "u", "watermark": "id"}]},
                 {"source": "postgres", "conn": "postgres://h/c", "lockTimeoutSeconds": "30s",
                  "tables": [{"name": "v", "watermark": "id"}]}]"""));
    }

    /**
     * How long a read waits for a server that sent nothing: unless the source block says, ten minutes beyond
     * its lock timeout (a statement may wait that long for a lock, in silence); 0 forever; a number no
     * longer than the lock timeout would take every locked table for a silent server, and is refused.
     */
    /**
     * The longest lock wait (a day) leaves read timeouts beyond it to choose from, its default among them: the read
     * timeout's limit was a day too, so with a day's lock wait only 0 was accepted, and the default (a day and ten
     * minutes) lay past the limit the README gave.
     */
    @Test
    void aDayLongLockWaitLeavesLongerReadTimeoutsValid() throws Exception {
        ReplicationConfig config = load("""
                [{"source": "postgres", "conn": "postgres://h/a", "lockTimeoutSeconds": 86400,
                  "tables": [{"name": "t", "watermark": "id"}]},
                 {"source": "mysql", "conn": "mysql://h/b", "lockTimeoutSeconds": 86400, "readTimeoutSeconds": 90000,
                  "tables": [{"name": "u", "watermark": "id"}]},
                 {"source": "mysql", "conn": "mysql://h/c", "readTimeoutSeconds": 172800,
                  "tables": [{"name": "v", "watermark": "id"}]}]""");
        assertEquals(List.of(87000, 90000, 172800),
                config.sources().stream().map(s -> s.settings().readTimeoutSeconds()).toList());
    }

    @Test
    void aSourcesReadTimeoutDefaultsToTenMinutesBeyondItsLockTimeoutAndIsCheckedWithItsPath() throws Exception {
        ReplicationConfig config = load("""
                [{"source": "postgres", "conn": "postgres://h/a", "tables": [{"name": "t", "watermark": "id"}]},
                 {"source": "postgres", "conn": "postgres://h/b", "lockTimeoutSeconds": 0,
                  "tables": [{"name": "u", "watermark": "id"}]},
                 {"source": "mysql", "conn": "mysql://h/c", "lockTimeoutSeconds": 120,
                  "tables": [{"name": "v", "watermark": "id"}]},
                 {"source": "mysql", "conn": "mysql://h/d", "readTimeoutSeconds": 0,
                  "tables": [{"name": "w", "watermark": "id"}]},
                 {"source": "postgres", "conn": "postgres://h/e", "lockTimeoutSeconds": 0, "readTimeoutSeconds": 5,
                  "tables": [{"name": "x", "watermark": "id"}]},
                 {"source": "postgres", "conn": "postgres://h/f", "readTimeoutSeconds": 31,
                  "tables": [{"name": "y", "watermark": "id"}]}]""");
        assertEquals(List.of(630, 600, 720, 0, 5, 31),
                config.sources().stream().map(s -> s.settings().readTimeoutSeconds()).toList());
        assertEquals(List.of(
                "$[0].readTimeoutSeconds: must be a whole number from 0 to 172800, not -1",
                "$[1].readTimeoutSeconds: must be a whole number from 0 to 172800, not 172801",
                "$[2].readTimeoutSeconds: must be a whole number from 0 to 172800, not 2.5",
                "$[3].readTimeoutSeconds: must be a whole number from 0 to 172800, not a string",
                "$[4].readTimeoutSeconds: must be more than the source's lockTimeoutSeconds (30), since a statement"
                        + " waits for a lock without a word from the server, or 0 to wait forever; not 30",
                "$[5].readTimeoutSeconds: must be more than the source's lockTimeoutSeconds (60), since a statement"
                        + " waits for a lock without a word from the server, or 0 to wait forever; not 10"),
                problems("""
                [{"source": "postgres", "conn": "postgres://h/a", "readTimeoutSeconds": -1,
                  "tables": [{"name": "t", "watermark": "id"}]},
                 {"source": "postgres", "conn": "postgres://h/b", "readTimeoutSeconds": 172801,
                  "tables": [{"name": "u", "watermark": "id"}]},
                 {"source": "postgres", "conn": "postgres://h/c", "readTimeoutSeconds": 2.5,
                  "tables": [{"name": "v", "watermark": "id"}]},
                 {"source": "postgres", "conn": "postgres://h/d", "readTimeoutSeconds": "10m",
                  "tables": [{"name": "w", "watermark": "id"}]},
                 {"source": "postgres", "conn": "postgres://h/e", "readTimeoutSeconds": 30,
                  "tables": [{"name": "x", "watermark": "id"}]},
                 {"source": "mysql", "conn": "mysql://h/f", "lockTimeoutSeconds": 60, "readTimeoutSeconds": 10,
                  "tables": [{"name": "y", "watermark": "id"}]}]"""));
    }

    @Test
    void environmentVariablesAreSubstitutedAndTheirValuesBecomeSecrets() throws Exception {
        ReplicationConfig config = load("""
                [{"source": "postgres", "conn": "postgres://app:${DB_PASSWORD}@${DB_HOST:-localhost}/shop",
                  "password": "${DB_PASSWORD}", "user": "${EMPTY:-fallback}",
                  "tables": [{"name": "t", "watermark": "id"}]}]""");
        SourceConfig source = config.sources().get(0);
        assertEquals("postgres://app:s3cr3t-pw@localhost/shop", source.settings().conn());
        assertEquals(Optional.of("fallback"), source.settings().user(), "as in the shell, :- also covers empty");
        assertEquals("failed: password *** for postgres://app:***@localhost/shop",
                config.secrets().mask("failed: password s3cr3t-pw for postgres://app:s3cr3t-pw@localhost/shop"));
    }

    /**
     * Hostile test: the README's own pattern, {@code postgres://app:${PGPASSWORD}@host:5432/db}, with a
     * password that holds a {@code ?} was refused as "has a port that is not a number", naming neither
     * the variable nor the way out. The value is never repeated.
     */
    /**
     * What a run whose configuration fails reads of its "database", to keep its metrics file off that
     * file: interpolated as load() does, no name where the loader would report a problem with it, and
     * whether there is a "database" at all (without one, the default is meant).
     */
    @Test
    void theRawDatabaseIsReadAsTheLoaderReadsItWhateverElseFails() {
        Map<String, String> env = Map.of("DATA", "/srv/data");
        String broken = ", \"sources\": [{\"conn\": \"${UNSET_PW}\"}]}";
        for (Map.Entry<String, String> named : Map.of("${DATA}/r.db", "/srv/data/r.db", "${NOPE:-/d}/r.db", "/d/r.db",
                "plain.db", "plain.db").entrySet()) {
            assertEquals(new ConfigLoader.RawDatabase(true, true, Optional.of(named.getValue())),
                    ConfigLoader.rawDatabase("{\"database\": \"" + named.getKey() + "\"" + broken, env), named.getKey());
        }
        for (String unknown : List.of("{\"database\": \"${NOPE}/r.db\"" + broken, "{\"database\": \"${DATA-x}/r.db\"}",
                "{\"database\": \" \"}", "{\"database\": 7}")) {
            assertEquals(new ConfigLoader.RawDatabase(true, true, Optional.empty()), ConfigLoader.rawDatabase(unknown, env), unknown);
        }
        for (String none : List.of("{\"sources\": 1}", "[]")) {
            assertEquals(new ConfigLoader.RawDatabase(true, false, Optional.empty()), ConfigLoader.rawDatabase(none, env), none);
        }
        for (String notRead : List.of("{\"database\": \"a.db\"", "not json", "\"a.db\"")) {
            assertEquals(new ConfigLoader.RawDatabase(false, false, Optional.empty()), ConfigLoader.rawDatabase(notRead, env), notRead);
        }
    }

    @Test
    void aVariablesQuestionMarkInAConnIsNamedWithTheWayOut() {
        ConfigException e = assertThrows(ConfigException.class, () -> new ConfigLoader(
                Map.of("PGPASSWORD", "Zq7/Xk9?w"), SourceRegistry.discover()).load("""
                [{"source": "postgres", "conn": "postgres://app:${PGPASSWORD}@db.example.com:5432/shop",
                  "tables": [{"name": "t", "watermark": "id"}]}]""", "test.json"));
        List<String> problems = e.problems().stream().map(ConfigProblem::toString).toList();
        assertEquals(1, problems.size(), problems::toString);
        String problem = problems.get(0);
        assertTrue(problem.startsWith("$[0].conn: "), problem);
        assertTrue(problem.contains("the value of PGPASSWORD holds a ?")
                && problem.contains("\"password\": \"${PGPASSWORD}\""), problem);
        assertFalse(problem.contains("Zq7") || problem.contains("Xk9"), problem);
    }

    /**
     * Hostile test: the shell's other expansions ({@code ${VAR-default}}, {@code ${VAR:=default}},
     * {@code ${VAR:?}}, {@code ${VAR:+alt}}) and a reference inside a default were taken as literal text,
     * or cut at the inner {@code }}: {@code ${DB_URL:-postgres://app:${PW}@db/shop}} with DB_URL set became
     * DB_URL's value followed by "@db/shop}". Each is now a problem naming the variable, never a value.
     */
    @Test
    void shellExpansionsReplicateDoesNotReadAreProblemsNotLiteralText() {
        List<String> problems = problems("""
                [{"source": "postgres", "conn": "${DB_URL:-postgres://app:${DB_PASSWORD}@db/shop}",
                  "password": "${DB_PASSWORD-}", "user": "${APP_USER:=app}",
                  "tables": [{"name": "${TABLE:?}", "watermark": "${WM:+id}"}]}]""");
        assertEquals(List.of(
                "$[0].conn: ${DB_URL:-...} holds another ${...} in its default, which replicate does not read;"
                        + " write ${NAME} or ${NAME:-default} with a plain default",
                "$[0].user: ${APP_USER:=...} is not a reference replicate reads; write ${APP_USER} or ${APP_USER:-default}",
                "$[0].password: ${DB_PASSWORD-...} is not a reference replicate reads; write ${DB_PASSWORD} or"
                        + " ${DB_PASSWORD:-default}",
                "$[0].tables[0].name: ${TABLE:?...} is not a reference replicate reads; write ${TABLE} or ${TABLE:-default}",
                "$[0].tables[0].watermark: ${WM:+...} is not a reference replicate reads; write ${WM} or ${WM:-default}"),
                problems.stream().filter(p -> p.contains("${")).toList(), problems::toString);
        problems.forEach(p -> assertFalse(p.contains("s3cr3t"), p));
    }

    /**
     * Hostile test: a "name" copied from the conn, credentials and all, was stored as the source's
     * identity in _replicate_watermarks and _replicate_log, printed by `status --json` and exported as
     * the metrics' source label: the password in the SQLite file and the metrics, unmasked.
     */
    @Test
    void aNameThatHoldsASecretIsRefusedWithoutRepeatingIt() {
        List<String> problems = problems("""
                [{"source": "postgres", "conn": "postgres://app:${DB_PASSWORD}@db:5432/shop",
                  "name": "postgres://app:${DB_PASSWORD}@db:5432/shop", "tables": [{"name": "t", "watermark": "id"}]},
                 {"source": "postgres", "conn": "postgres://db:5432/billing", "password": "Kq8-secret-Zw",
                  "name": "billing Kq8-secret-Zw", "tables": [{"name": "u", "watermark": "id"}]},
                 {"source": "postgres", "conn": "postgres://db:5432/crm", "name": "mysql://u:other-pw@crm/x",
                  "tables": [{"name": "v", "watermark": "id"}]}]""");
        String expected = ": holds a password; the name is stored in the SQLite file and shown by status and the"
                + " metrics, so name the source without credentials, such as postgres://host:5432/database";
        assertEquals(List.of("$[0].name" + expected, "$[1].name" + expected, "$[2].name" + expected), problems);
        assertDoesNotThrow(() -> load("""
                [{"source": "postgres", "conn": "postgres://app:${DB_PASSWORD}@db:5432/shop",
                  "name": "postgres://db:5432/shop", "tables": [{"name": "t", "watermark": "id"}]}]"""));
    }

    /**
     * Hostile test: a target that holds a password (typed in by mistake, or built from the variable that holds
     * it) was masked in every message ({@code t_***: 11 rows}) but named the SQLite table: the password stood
     * unmasked in the file's schema, its index names, _replicate_watermarks and _replicate_log. A table's name
     * that holds one is its target when no target is given. A password of a later block counts too.
     */
    @Test
    void aTargetThatHoldsASecretIsRefusedWithoutRepeatingIt() {
        List<String> problems = problems("""
                [{"source": "postgres", "conn": "postgres://app:Kq8-secret-Zw@db:5432/shop",
                  "tables": [{"name": "t", "watermark": "id", "target": "t_Kq8-secret-Zw"},
                             {"name": "orders_Kq8-secret-Zw", "watermark": "id"},
                             {"name": "u", "watermark": "id", "target": "u_${DB_PASSWORD}"},
                             {"name": "v", "watermark": "id", "target": "v_secret"}]},
                 {"source": "postgres", "conn": "postgres://db:5432/billing", "password": "${DB_PASSWORD}",
                  "tables": [{"name": "w", "watermark": "id"}]}]""");
        String expected = ".target: holds a password; the target names the SQLite table, which the SQLite file"
                + " stores with its state and log rows, so set a \"target\" without it";
        assertEquals(List.of("$[0].tables[0]" + expected, "$[0].tables[1]" + expected, "$[0].tables[2]" + expected),
                problems);
    }

    @Test
    void everyProblemIsReportedAtOnceWithItsPath() {
        List<String> problems = problems("""
                [{"source": "postgres", "conn": "postgres://h/db", "intervalSecs": 5, "pageSize": 0,
                  "tables": [{"name": "t", "watermrk": "x"},
                             {"name": "u", "watermark": "x", "lookback": "5 minutes", "primaryKey": 7}]},
                 {"source": "oracle", "conn": "x", "tables": [{"name": "t", "watermark": "id"}]},
                 {"source": "postgres", "conn": "postgres://u:${NOT_SET}@h2/db", "tables": []}]""");
        assertEquals(List.of(
                "$[0].intervalSecs: unknown key \"intervalSecs\"; did you mean \"intervalSeconds\"?",
                "$[0].pageSize: must be a whole number from 1 to 1000000, not 0",
                "$[0].tables[0].watermrk: unknown key \"watermrk\"; did you mean \"watermark\"?",
                "$[0].tables[1].primaryKey: must be a column name or an array of column names, not a number (7)",
                "$[0].tables[1].lookback: \"5 minutes\" is not an ISO-8601 duration such as PT5M, PT1H or P1D",
                "$[1].source: unknown source type \"oracle\"; known types: "
                        + String.join(", ", SourceRegistry.discover().types()),
                "$[2].conn: environment variable NOT_SET is not set (write ${NOT_SET:-default} to give a default)",
                "$[2].tables: names no table; add at least one",
                // Without a watermark the first "t" is a full table, and so a table like any other.
                "$[1].tables[0].target: the SQLite table \"t\" is also written by $[0].tables[0]; set a distinct \"target\""),
                problems);
    }

    /**
     * A user's test: a passwordless login written as SOURCES.md shows, {@code mysql://root:${DB_PASSWORD}@...}
     * with DB_PASSWORD= exported empty, was refused as "environment variable DB_PASSWORD is not set": it is
     * set. An empty variable counts as unset (the shell's ${VAR:-x} rule), so the message says so and
     * names the way to an empty value, ${DB_PASSWORD:-}, which works.
     */
    @Test
    void anEmptyVariableIsNamedAsEmptyWithTheWayToAnEmptyValue() throws ConfigException {
        assertEquals(List.of("$[0].conn: environment variable EMPTY is empty, which counts as not set (write"
                        + " ${EMPTY:-default} to give a default, ${EMPTY:-} for an empty value)"),
                problems("""
                        [{"source": "postgres", "conn": "postgres://u:${EMPTY}@h/db", "tables": [{"name": "t", "watermark": "id"}]}]"""));
        assertEquals("postgres://u:@h/db", load("""
                [{"source": "postgres", "conn": "postgres://u:${EMPTY:-}@h/db", "tables": [{"name": "t", "watermark": "id"}]}]""")
                .sources().get(0).settings().conn());
    }

    @Test
    void twoTablesMayNotWriteOneTarget() {
        List<String> problems = problems("""
                [{"source": "postgres", "conn": "postgres://h/a", "tables": [{"name": "orders", "watermark": "id"}]},
                 {"source": "postgres", "conn": "postgres://h/b", "tables": [{"name": "x.ORDERS", "watermark": "id"}]}]""");
        assertEquals(List.of("$[1].tables[0].target: the SQLite table \"ORDERS\" is also written by $[0].tables[0];"
                + " set a distinct \"target\""), problems);
    }

    /**
     * SQLite's names ignore the case of ASCII letters only: "café" and "CAFÉ" are two SQLite tables ("É" is
     * not folded), so two targets spelt so are allowed. Hostile test: refused as one table, as Java's
     * toLowerCase folds every letter.
     */
    @Test
    void targetsDifferingInCaseOutsideAsciiAreTwoSqliteTables() throws Exception {
        assertEquals(List.of("café", "CAFÉ"), load("""
                [{"source": "postgres", "conn": "postgres://h/a", "tables": [
                   {"name": "a", "watermark": "id", "target": "café"},
                   {"name": "b", "watermark": "id", "target": "CAFÉ"}]}]""")
                .sources().get(0).tables().stream().map(TableConfig::target).toList());
    }

    /**
     * One source table in several tables of the configuration, each its own target (two "where" subsets):
     * allowed since the state is kept by target (issue #15). The same table into one target twice stays refused.
     */
    @Test
    void oneSourceTableMayFeedSeveralTargetsButNotOneTargetTwice() throws Exception {
        ReplicationConfig config = load("""
                [{"source": "postgres", "conn": "postgres://h/a", "tables": [
                   {"name": "orders", "watermark": "id", "target": "orders_eu", "where": "region = 'EU'"},
                   {"name": "orders", "watermark": "id", "target": "orders_us", "where": "region = 'US'"}]}]""");
        assertEquals(List.of("orders_eu", "orders_us"),
                config.sources().get(0).tables().stream().map(TableConfig::target).toList());
        assertEquals(List.of("$[0].tables[1].target: the SQLite table \"orders\" is also written by $[0].tables[0];"
                + " set a distinct \"target\""), problems("""
                [{"source": "postgres", "conn": "postgres://h/a", "tables": [
                   {"name": "orders", "watermark": "id", "where": "region = 'EU'"},
                   {"name": "orders", "watermark": "id", "where": "region = 'US'"}]}]"""));
    }

    @Test
    void twoBlocksOnOneDatabaseNeedNames() {
        List<String> problems = problems("""
                [{"source": "postgres", "conn": "postgres://h/a", "tables": [{"name": "one", "watermark": "id"}]},
                 {"source": "postgres", "conn": "postgres://other@h:5432/a", "tables": [{"name": "two", "watermark": "id"}]}]""");
        assertEquals(List.of("$[1]: has the same identity \"postgres://h:5432/a\" as $[0]; give each block a distinct \"name\""),
                problems);
    }

    @Test
    void badJsonNamesLineAndColumn() {
        List<String> problems = problems("[\n  {\"source\": \"postgres\",\n   \"conn\": }\n]");
        assertEquals(List.of("$[0].conn: invalid JSON at line 3 column 12: a value is missing before }"), problems);
    }

    /** Issue #14: what is wrong and where, in the user's words; never the parser's advice or its class names. */
    @Test
    void malformedJsonIsDescribedInTheUsersTerms() {
        Map<String, String> cases = new java.util.LinkedHashMap<>();
        cases.put("[\n  {\"source\": \"postgres\",\n   \"tables\": [\"a\",\n  ]}\n]",
                "$[0].tables: invalid JSON at line 3 column 18: a trailing comma before ] (JSON allows none after the last item)");
        cases.put("[{\"source\": \"postgres\",\n  }]",
                "$[0]: invalid JSON at line 1 column 23: a trailing comma before } (JSON allows none after the last item)");
        cases.put("// replicate's settings\n[]",
                "$: invalid JSON at line 1 column 1: comments are not allowed in JSON");
        cases.put("[{\"source\": \"postgres\", /* for now */ \"conn\": \"x\"}]",
                "$[0]: invalid JSON at line 1 column 25: comments are not allowed in JSON");
        cases.put("[{\"source\": 'postgres'}]",
                "$[0].source: invalid JSON at line 1 column 13: text in single quotes; JSON needs double quotes (\"...\")");
        cases.put("[{source: \"postgres\"}]",
                "$[0]: invalid JSON at line 1 column 3: the key source is not in double quotes; write \"source\"");
        cases.put("[{\"source\": \"postgres\"\n  \"conn\": \"x\"}]",
                "$[0]: invalid JSON at line 2 column 3: a comma is missing before \"conn\"");
        cases.put("[\"a\" \"b\"]",
                "$: invalid JSON at line 1 column 6: a comma is missing before this item");
        cases.put("[\n  {\"source\": \"postgres\",\n   \"tables\": [",
                "$[0].tables: invalid JSON at line 3 column 15: the text ends before the [ at line 3 column 14 is closed");
        cases.put("[{\"source\": \"postg",
                "$[0].source: invalid JSON at line 1 column 13: the text ends inside this string (its closing \" is missing)");
        cases.put("[{\"pageSize\": NaN}]",
                "$[0].pageSize: invalid JSON at line 1 column 15: NaN is not a JSON value; write a number");
        cases.put("[{\"pageSize\": -Infinity}]",
                "$[0].pageSize: invalid JSON at line 1 column 15: -Infinity is not a JSON value; write a number");
        cases.put("[{\"pageSize\": 01}]",
                "$[0].pageSize: invalid JSON at line 1 column 15: 01 is not a JSON number");
        cases.put("[{\"source\" \"postgres\"}]",
                "$[0].source: invalid JSON at line 1 column 12: a colon (:) is missing after the key \"source\"");
        cases.put("[1,,2]", "$[1]: invalid JSON at line 1 column 4: a value is missing before ,");
        cases.put("[{\"a\": True}]", "$[0].a: invalid JSON at line 1 column 8: True is not JSON; write true");
        cases.put("[{\"a\": postgres}]",
                "$[0].a: invalid JSON at line 1 column 8: postgres is not a JSON value; text needs double quotes");
        cases.put("[{\"a\": 1]", "$[0]: invalid JSON at line 1 column 9: the { at line 1 column 2 is closed with ]");
        cases.put("[{\"conn\": \"C:\\path\"}]",
                "$[0].conn: invalid JSON at line 1 column 14: \\p is not a JSON escape; write \\\\ for a backslash");
        cases.put("[{\"a\": \"two\nlines\"}]",
                "$[0].a: invalid JSON at line 1 column 12: a line break inside a string; write it as \\n");
        cases.put("[] []", "$: invalid JSON at line 1 column 4: more text after the end of the JSON");
        for (Map.Entry<String, String> c : cases.entrySet()) {
            assertEquals(List.of(c.getValue()), problems(c.getKey()), c.getKey());
        }
        for (String blank : List.of("", "  \n")) {
            assertEquals(List.of("$: is empty; expected a JSON array of source blocks"), problems(blank));
        }
        List<String> all = new java.util.ArrayList<>(cases.keySet());
        all.addAll(List.of("[{\"a\": Infinity}]", "[1 2]", "{\"a\" 1}", "[\"\\u12\"]", "[1}", "[{\"a\":", "[-]", "[1.]", "[.5]",
                "[+1]", "#x\n[]", "[\"\u0001\"]", "{'a': 1}", "[\"a\" , ]", "{\"a\":[],}", "[@]", "\uFEFF"));
        for (String json : all) {
            String problem = problems(json).toString();
            for (String jargon : List.of("Json", "Strictness", "LENIENT", "lenient", "Malformed", "Exception", "gson",
                    "https://", "path $")) {
                assertFalse(problem.contains(jargon), json + " -> " + problem);
            }
            assertTrue(problem.matches("\\[\\$\\S*: (invalid JSON at line \\d+ column \\d+: |is empty).*"), json + " -> " + problem);
        }
    }

    /** Issue #14: a key given twice used to be accepted silently, the last one winning. */
    @Test
    void aKeyGivenTwiceIsRejectedNamingBothPlaces() {
        List<String> problems = problems("""
                [{"source": "postgres", "conn": "postgres://h/db",
                  "tables": [{"name": "a", "watermark": "id"},
                             {"name": "b", "watermark": "id", "target": "b1",
                              "target": "b2"}],
                  "pageSize": 0, "conn": "postgres://h/db", "conn": "postgres://h/other"}]""");
        assertEquals(List.of(
                "$[0].tables[1].target: the key \"target\" is given twice, at line 3 column 47 and line 4 column 15; keep one",
                "$[0].conn: the key \"conn\" is given 3 times, at line 1 column 25, line 5 column 18 and line 5 column 45;"
                        + " keep one",
                "$[0].pageSize: must be a whole number from 1 to 1000000, not 0"), problems);
        assertEquals(List.of("$.sources[0].x.a: the key \"a\" is given twice, at line 1 column 21 and line 1 column 29; keep one",
                        "$.sources[0].x: unknown key \"x\"; allowed here: conn, intervalSeconds, lockTimeoutSeconds, name,"
                                + " pageSize, password, properties, readTimeoutSeconds, source, tables, user",
                        "$.sources[0].source: is required", "$.sources[0].conn: is required", "$.sources[0].tables: is required: an array of tables to replicate"),
                problems("{\"sources\": [{\"x\": {\"a\": 1, \"a\": 1}}]}"));
        assertEquals(List.of("$[0].tables[0].name: the key \"name\" is given twice, at line 1 column 64 and line 1 column 77; keep one"),
                problems("[{\"source\": \"postgres\", \"conn\": \"postgres://h/db\", \"tables\": [{\"name\": \"t\", \"n\\u0061me\": \"t\","
                        + " \"watermark\": \"id\"}]}]"));
    }

    @Test
    void validJsonStillParsesAsBefore() throws Exception {
        ReplicationConfig config = load("\uFEFF [ {\"source\": \"postgres\", \"conn\": \"postgres://h/d\\u0062\", \"pageSize\": 1e3,"
                + " \"user\": null, \"properties\": {\"ssl\": true, \"n\": -1.50},"
                + " \"tables\": [{\"name\": \"t\\\"q\", \"watermark\": \"id\", \"lookback\": 0.5E1}]} ]\r\n");
        SourceConfig source = config.sources().get(0);
        assertEquals("postgres://h/db", source.settings().conn());
        assertEquals(1000, source.pageSize());
        assertEquals(Map.of("ssl", "true", "n", "-1.50"), source.settings().properties());
        assertEquals(Optional.empty(), source.settings().user(), "null is absent");
        assertEquals("t\"q", source.tables().get(0).name().table());
        assertEquals(Optional.of(new Lookback.Amount(new BigDecimal("0.5E1"))), source.tables().get(0).lookback());
    }

    @Test
    void wrongShapesAndTypesAreNamed() {
        assertEquals(List.of("$: must be a JSON array of source blocks, or an object with \"sources\", not a string"),
                problems("\"x\""));
        assertEquals(List.of("$.sources: is required: an array of source blocks"), problems("{\"database\": \"x.db\"}"));
        assertEquals(List.of("$: names no source; add at least one source block"), problems("[]"));
        assertEquals(List.of("$[0]: must be a source block (an object), not a number (1)"), problems("[1]"));
        assertEquals(List.of("$[0].conn: must be a string, not a number (5)"),
                problems("[{\"source\": \"postgres\", \"conn\": 5, \"tables\": [{\"name\": \"t\", \"watermark\": \"id\"}]}]"));
        assertEquals(List.of("$[0].conn: a PostgreSQL source needs a postgres://, postgresql:// or jdbc:postgresql: URL"),
                problems("[{\"source\": \"postgres\", \"conn\": \"mysql://h/db\", \"tables\": [{\"name\": \"t\", \"watermark\": \"id\"}]}]"));
        assertEquals(List.of("$[0].intervalSeconds: must be a whole number from 1 to 31622400, not 1.5"),
                problems("[{\"source\": \"postgres\", \"conn\": \"postgres://h/d\", \"intervalSeconds\": 1.5, \"tables\": [{\"name\": \"t\", \"watermark\": \"id\"}]}]"));
        assertEquals(List.of("$[0].tables[0].lookback: must not be negative, not -PT5M"),
                problems("[{\"source\": \"postgres\", \"conn\": \"postgres://h/d\", \"tables\": [{\"name\": \"t\", \"watermark\": \"id\", \"lookback\": \"-PT5M\"}]}]"));
        assertEquals(List.of("$[0].tables[0].target: the SQLite table name \"_replicate_log\" is reserved (names starting with"
                        + " _replicate_ or sqlite_); set another \"target\""),
                problems("[{\"source\": \"postgres\", \"conn\": \"postgres://h/d\", \"tables\": [{\"name\": \"t\", \"watermark\": \"id\", \"target\": \"_replicate_log\"}]}]"));
    }

    /** Issue #14: a target holding NUL passed validation; SQLite's C API would cut the name there. */
    @Test
    void namesWithControlCharactersAreRejected() {
        assertEquals(List.of(
                "$[0].tables[0].name: must not contain a control character; found U+0009 at character 8",
                "$[0].tables[0].target: must not contain a control character; found U+0000 at character 4",
                "$[0].tables[1].watermark: must not contain a control character; found U+001B at character 1",
                "$[0].tables[1].primaryKey[1]: must not contain a control character; found U+0085 at character 3"),
                problems("""
                [{"source": "postgres", "conn": "postgres://h/d", "tables": [
                  {"name": "public.\\torders", "watermark": "id", "target": "ord\\u0000ers"},
                  {"name": "t", "watermark": "\\u001b[31mid", "primaryKey": ["a", "id\\u0085"]}]}]"""));
    }

    @Test
    void problemsNeverRepeatASecret() {
        ConfigException e = assertThrows(ConfigException.class, () -> load("""
                [{"source": "postgres", "conn": "postgres://app:${DB_PASSWORD}@h/db", "tables": [{"name": "t", "mode": "incremental"}]}]"""));
        assertFalse(e.getMessage().contains("s3cr3t-pw"), e.getMessage());
    }

    @Test
    void aSecretOfTheWrongTypeIsNamedButNeverShown() {
        String table = "\"tables\": [{\"name\": \"t\", \"watermark\": \"id\"}]";
        for (String value : List.of("98765432101", "true", "98765.4321e3")) {
            String json = "[{\"source\": \"postgres\", \"conn\": \"postgres://h/db\", \"password\": " + value
                    + ", \"properties\": {\"sslpassword\": [" + value + "]}, " + table + "}]";
            List<String> problems = problems(json);
            assertEquals(List.of("$[0].password: must be a string, not a " + (value.equals("true") ? "boolean" : "number"),
                    "$[0].properties.sslpassword: must be a string, number or boolean, not an array"), problems);
            assertFalse(String.join("\n", problems).contains(value), problems::toString);
        }
    }

    /** A configuration of one table keyed by id with the watermark updated_at, and {@code tableExtra}. */
    private static String oneTable(String tableExtra) {
        return "[{\"source\": \"postgres\", \"conn\": \"postgres://h/db\", \"tables\": [{\"name\": \"t\","
                + " \"watermark\": \"updated_at\", \"primaryKey\": \"id\", " + tableExtra + "}]}]";
    }

    private static List<String> tableProblems(String tableExtra) {
        return problems(oneTable(tableExtra));
    }

    private static TableConfig table(String tableExtra) throws ConfigException {
        return load(oneTable(tableExtra)).sources().get(0).tables().get(0);
    }

    @Test
    void columnsAndExcludeColumnsAreReadAndNeverLeaveOutTheWatermarkOrTheKey() throws Exception {
        assertEquals(Optional.of(List.of("id", "updated_at", "name")),
                table("\"columns\": [\"id\", \"updated_at\", \"name\"]").columns());
        assertEquals(List.of("email"), table("\"excludeColumns\": [\"email\"]").excludeColumns());
        assertEquals(List.of("$[0].tables[0].columns: must include the watermark and the primary key; add \"updated_at\""),
                tableProblems("\"columns\": [\"id\", \"name\"]"));
        assertEquals(List.of("$[0].tables[0].columns: must include the watermark and the primary key; add \"id\""),
                tableProblems("\"columns\": [\"updated_at\"]"));
        assertEquals(List.of("$[0].tables[0].excludeColumns[1]: \"updated_at\" is the watermark column, which every read"
                        + " orders and resumes by; it cannot be excluded"),
                tableProblems("\"excludeColumns\": [\"email\", \"updated_at\"]"));
        assertTrue(tableProblems("\"excludeColumns\": [\"id\"]").get(0)
                .startsWith("$[0].tables[0].excludeColumns[0]: \"id\" is a primary key column"));
        assertTrue(tableProblems("\"columns\": [\"id\", \"updated_at\"], \"excludeColumns\": [\"x\"]").get(0)
                .startsWith("$[0].tables[0].excludeColumns: cannot be given with \"columns\""));
        assertTrue(tableProblems("\"columns\": [\"id\", \"updated_at\", \"Name\", \"name\"]").get(0)
                .startsWith("$[0].tables[0].columns[3]: names the column \"name\" again"));
        assertEquals(List.of("$[0].tables[0].columns[2]: must be a column name, not a number (3)"),
                tableProblems("\"columns\": [\"id\", \"updated_at\", 3]"));
        assertEquals(List.of("$[0].tables[0].excludeColumns: must be an array, not a string"),
                tableProblems("\"excludeColumns\": \"email\""));
    }

    @Test
    void indexesAreColumnListsOrObjectsWithUniqueAndEveryFaultHasItsPath() throws Exception {
        assertEquals(List.of(new IndexConfig(List.of("name"), false, "$[0].tables[0].indexes[0]"),
                        new IndexConfig(List.of("a", "b"), true, "$[0].tables[0].indexes[1]"),
                        new IndexConfig(List.of("c"), false, "$[0].tables[0].indexes[2]")),
                table("\"indexes\": [[\"name\"], {\"columns\": [\"a\", \"b\"], \"unique\": true},"
                        + " {\"columns\": [\"c\"]}]").indexes());
        assertEquals(List.of(), table("\"indexes\": []").indexes());
        assertEquals(List.of("$[0].tables[0].indexes: must be an array, not a string"),
                tableProblems("\"indexes\": \"name\""));
        assertEquals(List.of("$[0].tables[0].indexes[0]: must be a list of column names, or {\"columns\": [...],"
                + " \"unique\": true}, not a string"), tableProblems("\"indexes\": [\"name\"]"));
        assertEquals(List.of("$[0].tables[0].indexes[0]: names no column; an index needs at least one"),
                tableProblems("\"indexes\": [[]]"));
        assertEquals(List.of("$[0].tables[0].indexes[0].columns: names no column; an index needs at least one"),
                tableProblems("\"indexes\": [{\"columns\": []}]"));
        assertEquals(List.of("$[0].tables[0].indexes[0].columns: is required: the columns to index, in order"),
                tableProblems("\"indexes\": [{\"unique\": true}]"));
        assertEquals(List.of("$[0].tables[0].indexes[0].unique: must be true or false, not a string"),
                tableProblems("\"indexes\": [{\"columns\": [\"a\"], \"unique\": \"yes\"}]"));
        assertTrue(tableProblems("\"indexes\": [{\"columns\": [\"a\"], \"uniqe\": true}]").get(0)
                .startsWith("$[0].tables[0].indexes[0].uniqe: unknown key \"uniqe\"; did you mean \"unique\"?"));
        assertEquals(List.of("$[0].tables[0].indexes[1]: indexes the same columns as $[0].tables[0].indexes[0] (A, b);"
                + " keep one"), tableProblems("\"indexes\": [[\"a\", \"b\"], {\"columns\": [\"A\", \"b\"], \"unique\": true}]"));
        assertTrue(tableProblems("\"indexes\": [[\"a\", \"A\"]]").get(0)
                .startsWith("$[0].tables[0].indexes[0][1]: names the column \"A\" again"));
        assertEquals(List.of("$[0].tables[0].indexes[0][0]: must be a column name, not a number (1)"),
                tableProblems("\"indexes\": [[1]]"));
    }

    /**
     * SQLite's names ignore the case of A-Z only: "café" and "CAFÉ" are two columns to it (and to PostgreSQL),
     * which a column list, an index list and a key may each name, and two indexes on them are two indexes.
     * Lower-cased as Java does, they were taken for one, and the configuration refused.
     */
    @Test
    void columnsDifferingOnlyInACapitalOutsideAToZAreTwoColumnsToTheConfiguration() throws Exception {
        TableConfig listed = table("\"columns\": [\"id\", \"updated_at\", \"café\", \"CAFÉ\"],"
                + " \"indexes\": [[\"café\"], [\"CAFÉ\"], [\"café\", \"CAFÉ\"]]");
        assertEquals(Optional.of(List.of("id", "updated_at", "café", "CAFÉ")), listed.columns());
        assertEquals(3, listed.indexes().size());
        assertEquals(List.of("café", "CAFÉ"), table("\"excludeColumns\": [\"café\", \"CAFÉ\"]").excludeColumns());
        String head = "[{\"source\": \"postgres\", \"conn\": \"postgres://h/db\", \"tables\": [{\"name\": \"t\","
                + " \"watermark\": \"id\", \"primaryKey\": ";
        assertEquals(Optional.of(List.of("id", "café", "CAFÉ")), load(head + "[\"id\", \"café\", \"CAFÉ\"]}]}]")
                .sources().get(0).tables().get(0).primaryKey());
        // A-Z still ignore case, as in SQLite.
        assertTrue(tableProblems("\"columns\": [\"id\", \"updated_at\", \"Name\", \"NAME\"]").get(0)
                .contains("names the column \"NAME\" again"));
        assertEquals(List.of("$[0].tables[0].indexes[1]: indexes the same columns as $[0].tables[0].indexes[0] (CAFé);"
                + " keep one"), tableProblems("\"indexes\": [[\"café\"], [\"CAFé\"]]"));
    }

    @Test
    void deletesReconcileTakesADurationAndAGuardPercent() throws Exception {
        assertEquals(Optional.of(new Reconcile(Duration.ofHours(1), BigDecimal.valueOf(50))),
                table("\"deletes\": {\"reconcile\": \"PT1H\"}").reconcile());
        assertEquals(Optional.of(new Reconcile(Duration.ofDays(7), new BigDecimal("12.5"))),
                table("\"deletes\": {\"reconcile\": \"P1W\", \"maxDeletePercent\": 12.5}").reconcile());
        assertEquals(Optional.of(new Reconcile(Duration.ZERO, BigDecimal.ZERO)),
                table("\"deletes\": {\"reconcile\": \"PT0S\", \"maxDeletePercent\": 0}").reconcile());
        // null is a key left out: the guard keeps its default rather than turning off
        assertEquals(Optional.of(new Reconcile(Duration.ofHours(1), BigDecimal.valueOf(50))),
                table("\"deletes\": {\"reconcile\": \"PT1H\", \"maxDeletePercent\": null}").reconcile());
        TableConfig both = table("\"deletes\": {\"softDelete\": \"deleted_at\", \"reconcile\": \"P1D\"}");
        assertEquals(Optional.of("deleted_at"), both.softDelete());
        assertEquals(Duration.ofDays(1), both.reconcile().orElseThrow().every());

        String path = "$[0].tables[0].deletes.";
        assertEquals(List.of(path + "reconcile: \"1h\" is not an ISO-8601 duration such as PT5M, PT1H or P1D"),
                tableProblems("\"deletes\": {\"reconcile\": \"1h\"}"));
        assertEquals(List.of(path + "reconcile: must not be negative, not -PT1H"),
                tableProblems("\"deletes\": {\"reconcile\": \"-PT1H\"}"));
        assertEquals(List.of(path + "reconcile: \"P1M\" counts years or months, which have no fixed length; write"
                + " days, such as P365D"), tableProblems("\"deletes\": {\"reconcile\": \"P1M\"}"));
        assertEquals(List.of(path + "reconcile: \"P400D\" is too large: a reconcile runs at least once every P366D"),
                tableProblems("\"deletes\": {\"reconcile\": \"P400D\"}"));
        assertEquals(List.of(path + "reconcile: must be an ISO-8601 duration such as \"PT1H\" (the least time between two"
                + " reconciles), not a number (3600)"), tableProblems("\"deletes\": {\"reconcile\": 3600}"));
        assertEquals(List.of(path + "maxDeletePercent: must be a number from 0 to 100 (a share of the replica's rows),"
                + " not 101"), tableProblems("\"deletes\": {\"reconcile\": \"PT1H\", \"maxDeletePercent\": 101}"));
        assertEquals(List.of(path + "maxDeletePercent: must be a number from 0 to 100 (a share of the replica's rows),"
                + " not -1"), tableProblems("\"deletes\": {\"reconcile\": \"PT1H\", \"maxDeletePercent\": -1}"));
        assertEquals(List.of(path + "maxDeletePercent: must be a number from 0 to 100, not a string"),
                tableProblems("\"deletes\": {\"reconcile\": \"PT1H\", \"maxDeletePercent\": \"50\"}"));
        assertEquals(List.of(path + "maxDeletePercent: guards a reconcile, and this table has none; add \"reconcile\","
                + " or remove \"maxDeletePercent\""),
                tableProblems("\"deletes\": {\"softDelete\": \"deleted_at\", \"maxDeletePercent\": 10}"));
        // An append-only table has no key to match the source's keys with.
        assertEquals(List.of("$[0].tables[0].deletes: a table without a primary key (\"primaryKey\": []) is append-only;"
                        + " its rows cannot be deleted by key. Give it a primary key, or remove \"deletes\""),
                problems(oneTable("\"deletes\": {\"reconcile\": \"PT1H\"}").replace("\"primaryKey\": \"id\"",
                        "\"primaryKey\": []")));
        // Every problem at once.
        assertEquals(2, tableProblems("\"deletes\": {\"reconcile\": \"soon\", \"maxDeletePercent\": 200}").size());
    }

    @Test
    void deletesIsKeepOrASoftDeleteColumn() throws Exception {
        assertEquals(Optional.empty(), table("\"deletes\": \"keep\"").softDelete());
        assertEquals(Optional.empty(), table("\"deletes\": \"keep\"").reconcile());
        assertEquals(Optional.of("deleted_at"), table("\"deletes\": {\"softDelete\": \"deleted_at\"}").softDelete());
        String usage = "must be \"keep\" or {\"softDelete\": \"column\"} or {\"reconcile\": \"PT1H\"} (or both in one"
                + " object), not ";
        assertEquals(List.of("$[0].tables[0].deletes: " + usage + "\"drop\""), tableProblems("\"deletes\": \"drop\""));
        assertEquals(List.of("$[0].tables[0].deletes: " + usage + "a number (1)"), tableProblems("\"deletes\": 1"));
        assertEquals(List.of("$[0].tables[0].deletes: names neither \"softDelete\" nor \"reconcile\"; give one, or both"),
                tableProblems("\"deletes\": {}"));
        assertTrue(tableProblems("\"deletes\": {\"softdelete\": \"x\"}").get(0)
                .startsWith("$[0].tables[0].deletes.softdelete: unknown key \"softdelete\"; did you mean \"softDelete\"?"));
        assertEquals(List.of("$[0].tables[0].deletes.softDelete: \"updated_at\" is the watermark column, which is never"
                        + " NULL in a row read: every row would be deleted"),
                tableProblems("\"deletes\": {\"softDelete\": \"updated_at\"}"));
        assertEquals(List.of("$[0].tables[0].deletes.softDelete: \"id\" is a primary key column, which is never NULL:"
                        + " every row would be deleted"),
                tableProblems("\"deletes\": {\"softDelete\": \"id\"}"));
        assertEquals(List.of("$[0].tables[0].deletes: a table without a primary key (\"primaryKey\": []) is append-only;"
                        + " its rows cannot be deleted by key. Give it a primary key, or remove \"deletes\""),
                problems(oneTable("\"deletes\": {\"softDelete\": \"deleted_at\"}").replace("\"primaryKey\": \"id\"",
                        "\"primaryKey\": []")));
        assertEquals(List.of("$[0].tables[0].deletes.softDelete: \"deleted_at\" is in \"excludeColumns\" ($[0].tables[0]"
                        + ".excludeColumns[0]); a row's deletion is read from it, so it must be read"),
                tableProblems("\"excludeColumns\": [\"deleted_at\"], \"deletes\": {\"softDelete\": \"deleted_at\"}"));
        assertEquals(List.of("$[0].tables[0].deletes.softDelete: \"deleted_at\" is not in \"columns\"; a row's deletion"
                        + " is read from it, so add it there"),
                tableProblems("\"columns\": [\"id\", \"updated_at\"], \"deletes\": {\"softDelete\": \"deleted_at\"}"));
    }

    /** An index on a column the selection leaves out is named offline, as a soft-delete column is, not only at a run. */
    @Test
    void anIndexOnAColumnLeftOutIsRefusedWithItsPath() throws Exception {
        assertEquals(List.of("$[0].tables[0].indexes[1][1]: \"note\" is in \"excludeColumns\" ($[0].tables[0]"
                        + ".excludeColumns[0]), so the replica has no such column to index"),
                tableProblems("\"excludeColumns\": [\"note\"], \"indexes\": [[\"name\"], [\"name\", \"note\"]]"));
        assertEquals(List.of("$[0].tables[0].indexes[0].columns[0]: \"note\" is not in \"columns\", so the replica has"
                        + " no such column to index; add it there"),
                tableProblems("\"columns\": [\"id\", \"updated_at\"], \"indexes\": [{\"columns\": [\"note\"]}]"));
        assertEquals(List.of("note"), table("\"columns\": [\"id\", \"updated_at\", \"note\"], \"indexes\": [[\"note\"]]")
                .indexes().get(0).columns());
    }

    @Test
    void aWhereIsOneExpressionWithoutStatementsOrComments() throws Exception {
        assertEquals(Optional.of("status <> 'x;y -- /* #' AND \"Odd;Name\" > 0 AND (a OR b)"),
                table("\"where\": \"status <> 'x;y -- /* #' AND \\\"Odd;Name\\\" > 0 AND (a OR b)\"").where());
        assertEquals(Optional.of("note = 'it''s'"), table("\"where\": \"note = 'it''s'\"").where());
        for (String bad : List.of("a = 1; DROP TABLE t", "a = 1 -- why", "a = 1 /* c */", "a = 1 # c", "a = 1) OR (1 = 1",
                "(a = 1", "a = 'open", "a = 'x\\' OR 1 = 1 OR b = '")) {
            List<String> problems = tableProblems("\"where\": " + new com.google.gson.Gson().toJson(bad));
            assertEquals(1, problems.size(), bad + ": " + problems);
            assertTrue(problems.get(0).startsWith("$[0].tables[0].where: "), problems.get(0));
        }
        assertEquals(List.of("$[0].tables[0].where: must not be empty"), tableProblems("\"where\": \" \""));
    }

    /**
     * Review findings: PostgreSQL's dollar quoting hid a ' and a ) from the scan (the expression below
     * escaped its parentheses), and a bare ? (a jsonb operator) passed validate-config but failed every
     * read, which is prepared. Both are refused outside quotes; inside quotes they are text.
     */
    @Test
    void aWhereRefusesDollarQuotingAndQuestionMarksOutsideQuotes() throws Exception {
        String dollar = "$$a'$$ <> $$b$$) OR (true) OR ($$'$$ = $$x$$";
        List<String> problems = tableProblems("\"where\": " + new com.google.gson.Gson().toJson(dollar));
        assertEquals(1, problems.size(), problems.toString());
        assertTrue(problems.get(0).startsWith("$[0].tables[0].where: must not contain '$' outside quotes"),
                problems.get(0));
        for (String bad : List.of("a = $tag$x$tag$", "a = $1", "data ? 'k'", "data ?| array['a']", "data ?& array['a']")) {
            assertEquals(1, tableProblems("\"where\": " + new com.google.gson.Gson().toJson(bad)).size(), bad);
        }
        List<String> question = tableProblems("\"where\": \"data ? 'k'\"");
        assertTrue(question.get(0).contains("'?' outside quotes") && question.get(0).contains("jsonb_exists(col, 'k')"),
                question.get(0));
        assertEquals(Optional.of("price = '$5?' AND \"a$b\" > 0 AND jsonb_exists(data, 'k')"),
                table("\"where\": \"price = '$5?' AND \\\"a$b\\\" > 0 AND jsonb_exists(data, 'k')\"").where());
    }

    /** A configuration of one query entry, with {@code tableExtra} (JSON members after the query). */
    private static String oneQuery(String query, String tableExtra) {
        return "[{\"source\": \"postgres\", \"conn\": \"postgres://h/db\", \"tables\": [{\"query\": "
                + new com.google.gson.Gson().toJson(query) + ", \"watermark\": \"updated_at\"" + tableExtra + "}]}]";
    }

    @Test
    void aQueryEntryNeedsATargetAndAPrimaryKeyAndStandsUnderQueryColonTarget() throws Exception {
        TableConfig entry = load(oneQuery("SELECT o.id, o.updated_at, c.name FROM orders o JOIN customers c ON c.id ="
                + " o.customer_id WHERE c.note <> 'a;b -- /* #'", ", \"target\": \"orders_summary\", \"primaryKey\": \"id\","
                + " \"columns\": [\"id\", \"updated_at\"], \"where\": \"id > 0\"")).sources().get(0).tables().get(0);
        assertTrue(entry.query().isPresent());
        assertEquals("orders_summary", entry.target());
        assertEquals("query:orders_summary", entry.name().toString(), "the name its state is kept under");
        assertEquals("the query of orders_summary", entry.describe());
        assertEquals(Optional.of("id > 0"), entry.where());
        assertEquals(Optional.of(List.of()), load(oneQuery("(WITH x AS (SELECT 1 AS id) SELECT * FROM x)",
                ", \"target\": \"x\", \"primaryKey\": []")).sources().get(0).tables().get(0).primaryKey(),
                "[] appends a query's rows; WITH and a parenthesis are a SELECT");

        assertEquals(List.of("$[0].tables[0].target: is required with \"query\": the SQLite table the query's rows go to",
                "$[0].tables[0].primaryKey: is required with \"query\": a query has no primary key of its own; give the"
                        + " column(s) that identify a row of its result, or [] to append every row read"),
                problems(oneQuery("SELECT id, updated_at FROM t", "")));
        assertEquals(List.of("$[0].tables[0].query: cannot be given with \"name\": a table entry reads a table (\"name\")"
                + " or the rows of a query (\"query\"), not both"),
                problems(oneQuery("SELECT id, updated_at FROM t", ", \"name\": \"t\", \"target\": \"x\", \"primaryKey\": \"id\"")));
        assertEquals(List.of("$[0].tables[0].query: must not be empty"),
                problems(oneQuery(" ", ", \"target\": \"x\", \"primaryKey\": \"id\"")));
    }

    /** A query is one SELECT: nothing after it, no comment that could hide a second statement, nothing that writes. */
    @Test
    void aQueryIsOneSelect() {
        Map<String, String> cases = new java.util.LinkedHashMap<>();
        cases.put("SELECT id FROM t; DELETE FROM t", "must be one SELECT, without ';' outside quotes (found at character 17)");
        cases.put("SELECT id FROM t;", "must be one SELECT, without ';' outside quotes (found at character 17)");
        cases.put("SELECT id FROM t -- ; DELETE FROM t", "must not contain a comment ('--' outside quotes at character 18)");
        cases.put("SELECT id /* ; */ FROM t", "must not contain a comment ('/*' outside quotes at character 11)");
        cases.put("SELECT id FROM t # x", "must not contain '#' outside quotes");
        cases.put("SELECT id FROM t) AS q; SELECT (1", "closes a parenthesis it did not open at character 17");
        cases.put("DELETE FROM t RETURNING id", "must be one SELECT (or WITH ... SELECT), not a statement that starts with DELETE");
        cases.put("  ;SELECT 1", "must be one SELECT (or WITH ... SELECT), not a statement that starts with ';'");
        cases.put("SELECT $$a$$ AS id", "must not contain '$' outside quotes");
        cases.put("SELECT id FROM t WHERE id = ?", "must not contain '?' outside quotes");
        for (Map.Entry<String, String> c : cases.entrySet()) {
            List<String> problems = problems(oneQuery(c.getKey(), ", \"target\": \"x\", \"primaryKey\": \"id\""));
            assertEquals(1, problems.size(), c.getKey() + ": " + problems);
            assertTrue(problems.get(0).startsWith("$[0].tables[0].query: " + c.getValue()), c.getKey() + ": " + problems);
        }
    }

    /** The parentheses left open are counted as said: "1 parenthesis", "2 parentheses", not "parenthesis(es)". */
    @Test
    void theParenthesesLeftOpenAreCountedAsSaid() {
        for (Map.Entry<String, String> c : Map.of("SELECT (1 AS id", "leaves 1 parenthesis open",
                "SELECT ((1 AS id", "leaves 2 parentheses open").entrySet()) {
            List<String> problems = problems(oneQuery(c.getKey(), ", \"target\": \"x\", \"primaryKey\": \"id\""));
            assertEquals(1, problems.size(), c.getKey() + ": " + problems);
            assertTrue(problems.get(0).contains(c.getValue()), c.getKey() + ": " + problems);
        }
    }

    /**
     * The state is kept by target: a query entry (state name query:<target>) and a table entry that
     * happens to bear that name have their own state rows, so both are taken.
     */
    @Test
    void aTableNamedLikeAQueryEntrysStateNameIsTaken() throws Exception {
        String json = "[{\"source\": \"postgres\", \"conn\": \"postgres://h/db\", \"tables\": ["
                + "{\"query\": \"SELECT id, updated_at FROM t\", \"target\": \"x\", \"primaryKey\": \"id\", \"watermark\": \"updated_at\"},"
                + "{\"name\": \"query:x\", \"target\": \"y\", \"watermark\": \"updated_at\"}]}]";
        assertEquals(List.of("x", "y"), load(json).sources().get(0).tables().stream().map(TableConfig::target).toList());
    }

    /** Hostile test: an unencoded & in ?password= let the rest of the password reach the driver, which repeated it. */
    @Test
    void anUnencodedAmpersandInAPasswordParameterIsRefusedOrMasked() throws Exception {
        String table = "\"tables\": [{\"name\": \"t\", \"watermark\": \"id\"}]";
        for (String conn : List.of("jdbc:mysql://127.0.0.1:3306/hostile?user=pw&password=Kq7w/Lm8x&Yy7u+Ee8r=Tt9i;Uu0o Gg1a",
                "mysql://127.0.0.1:3306/hostile?user=pw&password=Kq7w/Lm8x&Yy7u+Ee8r=Tt9i;Uu0o Gg1a")) {
            List<String> problems = problems("[{\"source\": \"mysql\", \"conn\": \"" + conn + "\", " + table + "}]");
            assertEquals(List.of("$[0].conn: the value of password= holds an unencoded & (what follows it is not a"
                    + " parameter name); in a ?password= value write & as %26, + as %2B and % as %25"), problems);
            for (String piece : List.of("Kq7w", "Lm8x", "Yy7u", "Ee8r", "Tt9i", "Uu0o", "Gg1a")) {
                assertFalse(problems.toString().contains(piece), problems::toString);
            }
        }
        // Ambiguous (socketFactory is a Connector/J parameter): let through, and masked as a password.
        Secrets secrets = load("[{\"source\": \"mysql\", \"conn\": \"jdbc:mysql://127.0.0.1:3306/hostile?user=pw"
                + "&password=Kq7wLm8x&socketFactory=Tt9iUu0o\", " + table + "}]").secrets();
        assertEquals("Failed loading the class '***'", secrets.mask("Failed loading the class 'Tt9iUu0o'"));
        assertEquals("Access denied for user 'pw'", secrets.mask("Access denied for user 'pw'"));
        // A URL the connectors do not parse: everything after password= all the same.
        Secrets driverForm = load("[{\"source\": \"postgres\", \"conn\": \"jdbc:postgresql:hostile?password=Kq7w&Yy7u=Tt9i;Uu0o\", "
                + table + "}]").secrets();
        assertEquals("near '***' and ***", driverForm.mask("near 'Yy7u=Tt9i;Uu0o' and Uu0o"));
    }

    /** Hostile test: "password": Kq7wLm8xZr4t (no quotes) was repeated in the "invalid JSON" message. */
    @Test
    void aSecretThatIsNotValidJsonIsNeverShown() {
        String table = "\"tables\": [{\"name\": \"t\", \"watermark\": \"id\"}]";
        String head = "[{\"source\": \"postgres\", \"conn\": \"postgres://h/db\", ";
        Map<String, String> cases = new java.util.LinkedHashMap<>();
        cases.put(head + "\"password\": Kq7wLm8xZr4t, " + table + "}]",
                "$[0].password: invalid JSON at line 1 column 64: the value is not valid JSON; text needs double quotes");
        cases.put(head + "\"password\": 98765432101x, " + table + "}]",
                "$[0].password: invalid JSON at line 1 column 64: the value is not valid JSON; text needs double quotes");
        cases.put(head + "\"properties\": {\"password\": Kq7wLm8xZr4t}, " + table + "}]",
                "$[0].properties.password: invalid JSON at line 1 column 79: the value is not valid JSON; text needs double quotes");
        cases.put(head + "\"properties\": {\"sslpassword\": [Kq7wLm8xZr4t]}, " + table + "}]",
                "$[0].properties.sslpassword[0]: invalid JSON at line 1 column 83: the value is not valid JSON; text needs double quotes");
        cases.put(head + "\"password\": \"Kq7wLm8x\" \"Zr4tWq9z\", " + table + "}]",
                "$[0]: invalid JSON at line 1 column 75: a comma is missing after the value of \"password\"");
        // Longer than the 40 characters a word is cut at for messages: its end was named ("a comma is missing before").
        cases.put(head + "\"password\": 9876123456789012345678901234567890123456789Zr4t, " + table + "}]",
                "$[0].password: invalid JSON at line 1 column 64: the value is not valid JSON; text needs double quotes");
        cases.put(head + "\"password\": Infinity9Zr4t, " + table + "}]",
                "$[0].password: invalid JSON at line 1 column 64: the value is not valid JSON; text needs double quotes");
        for (Map.Entry<String, String> c : cases.entrySet()) {
            assertEquals(List.of(c.getValue()), problems(c.getKey()), c.getKey());
            // as REPLICATION_CONFIG_JSON, which is read by the same load(text, origin)
            ConfigException e = assertThrows(ConfigException.class, () -> new ConfigLoader(ENV, SourceRegistry.discover())
                    .load(c.getKey(), ConfigLoader.ENV_VARIABLE));
            for (String piece : List.of("Kq7w", "Zr4t", "9876", "Wq9z")) {
                assertFalse(e.getMessage().contains(piece), e.getMessage());
            }
        }
        assertEquals(List.of("$[0].user: invalid JSON at line 1 column 60: Kq7w is not a JSON value; text needs double quotes"),
                problems(head + "\"user\": Kq7w, " + table + "}]"), "a value that is no secret is still shown");
    }

    /** Hostile test: "database": "" passed, and run then took the working directory for the SQLite file. */
    @Test
    void anEmptyDatabasePathIsRejected() {
        String sources = "\"sources\": [{\"source\": \"postgres\", \"conn\": \"postgres://h/db\","
                + " \"tables\": [{\"name\": \"t\", \"watermark\": \"id\"}]}]";
        for (String empty : List.of("\"\"", "\"  \"")) {
            assertEquals(List.of("$.database: must not be empty"), problems("{\"database\": " + empty + ", " + sources + "}"));
        }
    }

    /** Hostile test: [""] was "not a string", and ["id", "id"] made PRIMARY KEY ("id", "id"). */
    @Test
    void primaryKeyColumnsMustBeNamedAndDistinct() {
        String head = "[{\"source\": \"postgres\", \"conn\": \"postgres://h/db\", \"tables\": [{\"name\": \"t\","
                + " \"watermark\": \"id\", \"primaryKey\": ";
        assertEquals(List.of("$[0].tables[0].primaryKey[0]: must not be empty"), problems(head + "[\"\"]}]}]"));
        assertEquals(List.of("$[0].tables[0].primaryKey[1]: must not be empty"), problems(head + "[\"id\", \" \"]}]}]"));
        assertEquals(List.of("$[0].tables[0].primaryKey: must not be empty; write [] for no primary key"),
                problems(head + "\"\"}]}]"));
        assertEquals(List.of("$[0].tables[0].primaryKey[1]: the column \"id\" is already primaryKey[0]; name each column once"),
                problems(head + "[\"id\", \"id\"]}]}]"));
        assertEquals(List.of("$[0].tables[0].primaryKey[2]: the column \"ID\" is already primaryKey[0] (\"id\"; SQLite's"
                        + " names ignore case); name each column once"),
                problems(head + "[\"id\", \"b\", \"ID\"]}]}]"));
        assertEquals(List.of("$[0].tables[0].primaryKey: must be a column name or an array of column names, not a number (7)"),
                problems(head + "[\"id\", 7]}]}]"));
    }

    /**
     * Hostile test: a file that is no configuration (a database given as --config by mistake) was read whole:
     * past 2 GiB that was an OutOfMemoryError, an internal error; hundreds of MB, a heap's worth. A file
     * larger than any configuration is refused by its size, unread; one whose size is not known beforehand
     * (a device, a pipe) once more than that was read.
     */
    @Test
    void aFileLargerThanAnyConfigurationIsRefusedNamingItsSize(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir)
            throws Exception {
        String question = ", larger than any configuration (at most 16 MiB): is it the replica or another file?"
                + " --config takes the JSON configuration";
        for (long size : List.of(3L << 30, (16L << 20) + 1)) {
            java.nio.file.Path file = dir.resolve("replica-" + size + ".db");
            try (java.io.RandomAccessFile sparse = new java.io.RandomAccessFile(file.toFile(), "rw")) {
                sparse.setLength(size); // no disk used
            }
            ConfigException e = assertThrows(ConfigException.class,
                    () -> new ConfigLoader(ENV, SourceRegistry.discover()).loadFile(file));
            assertEquals(file.toString(), e.origin());
            assertEquals(List.of("$: the configuration file is " + String.format(java.util.Locale.ROOT, "%,d", size)
                    + " bytes" + question), e.problems().stream().map(ConfigProblem::toString).toList());
        }
        java.nio.file.Path zero = java.nio.file.Path.of("/dev/zero");
        if (java.nio.file.Files.isReadable(zero)) {
            ConfigException e = assertThrows(ConfigException.class,
                    () -> new ConfigLoader(ENV, SourceRegistry.discover()).loadFile(zero));
            assertEquals(List.of("$: the configuration file holds more than 16 MiB" + question),
                    e.problems().stream().map(ConfigProblem::toString).toList());
        }
    }

    /** Hostile test: a byte that is not UTF-8 gave "cannot read the configuration file: Input length = 1". */
    @Test
    void aFileThatIsNotUtf8SaysWhere(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir) throws Exception {
        java.nio.file.Path file = dir.resolve("c.json");
        byte[] head = "[{\"source\": \"postgres\",\n  \"name\": \"caf\u00e9 ".getBytes(java.nio.charset.StandardCharsets.UTF_8);
        byte[] bytes = java.util.Arrays.copyOf(head, head.length + 3);
        bytes[head.length] = (byte) 0xE9; // Latin-1 é
        bytes[head.length + 1] = '"';
        bytes[head.length + 2] = '}';
        java.nio.file.Files.write(file, bytes);
        ConfigException e = assertThrows(ConfigException.class,
                () -> new ConfigLoader(ENV, SourceRegistry.discover()).loadFile(file));
        assertEquals(List.of("$: the configuration file is not valid UTF-8: the byte 0xE9 at line 2 column 17 (byte offset "
                + head.length + "); save it as UTF-8"), e.problems().stream().map(ConfigProblem::toString).toList());
    }

    /** Hostile test: "P1000000Y" was said not to be an ISO-8601 duration; it is one, too large. */
    @Test
    void aLookbackDurationTooLargeOrWithoutAFixedLengthSaysSo() throws Exception {
        String head = "[{\"source\": \"postgres\", \"conn\": \"postgres://h/db\", \"tables\": [{\"name\": \"t\","
                + " \"watermark\": \"id\", \"lookback\": ";
        String tooLarge = " is too large: a lookback is at most P3660000D (10,000 years; it reaches past every date"
                + " a watermark holds long before that)";
        assertEquals(List.of("$[0].tables[0].lookback: \"P1000000Y\"" + tooLarge), problems(head + "\"P1000000Y\"}]}]"));
        assertEquals(List.of("$[0].tables[0].lookback: \"P99999999999999999999D\"" + tooLarge),
                problems(head + "\"P99999999999999999999D\"}]}]"));
        assertEquals(List.of("$[0].tables[0].lookback: \"PT9999999999999999H\"" + tooLarge),
                problems(head + "\"PT9999999999999999H\"}]}]"));
        assertEquals(List.of("$[0].tables[0].lookback: \"P1Y2M\" counts years or months, which have no fixed length;"
                + " write days, such as P365D"), problems(head + "\"P1Y2M\"}]}]"));
        assertEquals(List.of("$[0].tables[0].lookback: \"P\" is not an ISO-8601 duration such as PT5M, PT1H or P1D"),
                problems(head + "\"P\"}]}]"));
        for (Map.Entry<String, Duration> ok : Map.of("P2W", Duration.ofDays(14), "P1DT2H30M", Duration.parse("P1DT2H30M"),
                "pt0.5s", Duration.ofMillis(500), "P3660000D", Duration.ofDays(3_660_000)).entrySet()) {
            assertEquals(Optional.of(new Lookback.Span(ok.getValue())),
                    load(head + "\"" + ok.getKey() + "\"}]}]").sources().get(0).tables().get(0).lookback(), ok.getKey());
        }
    }

    /** Hostile test: validate-config accepted an unclosed IPv6 bracket and port 99999. */
    @Test
    void impossibleHostsAndPortsAreNamedOnConn() {
        String table = ", \"tables\": [{\"name\": \"t\", \"watermark\": \"id\"}]}]";
        assertEquals(List.of("$[0].conn: has a [ without its ] (an IPv6 address is written [::1]:3306)"),
                problems("[{\"source\": \"mysql\", \"conn\": \"mysql://u@[::1:3306/hostile\"" + table));
        assertEquals(List.of("$[0].conn: has a port out of range: a port is a number from 1 to 65535"),
                problems("[{\"source\": \"mysql\", \"conn\": \"mysql://u:Kq7wLm8x@127.0.0.1:99999/hostile\"" + table));
    }

    // --- "mode" (issue #15) -------------------------------------------------------------------------

    @Test
    void aTableWithoutAWatermarkIsFullAndOneWithAWatermarkIncremental() throws Exception {
        ReplicationConfig config = load("""
                [{"source": "postgres", "conn": "postgres://h/db", "tables": [
                  {"name": "countries"},
                  {"name": "rates", "mode": "full", "primaryKey": [], "columns": ["code", "rate"], "where": "rate > 0",
                   "indexes": [["rate"]]},
                  {"name": "orders", "watermark": "updated_at"},
                  {"name": "events", "mode": "incremental", "watermark": "id", "lookback": 10}]}]""");
        List<TableConfig> tables = config.sources().get(0).tables();
        assertEquals(List.of(TableMode.FULL, TableMode.FULL, TableMode.INCREMENTAL, TableMode.INCREMENTAL),
                tables.stream().map(TableConfig::mode).toList());
        assertEquals(Optional.empty(), tables.get(0).watermark());
        assertEquals(Optional.of("updated_at"), tables.get(2).watermark());
    }

    @Test
    void aBadModeAndWhatAFullTableCannotHaveAreReportedByPath() {
        List<String> problems = problems("""
                [{"source": "postgres", "conn": "postgres://h/db", "tables": [
                  {"name": "a", "mode": "snapshot"},
                  {"name": "b", "mode": 1},
                  {"name": "c", "mode": "incremental"},
                  {"name": "d", "mode": "full", "watermark": "updated_at"},
                  {"name": "e", "mode": "full", "lookback": "PT5M"},
                  {"name": "f", "lookback": 5},
                  {"name": "g", "deletes": "keep"},
                  {"name": "h", "mode": "full", "deletes": {"softDelete": "deleted_at"}},
                  {"name": "i", "mode": "incremental", "watermark": ""}]}]""");
        assertEquals(List.of(
                "$[0].tables[0].mode: must be \"incremental\" or \"full\", not \"snapshot\"",
                "$[0].tables[1].mode: must be a string, not a number (1)",
                "$[0].tables[2].watermark: is required for an incremental table (\"mode\": \"incremental\"): the column"
                        + " that rows are read in order of; or set \"mode\": \"full\" to read the whole table on every run",
                "$[0].tables[3].watermark: a full table (\"mode\": \"full\") is read whole on every run and has no"
                        + " watermark; remove \"watermark\", or set \"mode\": \"incremental\"",
                "$[0].tables[4].lookback: applies to a watermark, and a full table has none; remove \"lookback\", or"
                        + " give the table a \"watermark\"",
                "$[0].tables[5].lookback: applies to a watermark, and a full table has none (a table without"
                        + " \"watermark\" is full: read whole on every run); remove \"lookback\", or give the table a"
                        + " \"watermark\"",
                "$[0].tables[6].deletes: a full table is rewritten whole on every run, so rows deleted at the source"
                        + " leave the replica with the next run (a table without \"watermark\" is full: read whole on"
                        + " every run); remove \"deletes\"",
                "$[0].tables[7].deletes: a full table is rewritten whole on every run, so rows deleted at the source"
                        + " leave the replica with the next run; remove \"deletes\"",
                "$[0].tables[8].watermark: must not be empty"), problems);
    }

    @Test
    void aFullTablesColumnsNeedOnlyTheKey() {
        assertEquals(List.of("$[0].tables[0].columns: must include the primary key; add \"id\""),
                problems("""
                        [{"source": "postgres", "conn": "postgres://h/db", "tables": [
                          {"name": "a", "primaryKey": "id", "columns": ["name"]}]}]"""));
    }
}
