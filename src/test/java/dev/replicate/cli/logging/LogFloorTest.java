package dev.replicate.cli.logging;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import org.junit.jupiter.api.Test;
import org.tinylog.Level;

class LogFloorTest {
    @Test
    void theLowestLevelIsTheVerbositysOrInfoForALogFile() {
        assertEquals(Level.WARN, LogFloor.lowest(Level.WARN, false));
        assertEquals(Level.INFO, LogFloor.lowest(Level.WARN, true));
        assertEquals(Level.INFO, LogFloor.lowest(Level.ERROR, true));
        assertEquals(Level.DEBUG, LogFloor.lowest(Level.DEBUG, true));
        assertEquals(Level.TRACE, LogFloor.lowest(Level.TRACE, false));
    }

    /** Tests run many commands in one JVM: their logging is never narrowed (only Main.main's process is). */
    @Test
    void aJvmThatRunsManyCommandsKeepsEveryLevel() {
        assertFalse(LogFloor.narrow(Level.ERROR));
    }
}
