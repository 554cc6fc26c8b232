package dev.replicate.cli.console;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class RelativeTimeTest {
    private static final Instant NOW = Instant.parse("2026-11-25T12:00:00Z");

    @Test
    void agoReadsLikeSpeech() {
        assertEquals("0 s ago", RelativeTime.ago(NOW, NOW));
        assertEquals("42 s ago", RelativeTime.ago(NOW.minusSeconds(42), NOW));
        assertEquals("3 min ago", RelativeTime.ago(NOW.minusSeconds(3 * 60 + 59), NOW));
        assertEquals("2 h 5 min ago", RelativeTime.ago(NOW.minusSeconds(2 * 3600 + 5 * 60), NOW));
        assertEquals("3 d 4 h ago", RelativeTime.ago(NOW.minus(Duration.ofDays(3).plusHours(4)), NOW));
        // a clock that went back (another machine wrote the file) is not hidden
        assertEquals("in 5 s", RelativeTime.ago(NOW.plusSeconds(5), NOW));
    }

    @Test
    void dueSaysNowOnceTheTimeHasCome() {
        assertEquals("due in 42 s", RelativeTime.due(NOW.plusSeconds(42), NOW));
        assertEquals("due in 1 min", RelativeTime.due(NOW.plusSeconds(60), NOW));
        assertEquals("due now", RelativeTime.due(NOW, NOW));
        assertEquals("due now", RelativeTime.due(NOW.minusSeconds(600), NOW));
    }

    @Test
    void durationsInMillisecondsThenSeconds() {
        assertEquals("0 ms", RelativeTime.duration(Duration.ZERO));
        assertEquals("999 ms", RelativeTime.duration(Duration.ofMillis(999)));
        assertEquals("1.5 s", RelativeTime.duration(Duration.ofMillis(1500)));
    }
}
