package dev.replicate.cli;

import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

/**
 * What the process was started with, passed in rather than read from globals so that the whole CLI
 * can run inside a test with its own variables and terminal.
 *
 * @param variables    environment variables
 * @param interactive  whether a person is watching (stdout and stderr are a terminal)
 * @param workingDir   where relative paths are resolved
 */
public record Environment(Map<String, String> variables, boolean interactive, Path workingDir) {

    public static Environment current() {
        boolean terminal = System.console() != null;
        return new Environment(System.getenv(), terminal, Path.of("").toAbsolutePath());
    }

    public Optional<String> get(String name) {
        return Optional.ofNullable(variables.get(name)).filter(v -> !v.isEmpty());
    }

    /**
     * Colour only for a person at a terminal, and never when NO_COLOR is set to anything but the empty
     * string (as https://no-color.org asks), nor on a terminal that says it is dumb.
     */
    public boolean colour() {
        return interactive && get("NO_COLOR").isEmpty() && !"dumb".equals(variables.get("TERM"));
    }

    public Path resolve(String path) {
        return workingDir.resolve(path).normalize();
    }
}
