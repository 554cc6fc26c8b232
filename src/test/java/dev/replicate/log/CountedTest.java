package dev.replicate.log;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** A count said as a user reads it: one in the singular, any other count (none included) in the plural. */
class CountedTest {
    @Test
    void oneIsSingularAndEveryOtherCountPlural() {
        assertEquals("1 row", Counted.rows(1));
        assertEquals("2 rows", Counted.rows(2));
        assertEquals("0 rows", Counted.rows(0));
        assertEquals("1 key", Counted.of(1, "key"));
        assertEquals("2 keys", Counted.of(2, "key"));
        assertEquals("0 tables", Counted.of(0, "table"));
        assertEquals("has", Counted.agreeing(1, "has", "have"));
        assertEquals("have", Counted.agreeing(2, "has", "have"));
        assertEquals("have", Counted.agreeing(0, "has", "have"));
    }

    @Test
    void namesFollowTheirNounCounted() {
        assertEquals("column a", Counted.named("column", java.util.List.of("a")));
        assertEquals("columns a, b", Counted.named("column", java.util.List.of("a", "b")));
    }
}
