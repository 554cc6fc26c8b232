package dev.replicate.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.Gson;
import dev.replicate.source.SourceRegistry;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The offline check of a {@code "query"} beyond {@link WhereClause}'s scan: no control character (the
 * driver fails on a NUL only at the first read, with a protocol error), and a WITH whose main statement
 * is a SELECT.
 */
class QueryTextTest {
    private static ReplicationConfig load(String json) throws ConfigException {
        return new ConfigLoader(Map.of(), SourceRegistry.discover()).load(json, "test.json");
    }

    private static String oneQuery(String query) {
        return "[{\"source\": \"postgres\", \"conn\": \"postgres://h/db\", \"tables\": [{\"name\": \"t\"},"
                + " {\"query\": " + new Gson().toJson(query) + ", \"target\": \"x\", \"primaryKey\": \"id\"}]}]";
    }

    private static List<String> problems(String query) {
        ConfigException e = assertThrows(ConfigException.class, () -> load(oneQuery(query)), query);
        return e.problems().stream().map(ConfigProblem::toString).toList();
    }

    @Test
    void aControlCharacterInAQueryIsRefusedWithItsPath() {
        assertEquals(List.of("$[0].tables[1].query: must not contain a control character other than a tab or a line"
                + " break; found U+0000 at character 10"), problems("SELECT id\u0000 FROM t"));
        assertEquals(List.of("$[0].tables[1].query: must not contain a control character other than a tab or a line"
                + " break; found U+001B at character 18"), problems("SELECT id FROM t \u001b"));
    }

    @Test
    void tabsAndLineBreaksAreFine() throws Exception {
        assertEquals("SELECT id,\r\n\tname\nFROM t", load(oneQuery("SELECT id,\r\n\tname\nFROM t")).sources().get(0)
                .tables().get(1).query().orElseThrow().sql());
    }

    @Test
    void aWithWhoseMainStatementIsNotASelectIsRefused() {
        Map<String, String> refused = new LinkedHashMap<>();
        refused.put("WITH x AS (SELECT 1) DELETE FROM victim", "DELETE");
        refused.put("with recursive x (n) as (select 1), y as not materialized (select 2)\n update victim set a = 1", "update");
        refused.put("WITH x AS (SELECT ')' AS p) INSERT INTO victim SELECT * FROM x", "INSERT");
        refused.put("WITH \"x\" AS MATERIALIZED (SELECT 1) MERGE INTO victim USING x ON true WHEN MATCHED THEN DELETE",
                "MERGE");
        refused.put("WITH RECURSIVE t (n) AS (SELECT 1) SEARCH DEPTH FIRST BY n, n SET o DELETE FROM victim", "DELETE");
        refused.put("(WITH x AS (SELECT 1) DELETE FROM victim)", "DELETE");
        for (Map.Entry<String, String> c : refused.entrySet()) {
            assertEquals(List.of("$[0].tables[1].query: must be one SELECT (or WITH ... SELECT), not a WITH whose"
                    + " main statement starts with " + c.getValue()), problems(c.getKey()), c.getKey());
        }
    }

    @Test
    void aWithWhoseMainStatementIsASelectPasses() throws Exception {
        List<String> accepted = List.of(
                "WITH x AS (SELECT 1 AS id) SELECT * FROM x",
                "WITH RECURSIVE x (id) AS (SELECT 1 UNION ALL SELECT id + 1 FROM x WHERE id < 5) SELECT * FROM x",
                "WITH a AS (SELECT 1 AS id), \"b c\" AS (SELECT 'delete' AS id) SELECT * FROM a JOIN \"b c\" USING (id)",
                "WITH x AS NOT MATERIALIZED (SELECT 1 AS id) (SELECT * FROM x) UNION (SELECT 2)",
                "WITH RECURSIVE t (id) AS (SELECT 1) SEARCH BREADTH FIRST BY id SET ord SELECT * FROM t",
                "WITH RECURSIVE t (id, p) AS (SELECT 1, 0) CYCLE id, p SET looped TO 'y' DEFAULT 'n' USING path"
                        + " SELECT * FROM t",
                "WITH RECURSIVE t (id) AS (SELECT 1) CYCLE id RESTRICT SELECT * FROM t",
                "with x as (select 'it''s ) delete' as id) select * from x",
                "((WITH x AS (SELECT 1 AS id) SELECT * FROM x))");
        for (String query : accepted) {
            assertEquals(query, load(oneQuery(query)).sources().get(0).tables().get(1).query().orElseThrow().sql(), query);
        }
    }

    @Test
    void bothProblemsAreReportedAtOnce() {
        List<String> problems = assertThrows(ConfigException.class, () -> load("[{\"source\": \"postgres\","
                + " \"conn\": \"postgres://h/db\", \"tables\": [{\"query\": \"SELECT\\u0007 1\", \"target\": \"a\","
                + " \"primaryKey\": \"id\"}, {\"query\": \"WITH x AS (SELECT 1) DELETE FROM v\", \"target\": \"b\","
                + " \"primaryKey\": \"id\"}]}]")).problems().stream().map(ConfigProblem::toString).toList();
        assertEquals(2, problems.size(), problems.toString());
        assertTrue(problems.get(0).startsWith("$[0].tables[0].query: must not contain a control character"), problems.toString());
        assertTrue(problems.get(1).startsWith("$[0].tables[1].query: must be one SELECT"), problems.toString());
    }
}
