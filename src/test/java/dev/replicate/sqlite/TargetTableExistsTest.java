package dev.replicate.sqlite;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.sql.Statement;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What counts as a table of the replica's: what SQLite's schema lists as a table, by name as SQLite compares names. */
class TargetTableExistsTest {
    @TempDir
    Path dir;

    @Test
    void aTableIsFoundByItsNameAsSqliteComparesNames() throws Exception {
        try (Replica replica = Replica.openForWriting(dir.resolve("replica.db"))) {
            edit(replica, "CREATE TABLE \"Orders\" (id INTEGER PRIMARY KEY)", "CREATE TABLE \"café\" (id INTEGER)");
            assertTrue(TargetTable.exists(replica, "Orders"));
            assertTrue(TargetTable.exists(replica, "ORDERS"), "A-Z without case");
            assertTrue(TargetTable.exists(replica, "café"));
            assertFalse(TargetTable.exists(replica, "CAFÉ"), "É and é are two names to SQLite");
            assertFalse(TargetTable.exists(replica, "order"));
            assertFalse(TargetTable.exists(replica, "_replicate_copy_Orders"));
        }
    }

    @Test
    void aViewOrATemporaryTableIsNotOne() throws Exception {
        try (Replica replica = Replica.openForWriting(dir.resolve("replica.db"))) {
            edit(replica, "CREATE TABLE base (id INTEGER)", "CREATE VIEW shown AS SELECT id FROM base",
                    "CREATE VIEW broken AS SELECT id FROM base", "DROP TABLE base", "CREATE TEMP TABLE scratch (x)");
            assertFalse(TargetTable.exists(replica, "shown"));
            assertFalse(TargetTable.exists(replica, "broken"), "a view whose table is gone");
            assertFalse(TargetTable.exists(replica, "scratch"), "the temporary schema is not the replica's");
            assertFalse(TargetTable.exists(replica, "base"));
        }
    }

    @Test
    void aVirtualTableAndItsShadowTablesAreTables() throws Exception {
        try (Replica replica = Replica.openForWriting(dir.resolve("replica.db"))) {
            edit(replica, "CREATE VIRTUAL TABLE docs USING fts5(body)");
            assertTrue(TargetTable.exists(replica, "docs"));
            assertTrue(TargetTable.exists(replica, "docs_data"), "FTS5's own table, which a target must not take");
        }
    }

    @Test
    void aTableMadeOrDroppedInTheOpenTransactionIsSeenAtOnce() throws Exception {
        try (Replica replica = Replica.openForWriting(dir.resolve("replica.db"))) {
            try (Statement statement = replica.connection().createStatement()) {
                statement.execute("CREATE TABLE fresh (id INTEGER)");
                assertTrue(TargetTable.exists(replica, "fresh"));
                replica.rollbackQuietly();
                assertFalse(TargetTable.exists(replica, "fresh"), "rolled back");
                statement.execute("CREATE TABLE other (id INTEGER)");
                assertFalse(TargetTable.exists(replica, "fresh"));
                assertTrue(TargetTable.exists(replica, "other"));
                statement.execute("DROP TABLE other");
                assertFalse(TargetTable.exists(replica, "other"));
            }
        }
    }

    private static void edit(Replica replica, String... statements) throws Exception {
        try (Statement statement = replica.connection().createStatement()) {
            for (String sql : statements) {
                statement.execute(sql);
            }
        }
        replica.commit();
    }
}
