package dev.replicate.source;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** A connector written against the two-part TimeBound still builds, its bound the login's own. */
class TimeBoundTest {
    @Test
    void theTwoPartConstructorKeepsTheLoginsWords() {
        TimeBound bound = new TimeBound("statement_timeout", "ALTER ROLE app RESET statement_timeout");
        assertEquals(new TimeBound("statement_timeout", "that replicate's login sets",
                "ALTER ROLE app RESET statement_timeout"), bound);
    }
}
