package dev.replicate.source.jdbc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Properties;
import org.junit.jupiter.api.Test;

/** A connector written against the login bound in seconds alone still builds and opens as before. */
class JdbcConnectionsTest {
    @Test
    void theSecondsOverloadsOpenAsTheLoginBoundOnes() {
        org.postgresql.Driver driver = new org.postgresql.Driver();
        IllegalArgumentException refused = assertThrows(IllegalArgumentException.class, () -> JdbcConnections.open(
                driver, "jdbc:mysql://127.0.0.1/x", new Properties(), "not PostgreSQL's", "SELECT 1", 10, 0,
                connection -> connection));
        assertEquals("not PostgreSQL's", refused.getMessage());
        JdbcConnections.SessionSetup setup = connection -> "SELECT 1";
        assertThrows(IllegalArgumentException.class, () -> JdbcConnections.open(driver, "jdbc:mysql://127.0.0.1/x",
                new Properties(), "not PostgreSQL's", setup, 10, 0, connection -> connection));
    }
}
