package dev.replicate.source.mysql;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.replicate.source.TableName;
import java.sql.SQLException;
import org.junit.jupiter.api.Test;

/**
 * The primary-key question's failures: one the engine does not tell in its own words says it came from that
 * question (the server's bare "Table ... doesn't exist" did not say which statement), keeping the server's
 * code and state; a lock wait, a time bound or a lost connection stays as the driver gave it.
 */
class MysqlKeyProbeFailureTest {
    private final TableName table = TableName.parse("shop.items");

    @Test
    void anUnexpectedFailureSaysItCameFromThePrimaryKeyCheck() {
        SQLException server = new SQLException("Table 'shop.items' doesn't exist", "42S02", 1146);
        SQLException said = MysqlCatalog.probeFailure(table, server);
        assertTrue(said.getMessage().startsWith("the check of whether shop.items has a primary key the login is not"
                + " shown"), said.getMessage());
        assertTrue(said.getMessage().endsWith(": Table 'shop.items' doesn't exist"), said.getMessage());
        assertEquals(1146, said.getErrorCode());
        assertEquals("42S02", said.getSQLState());
        assertSame(server, said.getCause());
    }

    @Test
    void aFailureTheEngineTellsStaysAsItIs() {
        for (SQLException e : new SQLException[] {
                new SQLException("Lock wait timeout exceeded", "HY000", 1205),
                new SQLException("Query execution was interrupted", "70100", 1317),
                new SQLException("Communications link failure", "08S01", 0)}) {
            assertSame(e, MysqlCatalog.probeFailure(table, e));
        }
    }
}
