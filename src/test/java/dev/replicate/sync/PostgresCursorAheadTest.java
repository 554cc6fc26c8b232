package dev.replicate.sync;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
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
     * Issue #17 counts an incremental run's queries: the clock an instant's cursor stays behind ({@link ClockLimit})
     * asks the source nothing for rows at or before this machine's clock, nor for one a few seconds ahead (held
     * back on this machine's clock alone); only a row ahead by more than the grace has it asked. Told here by a
     * source whose connection is gone, which fails any query.
     */
    @Test
    void theClockLimitAsksTheSourceOnlyForARowFarAhead() throws Exception {
        String application = "replicate-clock-" + Long.toHexString(System.nanoTime());
        Source source = new PostgresConnector().open(new SourceSettings(db.conn(), Optional.empty(), Optional.empty(),
                Map.of("ApplicationName", application)));
        try (source) {
            db.query("SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity"
                    + " WHERE application_name = '" + application + "'");
            ClockLimit limit = ClockLimit.of(WatermarkKind.TIMESTAMPTZ, java.time.Clock.systemUTC(),
                    new SourceClock(source)).orElseThrow();
            assertFalse(limit.past(Instant.now().minusSeconds(3600)));
            assertTrue(limit.past(Instant.now().plusSeconds(20)), "a few seconds ahead: held back, nothing asked");
            assertTrue(limit.holds(Instant.now().plus(Duration.ofDays(1))), "during a read nothing is asked");
            assertThrows(Exception.class, () -> limit.past(Instant.now().plus(Duration.ofDays(1))), "asked");
            assertTrue(ClockLimit.of(WatermarkKind.TIMESTAMP, java.time.Clock.systemUTC(), new SourceClock(source))
                    .isEmpty(), "a wall clock has no limit");
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
