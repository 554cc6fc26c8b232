package dev.replicate.sqlite;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import dev.replicate.source.SqliteType;
import java.util.List;
import org.junit.jupiter.api.Test;

class SqliteSqlTest {
    private static final List<SqliteSql.Column> COLUMNS = List.of(
            new SqliteSql.Column("id", SqliteType.INTEGER), new SqliteSql.Column("odd \"name", SqliteType.TEXT),
            new SqliteSql.Column("data", SqliteType.BLOB));

    @Test
    void aKeyedTableHasANotNullPrimaryKey() {
        assertEquals("""
                CREATE TABLE "t" (
                  "id" INTEGER NOT NULL,
                  "odd ""name" TEXT,
                  "data" BLOB,
                  PRIMARY KEY ("id")
                )""", SqliteSql.createTable("t", COLUMNS, List.of("id")));
    }

    @Test
    void aKeylessTableHasAHiddenRowKeyWhoseIndexIsMadeApart() {
        assertEquals("""
                CREATE TABLE "t" (
                  "id" INTEGER,
                  "odd ""name" TEXT,
                  "data" BLOB,
                  "_replicate_row_key" TEXT NOT NULL
                )""", SqliteSql.createTable("t", COLUMNS, List.of()));
    }

    @Test
    void upsertsUpdateInPlaceRatherThanReplace() {
        assertEquals("INSERT INTO \"t\" (\"id\", \"a\", \"b\") VALUES (?, ?, ?) ON CONFLICT (\"id\") DO UPDATE SET"
                + " \"a\" = excluded.\"a\", \"b\" = excluded.\"b\" WHERE (\"a\" IS NOT excluded.\"a\" COLLATE BINARY"
                + " OR \"b\" IS NOT excluded.\"b\" COLLATE BINARY)", SqliteSql.upsert("t", List.of("id", "a", "b"), List.of("id")));
        assertEquals("INSERT INTO \"t\" (\"id\", \"B\") VALUES (?, ?) ON CONFLICT (\"id\") DO UPDATE SET"
                + " \"B\" = excluded.\"B\" WHERE (\"B\" IS NOT excluded.\"B\" COLLATE BINARY OR typeof(\"B\") <>"
                + " typeof(excluded.\"B\") OR (typeof(excluded.\"B\") = 'real' AND excluded.\"B\" = 0))",
                SqliteSql.upsert("t", List.of("id", "B"), List.of("id"), 1, java.util.Set.of("b")),
                "a column without affinity compares storage classes too, and always writes a double zero");
        assertEquals("INSERT INTO \"t\" (\"a\", \"b\") VALUES (?, ?) ON CONFLICT (\"a\", \"b\") DO NOTHING",
                SqliteSql.upsert("t", List.of("a", "b"), List.of("a", "b")));
        assertEquals("INSERT INTO \"t\" (\"a\", \"_replicate_row_key\") VALUES (?, ?) ON CONFLICT (\"_replicate_row_key\")"
                + " DO NOTHING", SqliteSql.upsert("t", List.of("a"), List.of()));
    }

    /**
     * The grouped upsert's text (PageWriter's rows at once), names with a quote in them, and three conditions
     * joined as a balanced tree: the text is written with one builder, and this is what it must give.
     */
    @Test
    void aGroupedUpsertRepeatsItsRowsAndQuotesEveryName() {
        assertEquals("INSERT INTO \"t\"\"x\" (\"id\", \"a\", \"b\"\"q\", \"c\") VALUES (?, ?, ?, ?), (?, ?, ?, ?)"
                + " ON CONFLICT (\"id\") DO UPDATE SET \"a\" = excluded.\"a\", \"b\"\"q\" = excluded.\"b\"\"q\","
                + " \"c\" = excluded.\"c\" WHERE (\"a\" IS NOT excluded.\"a\" COLLATE BINARY OR (\"b\"\"q\" IS NOT"
                + " excluded.\"b\"\"q\" COLLATE BINARY OR \"c\" IS NOT excluded.\"c\" COLLATE BINARY))",
                SqliteSql.upsert("t\"x", List.of("id", "a", "b\"q", "c"), List.of("id"), 2, java.util.Set.of()));
        assertEquals("INSERT INTO \"t\" (\"a\", \"_replicate_row_key\") VALUES (?, ?), (?, ?), (?, ?)"
                + " ON CONFLICT (\"_replicate_row_key\") DO NOTHING",
                SqliteSql.upsert("t", List.of("a"), List.of(), 3, java.util.Set.of()));
        assertEquals("INSERT INTO \"t\" (\"a\", \"b\") VALUES (?, ?), (?, ?)", SqliteSql.insert("t", List.of("a", "b"), 2));
    }

    @Test
    void anUpsertNullsTheColumnsGoneFromTheSourceInTheRowsItUpdates() {
        assertEquals("INSERT INTO \"t\" (\"id\", \"a\") VALUES (?, ?) ON CONFLICT (\"id\") DO UPDATE SET"
                + " \"a\" = excluded.\"a\", \"old\" = NULL WHERE (\"a\" IS NOT excluded.\"a\" COLLATE BINARY"
                + " OR \"old\" IS NOT NULL)",
                SqliteSql.upsert("t", List.of("id", "a"), List.of("id"), 1, java.util.Set.of(), List.of("old")));
        assertEquals("INSERT INTO \"t\" (\"id\") VALUES (?) ON CONFLICT (\"id\") DO UPDATE SET \"old\" = NULL"
                + " WHERE \"old\" IS NOT NULL",
                SqliteSql.upsert("t", List.of("id"), List.of("id"), 1, java.util.Set.of(), List.of("old")),
                "a table of its key alone still clears the gone column");
    }

    @Test
    void columnsAreAddedWithTheirType() {
        assertEquals("ALTER TABLE \"t\" ADD COLUMN \"x\" REAL", SqliteSql.addColumn("t", new SqliteSql.Column("x", SqliteType.REAL)));
    }

    @Test
    void rowKeysCountIdenticalRowsWithinAWatermarkAndIgnoreNulls() {
        RowKeys keys = new RowKeys(List.of("a", "b"));
        String first = keys.next(new Object[] {1L, "x"}, 5L);
        String second = keys.next(new Object[] {1L, "x"}, 5L);
        assertEquals(first.replace(":1", ":2"), second);
        assertNotEquals(first, keys.next(new Object[] {1L, "y"}, 5L));
        assertEquals(first, keys.next(new Object[] {1L, "x"}, 6L), "occurrences restart with a new watermark");
        RowKeys wider = new RowKeys(List.of("a", "b", "c"));
        assertEquals(first, wider.next(new Object[] {1L, "x", null}, 5L), "a new NULL column keeps identities");
        assertNotEquals(keys.next(new Object[] {"ab", "c"}, 7L), keys.next(new Object[] {"a", "bc"}, 7L));
        assertNotEquals(keys.next(new Object[] {1L, null}, 8L), keys.next(new Object[] {"1", null}, 8L),
                "an integer and a text that print alike differ");
    }
}
