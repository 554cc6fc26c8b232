package dev.replicate.sqlite;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.replicate.source.SqliteType;
import java.nio.file.Path;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The row identities' index of a table without a key, on a real SQLite file (no source needed). */
class RowKeyIndexTest {
    private static final List<SqliteSql.Column> COLUMNS = List.of(new SqliteSql.Column("rowid", SqliteType.INTEGER),
            new SqliteSql.Column("name", SqliteType.TEXT));

    @TempDir
    Path dir;

    @Test
    void theIndexOfAnEarlierReleasesUniqueColumnCountsAndAPartialOneDoesNot() throws Exception {
        try (Replica replica = Replica.openForWriting(dir.resolve("replica.db"))) {
            execute(replica, "CREATE TABLE older (a TEXT, \"_replicate_row_key\" TEXT NOT NULL UNIQUE)");
            execute(replica, SqliteSql.createTable("newer", COLUMNS, List.of()));
            execute(replica, "CREATE UNIQUE INDEX partial_one ON newer (\"_replicate_row_key\") WHERE name IS NULL");
            execute(replica, "CREATE UNIQUE INDEX two_columns ON newer (\"_replicate_row_key\", name)");
            replica.commit();
            assertTrue(RowKeyIndex.present(replica, "older"));
            assertFalse(RowKeyIndex.present(replica, "newer"));
            assertEquals(Optional.empty(), RowKeyIndex.afterLoad(replica, "newer"), "an empty table waits");
            assertFalse(RowKeyIndex.present(replica, "newer"));
            assertEquals(Optional.empty(), RowKeyIndex.ensure(replica, "older"));
        }
    }

    /**
     * The fallback: rows written unchecked that share an identity (one run's read never gives them, unless
     * the source returns a watermark value's rows apart) are reduced to the first written, as the checked
     * writer's ON CONFLICT DO NOTHING would have kept, and the index is made. A column named rowid does not
     * get in the way.
     */
    @Test
    void rowsSharingAnIdentityKeepTheFirstWrittenWhenTheIndexIsMade() throws Exception {
        try (Replica replica = Replica.openForWriting(dir.resolve("replica.db"))) {
            execute(replica, SqliteSql.createTable("t", COLUMNS, List.of()));
            execute(replica, "INSERT INTO t (\"rowid\", name, \"_replicate_row_key\") VALUES (9, 'first', 'k:1'),"
                    + " (8, 'other', 'j:1'), (7, 'second', 'k:1'), (6, 'third', 'k:1')");
            replica.commit();
            Optional<String> note = RowKeyIndex.afterLoad(replica, "t");
            assertTrue(note.orElseThrow().startsWith("2 rows of t shared their identity (a digest of the values, see"
                    + " README) with a row written before them,"), note.toString());
            assertTrue(RowKeyIndex.present(replica, "t"));
            assertEquals(List.of("first k:1", "other j:1"), rows(replica, "SELECT name || ' ' || \"_replicate_row_key\""
                    + " FROM t ORDER BY name"));
        }
    }

    /** One row removed is said in the singular: "1 row(s) ... their identity" read as a hedge. */
    @Test
    void oneRowSharingAnIdentityIsSaidAsOne() throws Exception {
        try (Replica replica = Replica.openForWriting(dir.resolve("replica.db"))) {
            execute(replica, SqliteSql.createTable("t", COLUMNS, List.of()));
            execute(replica, "INSERT INTO t (\"rowid\", name, \"_replicate_row_key\") VALUES (9, 'first', 'k:1'),"
                    + " (7, 'second', 'k:1')");
            replica.commit();
            Optional<String> note = RowKeyIndex.afterLoad(replica, "t");
            assertTrue(note.orElseThrow().startsWith("1 row of t shared its identity (a digest of the values, see"
                    + " README) with a row written before it,"), note.toString());
        }
    }

    @Test
    void rowsWithoutTheIndexGetItBeforeWriting() throws Exception {
        try (Replica replica = Replica.openForWriting(dir.resolve("replica.db"))) {
            execute(replica, SqliteSql.createTable("t", COLUMNS, List.of()));
            replica.commit();
            List<String> notes = new ArrayList<>();
            assertTrue(RowKeyIndex.beforeWriting(replica, "t", notes), "empty: written unchecked");
            execute(replica, "INSERT INTO t (name, \"_replicate_row_key\") VALUES ('a', 'a:1')");
            replica.commit();
            assertFalse(RowKeyIndex.beforeWriting(replica, "t", notes), "rows: checked, the index made first");
            assertTrue(RowKeyIndex.present(replica, "t"));
            assertEquals(1, notes.size(), notes.toString());
            assertFalse(RowKeyIndex.beforeWriting(replica, "t", notes));
            assertEquals(1, notes.size(), notes.toString());
        }
    }

    /**
     * The row identities' index is told by its name as SQLite compares names (A-Z without case), not as
     * Java's equalsIgnoreCase does: to that, the dotless i (U+0131) and the Kelvin sign (U+212A) are i and k.
     * An index of the user's named so on kitchen was taken for replicate's: left out of what a swap makes
     * again (dropped with the old table) and of what a reset or a drop refuses over, and, holding a target's
     * name, said to be replicate's own with no way to drop it.
     */
    @Test
    void anIndexIsTheRowKeysOnlyAsSQLiteComparesNames() throws Exception {
        String mine = "_repl\u0131cate_row_key_kitchen";
        try (Replica replica = Replica.openForWriting(dir.resolve("replica.db"))) {
            execute(replica, SqliteSql.createTable("kitchen", COLUMNS, List.of()));
            execute(replica, "CREATE INDEX \"" + mine + "\" ON kitchen (name)");
            replica.commit();
            assertEquals(List.of(mine), HandMadeObjects.on(replica, "kitchen").stream().map(HandMadeObjects.Made::name)
                    .toList());
            String taken = TargetNameTaken.check(replica, mine, "$[0].tables[1]").orElseThrow();
            assertTrue(taken.contains("which replicate did not make") && taken.contains("DROP INDEX \"" + mine + "\""),
                    taken);
        }
        assertFalse(RowKeyIndex.isOurs("kitchen", "_replicate_row_\u212Aey_kitchen"));
        assertTrue(RowKeyIndex.isOurs("kitchen", "_REPLICATE_ROW_KEY_KITCHEN"));
        assertTrue(RowKeyIndex.isOurs("CAFÉ", "_replicate_row_key_cafÉ"));
        assertFalse(RowKeyIndex.isOurs("CAFÉ", "_replicate_row_key_café"), "é is not É to SQLite");
    }

    private static void execute(Replica replica, String sql) throws SQLException {
        try (Statement statement = replica.connection().createStatement()) {
            statement.execute(sql);
        }
    }

    private static List<String> rows(Replica replica, String sql) throws SQLException {
        List<String> rows = new ArrayList<>();
        try (Statement statement = replica.connection().createStatement(); ResultSet rs = statement.executeQuery(sql)) {
            while (rs.next()) {
                rows.add(rs.getString(1));
            }
        }
        return rows;
    }
}
