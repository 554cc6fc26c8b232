package dev.replicate.config;

import java.util.List;
import java.util.stream.Collectors;

/** The configuration cannot be used; carries every problem found, not just the first. */
public final class ConfigException extends Exception {
    private final String origin;
    private final List<ConfigProblem> problems;

    public ConfigException(String origin, List<ConfigProblem> problems) {
        super(describe(origin, problems));
        this.origin = origin;
        this.problems = List.copyOf(problems);
    }

    public ConfigException(String origin, String path, String message) {
        this(origin, List.of(new ConfigProblem(path, message)));
    }

    public String origin() {
        return origin;
    }

    public List<ConfigProblem> problems() {
        return problems;
    }

    private static String describe(String origin, List<ConfigProblem> problems) {
        String header = problems.size() == 1
                ? "invalid configuration (" + origin + "):"
                : problems.size() + " problems in the configuration (" + origin + "):";
        return problems.stream().map(p -> "  " + p).collect(Collectors.joining("\n", header + "\n", ""));
    }
}
