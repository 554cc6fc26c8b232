package dev.replicate.source.postgres;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.replicate.source.SourceSettings;
import dev.replicate.testing.PostgresTestDatabase;
import java.sql.SQLException;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Opening a PostgreSQL source against a real server. */
class PostgresConnectorTest {
    private static PostgresTestDatabase db;

    @BeforeAll
    static void createDatabase() {
        db = new PostgresTestDatabase();
    }

    @AfterAll
    static void dropDatabase() {
        db.close();
    }

    @Test
    void aSessionSettingThatFailsClosesTheConnection() throws Exception {
        // A name of its own, so that only this test's connection is counted.
        String application = "replicate-setfails-" + Long.toHexString(System.nanoTime());
        SourceSettings settings = new SourceSettings(db.conn(), Optional.empty(), Optional.empty(),
                Map.of("ApplicationName", application));
        SQLException failure = assertThrows(SQLException.class,
                () -> new PostgresConnector("SET no_such_setting_at_all = 1").open(settings));
        assertTrue(String.valueOf(failure.getMessage()).contains("no_such_setting_at_all"), failure::toString);
        // The backend goes away shortly after the client closes the connection; a leaked one stays.
        String count = "SELECT count(*) FROM pg_stat_activity WHERE application_name = '" + application + "'";
        long deadline = System.nanoTime() + 5_000_000_000L;
        while (!db.query(count).equals(List.of(List.of("0"))) && System.nanoTime() < deadline) {
            Thread.sleep(50);
        }
        assertEquals(List.of(List.of("0")), db.query(count), "the connection was left open");
    }
}
