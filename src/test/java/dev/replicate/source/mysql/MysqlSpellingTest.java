package dev.replicate.source.mysql;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Which MySQL and MariaDB retypes keep every value's text (Source#spellsAlike): a key retyped otherwise
 * makes the table sync again from the start; one retyped alike goes on. Types as COLUMN_TYPE shows them.
 */
class MysqlSpellingTest {

    private static boolean alike(String before, String after) {
        return MysqlTypes.spelling(before).equals(MysqlTypes.spelling(after));
    }

    @Test
    void retypesThatKeepTheTextGoOn() {
        for (List<String> pair : List.of(
                List.of("varchar(20)", "varchar(50)"),
                List.of("varchar(20)", "text"),
                List.of("varchar(20)", "longtext"),
                List.of("char(5)", "char(8)"),
                List.of("int(11)", "bigint(20)"),
                List.of("int", "int unsigned"),
                List.of("tinyint(4)", "mediumint"),
                List.of("decimal(10,2)", "decimal(12,2)"),
                List.of("decimal(10,2)", "DECIMAL(12,2) unsigned"),
                List.of("decimal(10)", "decimal(12,0)"))) {
            assertEquals(true, alike(pair.get(0), pair.get(1)), pair.toString());
        }
    }

    @Test
    void retypesThatChangeTheTextAreSeen() {
        for (List<String> pair : List.of(
                List.of("decimal(10,2)", "decimal(10,4)"),
                List.of("decimal(10)", "decimal(10,2)"),
                List.of("datetime", "timestamp"),
                List.of("datetime(3)", "datetime(6)"),
                List.of("varchar(5)", "char(5)"),
                List.of("int", "bigint unsigned"),
                List.of("float", "double"),
                List.of("enum('a','b')", "enum('a','b','c')"),
                List.of("decimal(10,2) zerofill", "decimal(10,2)"))) {
            assertEquals(false, alike(pair.get(0), pair.get(1)), pair.toString());
        }
    }
}
