package dev.replicate.source.mysql;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/**
 * Why the server shows a login none of a primary key's columns, as fits the server the handshake announced
 * (no server needed). MariaDB was told of MySQL's generated invisible key and its setting, which it has
 * neither of; so was MySQL before 8.0.30.
 */
class MysqlHiddenKeyCauseTest {

    @Test
    void mariaDbIsToldOnlyOfTheColumnItsLoginMayNotRead() {
        String said = MysqlCatalog.hiddenKeyCause("5.5.5-10.11.6-MariaDB-0+deb12u1");
        assertTrue(said.startsWith("MariaDB lists no column of a primary key to a login that may not read"), said);
        assertFalse(said.contains("my_row_id") || said.contains("gipk") || said.contains("PERSIST"), said);
        String newer = MysqlCatalog.hiddenKeyCause("11.4.2-MariaDB");
        assertFalse(newer.contains("my_row_id") || newer.contains("gipk"), newer);
    }

    @Test
    void mySqlBeforeItGeneratesKeysIsToldOnlyOfTheColumnItsLoginMayNotRead() {
        for (String version : new String[] {"5.7.44", "8.0.29"}) {
            String said = MysqlCatalog.hiddenKeyCause(version);
            assertTrue(said.startsWith("MySQL lists no column"), said);
            assertFalse(said.contains("my_row_id") || said.contains("gipk"), said);
        }
    }

    @Test
    void mySqlThatGeneratesInvisibleKeysNamesTheKeyAndTheSettingThatShowsIt() {
        for (String version : new String[] {"8.0.30", "8.4.3", "9.1.0"}) {
            String said = MysqlCatalog.hiddenKeyCause(version);
            assertTrue(said.startsWith("MySQL lists no column"), said);
            assertTrue(said.contains("my_row_id") && said.contains("show_gipk_in_create_table_and_information_schema"),
                    said);
        }
    }
}
