package dev.replicate.sync;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.replicate.source.Source;
import dev.replicate.source.SourceSettings;
import dev.replicate.source.WatermarkKind;
import dev.replicate.source.postgres.PostgresConnector;
import dev.replicate.testing.PostgresTestDatabase;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The source's clock, asked of a source that can no longer answer. */
class PostgresCursorAheadTest {
    private static PostgresTestDatabase db;

    @BeforeAll
    static void createDatabase() {
        db = new PostgresTestDatabase();
    }

    @AfterAll
    static void dropDatabase() {
        db.close();
    }

    /**
     * A source whose connection is gone when its clock is asked (cut, or closed by the driver after a read
     * timeout) fails the table as any query would, rather than leaving this machine's clock to judge under a
     * note saying the source tells no clock, and the source's next table failing with a bare "connection has
     * been closed".
     */
    @Test
    void aSourceGoneWhenItsClockIsAskedFailsTheTable() throws Exception {
        String application = "replicate-clock-" + Long.toHexString(System.nanoTime());
        Source source = new PostgresConnector().open(new SourceSettings(db.conn(), Optional.empty(), Optional.empty(),
                Map.of("ApplicationName", application)));
        try (source) {
            Position ahead = new Position(WatermarkKind.TIMESTAMPTZ, Instant.now().plus(Duration.ofDays(10)));
            SourceClock once = new SourceClock(source);
            assertTrue(CursorAhead.find(ahead, Optional.empty(), Instant.now(), once).orElseThrow().sourceClock());
            assertEquals(List.of(List.of("1")), db.query("SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity"
                    + " WHERE application_name = '" + application + "'"));
            assertThrows(Exception.class, () -> CursorAhead.find(ahead, Optional.empty(), Instant.now(),
                    new SourceClock(source)));
        }
    }

    /**
     * A run asks a source's clock once, whatever number of tables this machine's clock finds ahead: the
     * second table here is told by the source's clock though its connection is gone, the offset kept.
     */
    @Test
    void aSourcesClockIsAskedOnceARun() throws Exception {
        String application = "replicate-clock-" + Long.toHexString(System.nanoTime());
        Source source = new PostgresConnector().open(new SourceSettings(db.conn(), Optional.empty(), Optional.empty(),
                Map.of("ApplicationName", application)));
        try (source) {
            Position ahead = new Position(WatermarkKind.TIMESTAMPTZ, Instant.now().plus(Duration.ofDays(10)));
            TableBatch batch = new TableBatch(source, List.of(), java.time.Clock.systemUTC());
            assertTrue(CursorAhead.find(ahead, Optional.empty(), Instant.now(), batch.sourceClock(source))
                    .orElseThrow().sourceClock());
            db.query("SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity"
                    + " WHERE application_name = '" + application + "'");
            assertTrue(CursorAhead.find(ahead, Optional.empty(), Instant.now(), batch.sourceClock(source))
                    .orElseThrow().sourceClock(), "asked once");
        }
    }
}
