package dev.replicate.log;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.replicate.cli.logging.CliWriter;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;
import org.tinylog.Level;

class LogTest {
    @Test
    void theLowestLevelIsTheVerbositysOrInfoForALogFile() {
        assertEquals(Level.WARN, Log.lowest(Level.WARN, false));
        assertEquals(Level.INFO, Log.lowest(Level.WARN, true));
        assertEquals(Level.INFO, Log.lowest(Level.ERROR, true));
        assertEquals(Level.DEBUG, Log.lowest(Level.DEBUG, true));
        assertEquals(Level.TRACE, Log.lowest(Level.TRACE, false));
    }

    /** Tests run many commands in one JVM: their gate is never narrowed (only Main.main's process is). */
    @Test
    void aJvmThatRunsManyCommandsKeepsEveryLevel() {
        assertFalse(Log.narrow(Level.ERROR));
        assertTrue(Log.allows(Level.TRACE));
    }

    /**
     * Without {@code slf4j.provider} (Main.main names it; the tests' JVM does not), SLF4J finds the gate
     * through its service file, and the libraries' lines reach the command's stderr through tinylog and
     * CliWriter, formatted by SLF4J's rules and masked as replicate's own.
     */
    @Test
    void theLibrariesLinesGoThroughTheGateToTheCommandsStderr() {
        org.slf4j.Logger logger = LoggerFactory.getLogger("org.sqlite.core.NativeDB");
        assertInstanceOf(Slf4jGate.GatedLogger.class, logger, "SLF4J's provider");
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        PrintStream err = new PrintStream(bytes, true, StandardCharsets.UTF_8);
        CliWriter.route(err, Level.INFO, null, text -> text.replace("s3cret", "***"));
        try {
            assertTrue(logger.isInfoEnabled());
            logger.debug("below the command's level: {}", "not shown");
            logger.info("opened {} with {}", "replica.db", "s3cret");
            logger.warn("a warning {} {}", 1, 2, new IllegalStateException("the cause"));
        } finally {
            CliWriter.unroute();
        }
        String text = bytes.toString(StandardCharsets.UTF_8);
        assertTrue(text.contains("opened replica.db with ***"), text);
        assertTrue(text.contains("warn: a warning 1 2"), text);
        assertFalse(text.contains("not shown") || text.contains("s3cret"), text);
    }
}
