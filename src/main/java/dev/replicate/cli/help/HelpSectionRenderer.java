package dev.replicate.cli.help;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.UsageMessageSpec;

/**
 * Adds a command's {@link HelpSections} to its {@code --help}: Environment and Files before the exit
 * statuses, Examples after them, in the order of a man page.
 */
public final class HelpSectionRenderer {
    static final String ENVIRONMENT = "replicateEnvironment";
    static final String FILES = "replicateFiles";
    static final String EXAMPLES = "replicateExamples";

    private HelpSectionRenderer() {
    }

    /** Installs the sections on the command and, recursively, on its subcommands. */
    public static void install(CommandLine commandLine) {
        CommandSpec spec = commandLine.getCommandSpec();
        Sections sections = Sections.of(spec);
        UsageMessageSpec usage = spec.usageMessage();
        Map<String, CommandLine.IHelpSectionRenderer> map = new LinkedHashMap<>(usage.sectionMap());
        map.put(ENVIRONMENT, new Section(sections, ENVIRONMENT));
        map.put(FILES, new Section(sections, FILES));
        map.put(EXAMPLES, new Section(sections, EXAMPLES));
        List<String> keys = new ArrayList<>(usage.sectionKeys());
        int exitCodes = keys.indexOf(UsageMessageSpec.SECTION_KEY_EXIT_CODE_LIST_HEADING);
        keys.addAll(exitCodes, List.of(ENVIRONMENT, FILES));
        keys.add(keys.indexOf(UsageMessageSpec.SECTION_KEY_EXIT_CODE_LIST) + 1, EXAMPLES);
        usage.sectionMap(map).sectionKeys(keys);
        commandLine.getSubcommands().values().forEach(HelpSectionRenderer::install);
    }

    /**
     * One of the sections, as a class rather than a lambda: picocli's interfaces are compiled for Java 5,
     * and a lambda implementing one made the class-data archive (bin/replicate) leave out the interface
     * and, with it, picocli's own renderers, some twenty classes read from the jar on every start.
     */
    private record Section(Sections sections, String key) implements CommandLine.IHelpSectionRenderer {
        @Override
        public String render(CommandLine.Help help) {
            return switch (key) {
                case ENVIRONMENT -> table("Environment:", sections.environment(), help);
                case FILES -> table("Files:", sections.files(), help);
                default -> examples(sections.examples());
            };
        }
    }

    private static String table(String heading, Map<String, String> entries, CommandLine.Help help) {
        if (entries.isEmpty()) {
            return "";
        }
        return String.format("%n" + heading + "%n") + help.createTextTable(entries);
    }

    private static String examples(List<Sections.Example> examples) {
        if (examples.isEmpty()) {
            return "";
        }
        StringBuilder text = new StringBuilder(String.format("%nExamples:%n"));
        for (Sections.Example example : examples) {
            example.comment().ifPresent(c -> text.append("  # ").append(c).append(System.lineSeparator()));
            text.append("  ").append(example.command()).append(System.lineSeparator());
        }
        return text.toString();
    }
}
