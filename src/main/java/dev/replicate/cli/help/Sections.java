package dev.replicate.cli.help;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;

/**
 * A command's {@link HelpSections}, parsed: what {@code --help} and the man pages show under
 * Environment, Files and Examples.
 */
public record Sections(Map<String, String> environment, Map<String, String> files, List<Example> examples) {

    /** One example: the command line, and what it does when that is worth saying. */
    public record Example(String command, Optional<String> comment) {
    }

    /**
     * The sections of a command: its {@link HelpSections}; for picocli's own {@code help} command,
     * which we cannot annotate, a fixed set.
     */
    public static Sections of(CommandSpec spec) {
        Object command = spec.userObject();
        if (command instanceof CommandLine.HelpCommand) {
            return new Sections(Map.of(), Map.of(), List.of(
                    new Example("replicate help run", Optional.of("the same as replicate run --help"))));
        }
        HelpSections annotation = command == null ? null : command.getClass().getAnnotation(HelpSections.class);
        if (annotation == null) {
            return new Sections(Map.of(), Map.of(), List.of());
        }
        return new Sections(pairs(annotation.environment()), pairs(annotation.files()), examples(annotation.examples()));
    }

    private static Map<String, String> pairs(String[] entries) {
        Map<String, String> map = new LinkedHashMap<>();
        for (String entry : entries) {
            int colon = entry.indexOf(':');
            if (colon < 0) {
                throw new IllegalArgumentException("a help entry needs \"key:description\": " + entry);
            }
            map.put(entry.substring(0, colon).strip(), entry.substring(colon + 1).strip());
        }
        return map;
    }

    private static List<Example> examples(String[] lines) {
        List<Example> examples = new ArrayList<>();
        for (String line : lines) {
            int hash = line.indexOf("  # ");
            examples.add(hash < 0 ? new Example(line, Optional.empty())
                    : new Example(line.substring(0, hash).strip(), Optional.of(line.substring(hash + 4).strip())));
        }
        return examples;
    }
}
