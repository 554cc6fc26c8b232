package dev.replicate.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

class EnvironmentTest {
    private static Environment environment(Map<String, String> variables, boolean interactive) {
        return new Environment(variables, interactive, Path.of("/work"));
    }

    @Test
    void colourOnlyAtATerminalWithoutNoColorAndNotDumb() {
        assertTrue(environment(Map.of(), true).colour());
        assertTrue(environment(Map.of("TERM", "xterm-256color"), true).colour());
        assertFalse(environment(Map.of(), false).colour(), "not at a terminal");
        assertFalse(environment(Map.of("NO_COLOR", "1"), true).colour());
        assertFalse(environment(Map.of("NO_COLOR", "0"), true).colour(), "any value counts");
        assertTrue(environment(Map.of("NO_COLOR", ""), true).colour(), "no-color.org: an empty value does not count");
        assertFalse(environment(Map.of("TERM", "dumb"), true).colour());
    }

    @Test
    void emptyVariablesCountAsUnsetAndPathsResolveAgainstTheWorkingFolder() {
        assertTrue(environment(Map.of("REPLICATE_DB", ""), false).get("REPLICATE_DB").isEmpty());
        assertEquals(Path.of("/work/a.db"), environment(Map.of(), false).resolve("x/../a.db"));
        assertEquals(Path.of("/abs.db"), environment(Map.of(), false).resolve("/abs.db"));
    }
}
